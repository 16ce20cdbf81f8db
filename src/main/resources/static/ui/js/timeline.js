// Timelines in SVG: a job's stages and events over its run, and a stage's task attempts on
// each executor slot (the slot the executor reported for each attempt).

import { h, millis } from './dom.js';

const LABEL = 150;
const ROW = 22;

function axis(svg, x0, width, start, end, y) {
  const span = Math.max(1, end - start);
  for (let i = 0; i <= 4; i++) {
    const x = x0 + (width * i) / 4;
    svg.append(h('svg:line', { class: 'tick', x1: x, x2: x, y1: 0, y2: y }));
    svg.append(h('svg:text', { class: 'tick-label', x, y: y + 14, 'text-anchor': i === 0 ? 'start' : i === 4 ? 'end' : 'middle' },
      '+' + millis(Math.round((span * i) / 4))));
  }
}

/** A job's stages (bars from start to end) and its events (marks), over the job's time. */
export function jobTimeline(job, stages, events) {
  const start = Date.parse(job.submittedAt);
  const end = job.finishedAt ? Date.parse(job.finishedAt) : Date.now();
  const list = [...stages].sort((a, b) => a.id - b.id);
  const width = 900;
  const plot = width - LABEL - 10;
  const rows = list.length + 1;
  const height = rows * ROW + 24;
  const span = Math.max(1, end - start);
  const x = (t) => LABEL + Math.max(0, Math.min(plot, (plot * (t - start)) / span));
  const svg = h('svg:svg', { class: 'timeline', viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img',
    'aria-label': 'Timeline of the job: its stages and events' });
  axis(svg, LABEL, plot, start, end, rows * ROW);
  list.forEach((s, i) => {
    const y = i * ROW + 4;
    svg.append(h('svg:text', { class: 'row-label', x: 4, y: y + 13 }, `Stage ${s.id} ${s.kind || ''}`));
    if (s.submittedAt) {
      const a = Date.parse(s.submittedAt);
      const b = s.finishedAt ? Date.parse(s.finishedAt) : end;
      svg.append(h('svg:rect', { class: 'span status-' + String(s.status).toLowerCase(), x: x(a), y, width: Math.max(2, x(b) - x(a)), height: ROW - 8, rx: 3 },
        h('svg:title', {}, `Stage ${s.id}: ${s.status}, ${millis(b - a)}`)));
    }
  });
  const y = list.length * ROW + 4;
  svg.append(h('svg:text', { class: 'row-label', x: 4, y: y + 13 }, 'Events'));
  for (const e of events) {
    const t = Date.parse(e.at);
    svg.append(h('svg:rect', { class: 'mark', x: x(t) - 2, y, width: 4, height: ROW - 8 },
      h('svg:title', {}, `${e.type}: ${e.message || ''}`)));
  }
  return svg;
}

/** A stage's attempts as bars on a row per executor slot. */
export function slotTimeline(tasks) {
  const started = tasks.filter((t) => t.startedAt);
  const now = Date.now();
  if (started.length === 0) return h('p', { class: 'muted' }, 'No task has started yet.');
  const start = Math.min(...started.map((t) => Date.parse(t.startedAt)));
  const end = Math.max(...started.map((t) => (t.finishedAt ? Date.parse(t.finishedAt) : now)));
  const lanes = new Map();
  for (const t of started) {
    const key = t.slot === null || t.slot === undefined ? `${t.executorId} · running` : `${t.executorId} · slot ${t.slot}`;
    if (!lanes.has(key)) lanes.set(key, []);
    lanes.get(key).push(t);
  }
  const names = [...lanes.keys()].sort();
  const width = 900;
  const plot = width - LABEL - 10;
  const height = names.length * ROW + 24;
  const span = Math.max(1, end - start);
  const x = (t) => LABEL + (plot * (t - start)) / span;
  const svg = h('svg:svg', { class: 'timeline slots', viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img',
    'aria-label': `Task attempts on ${names.length} executor slots over time` });
  axis(svg, LABEL, plot, start, end, names.length * ROW);
  names.forEach((name, i) => {
    const y = i * ROW + 4;
    svg.append(h('svg:text', { class: 'row-label', x: 4, y: y + 13 }, name));
    for (const t of lanes.get(name)) {
      const a = Date.parse(t.startedAt);
      const b = t.finishedAt ? Date.parse(t.finishedAt) : now;
      svg.append(h('svg:rect', { class: 'span task status-' + String(t.status).toLowerCase(), x: x(a), y, width: Math.max(2, x(b) - x(a)), height: ROW - 8, rx: 2, 'data-attempt': t.id },
        h('svg:title', {}, `partition ${t.partition} attempt ${t.attempt}: ${t.status}, ${millis(b - a)}`)));
    }
  });
  return svg;
}
