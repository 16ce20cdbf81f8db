import { h } from '../dom.js';

/** A message for a failed load: the problem detail's words, never a stack. */
export function errorBox(err) {
  const p = err?.problem || {};
  return h('div', { class: 'error', role: 'alert' },
    h('strong', {}, p.title || 'Error'), ' ', err?.message || String(err),
    p.pointer ? h('span', { class: 'pointer' }, ' at ', h('code', {}, p.pointer)) : null);
}

/** A titled section. */
export function section(title, ...children) {
  return h('section', { 'aria-label': title }, h('h2', {}, title), ...children);
}

/** Calls fn every ms milliseconds while the page is shown; returns the stop function. */
export function every(ms, fn) {
  const t = setInterval(fn, ms);
  return () => clearInterval(t);
}
