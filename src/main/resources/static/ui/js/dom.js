// Small DOM and formatting helpers. Text always goes in as text nodes: job names, errors and
// rows come from users and are never parsed as HTML.

export function h(tag, attrs = {}, ...children) {
  const svg = tag.startsWith('svg:');
  const el = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.setAttribute('class', v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** Replaces an element's children (nulls and falses skipped, arrays flattened). */
export function replace(el, ...children) {
  clear(el);
  append(el, children);
  return el;
}

export function bytes(n) {
  if (n === null || n === undefined) return '–';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = Number(n);
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return (i === 0 ? v.toFixed(0) : v.toFixed(v >= 100 ? 0 : 1)) + ' ' + units[i];
}

export function millis(ms) {
  if (ms === null || ms === undefined) return '–';
  if (ms < 1000) return ms + ' ms';
  if (ms < 60000) return (ms / 1000).toFixed(ms < 10000 ? 2 : 1) + ' s';
  const m = Math.floor(ms / 60000);
  const s = Math.floor((ms % 60000) / 1000);
  if (m < 60) return m + ' min ' + String(s).padStart(2, '0') + ' s';
  return Math.floor(m / 60) + ' h ' + String(m % 60).padStart(2, '0') + ' min';
}

export function time(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

/** A time of day with milliseconds, for task starts within a run. */
export function clock(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return d.toLocaleTimeString(undefined, { hour12: false }) + '.' + String(d.getMilliseconds()).padStart(3, '0');
}

export function number(n) {
  return n === null || n === undefined ? '–' : Number(n).toLocaleString();
}

export function shortId(id) {
  return id && id.length > 8 ? id.slice(0, 8) : id;
}

/** Milliseconds from submit to end, or to now while it runs. */
export function elapsed(job) {
  if (job.durationMs !== null && job.durationMs !== undefined) return job.durationMs;
  if (!job.submittedAt) return null;
  const end = job.finishedAt ? Date.parse(job.finishedAt) : Date.now();
  return Math.max(0, end - Date.parse(job.submittedAt));
}

export const FINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

const STATUS_ORDER = { QUEUED: 0, RUNNING: 1, CANCELLING: 2, SUCCEEDED: 3, FAILED: 3, CANCELLED: 3 };

/**
 * The status to show when a job shown as {@code shown} is answered as {@code answered} by a
 * request (a cancel): a job only moves forward, so an answer read before the job's end, and
 * arriving after the live stream brought that end, never takes the page back.
 */
export function laterStatus(shown, answered) {
  if (shown === undefined || shown === null) return answered;
  return (STATUS_ORDER[answered] ?? -1) > (STATUS_ORDER[shown] ?? -1) ? answered : shown;
}

export function statusBadge(status) {
  return h('span', { class: 'status status-' + String(status).toLowerCase(), 'data-status': status }, status);
}

/** A progress bar: done, running, failed segments of the total, with the numbers as text. */
export function progressBar(p, label) {
  const total = Math.max(0, p?.totalTasks ?? 0);
  const done = p?.completedPartitions ?? 0;
  const running = p?.runningTasks ?? 0;
  const pct = (n) => total === 0 ? 0 : Math.min(100, (100 * n) / total);
  const text = `${done}/${total}` + (running ? ` (${running} running)` : '') + (p?.failedTasks ? `, ${p.failedTasks} failed` : '');
  return h('div', {
    class: 'bar', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': total, 'aria-valuenow': done,
    'aria-label': label || 'tasks done', 'aria-valuetext': text, 'data-done': done, 'data-total': total,
  },
  h('span', { class: 'done', style: `width:${pct(done)}%` }),
  h('span', { class: 'running', style: `width:${pct(running)}%` }),
  h('span', { class: 'label' }, text));
}

/**
 * Redraws with fn and gives the keyboard focus back to the element that had it, found again
 * by its data-focus key: a page that follows a job redraws often, and must not take the focus
 * away from someone tabbing through it.
 */
export function keepingFocus(fn) {
  const key = document.activeElement?.dataset?.focus;
  fn();
  if (key) document.querySelector(`[data-focus="${CSS.escape(key)}"]`)?.focus();
}

/** Runs fn at most once per animation frame, however often it is asked. */
export function coalesce(fn) {
  let pending = false;
  return () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; fn(); });
  };
}
