// A job's stages as a DAG in SVG: a box per stage (kind, status, a progress bar, tasks done),
// columns by depth from the sources, an edge from each parent with the shuffle bytes it wrote.
// Each box links to its stage page and is reachable with the keyboard.

import { bytes, h } from './dom.js';

const W = 250;
const H = 86;
const GAP_X = 90;
const GAP_Y = 24;
const PAD = 16;

export function renderDag(jobId, stages) {
  const list = [...stages].sort((a, b) => a.id - b.id);
  const byId = new Map(list.map((s) => [s.id, s]));
  const depth = new Map();
  const depthOf = (s, seen = new Set()) => {
    if (depth.has(s.id)) return depth.get(s.id);
    if (seen.has(s.id)) return 0;
    seen.add(s.id);
    const parents = (s.parents || []).map((p) => byId.get(p)).filter(Boolean);
    const d = parents.length === 0 ? 0 : 1 + Math.max(...parents.map((p) => depthOf(p, seen)));
    depth.set(s.id, d);
    return d;
  };
  list.forEach((s) => depthOf(s));
  const columns = new Map();
  for (const s of list) {
    const d = depth.get(s.id);
    if (!columns.has(d)) columns.set(d, []);
    columns.get(d).push(s);
  }
  const pos = new Map();
  let rowsMax = 1;
  for (const [d, col] of columns) {
    rowsMax = Math.max(rowsMax, col.length);
    col.forEach((s, i) => pos.set(s.id, { x: PAD + d * (W + GAP_X), y: PAD + i * (H + GAP_Y) }));
  }
  const width = PAD * 2 + columns.size * W + Math.max(0, columns.size - 1) * GAP_X;
  const height = PAD * 2 + rowsMax * H + (rowsMax - 1) * GAP_Y;
  const svg = h('svg:svg', {
    class: 'dag', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img',
    'aria-label': `Stages of the job: ${list.length} stages`,
  });
  svg.append(h('svg:defs', {}, h('svg:marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
    h('svg:path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrowhead' }))));

  for (const s of list) {
    for (const p of s.parents || []) {
      const from = pos.get(p);
      const to = pos.get(s.id);
      const parent = byId.get(p);
      if (!from || !to) continue;
      const x1 = from.x + W;
      const y1 = from.y + H / 2;
      const x2 = to.x - 2;
      const y2 = to.y + H / 2;
      const mx = (x1 + x2) / 2;
      svg.append(h('svg:path', {
        class: 'edge', d: `M ${x1} ${y1} C ${mx} ${y1}, ${mx} ${y2}, ${x2} ${y2}`, 'marker-end': 'url(#arrow)',
        'data-from': p, 'data-to': s.id,
      }));
      svg.append(h('svg:text', { class: 'edge-label', x: mx, y: (y1 + y2) / 2 - 6, 'text-anchor': 'middle' },
        bytes(parent?.shuffleBytesWritten ?? 0)));
    }
  }

  for (const s of list) {
    const { x, y } = pos.get(s.id);
    const p = s.progress || {};
    const total = p.totalTasks || s.numTasks || 0;
    const done = p.completedPartitions || 0;
    const running = p.runningTasks || 0;
    const barW = W - 24;
    const doneW = total ? (barW * done) / total : 0;
    const runW = total ? Math.min(barW - doneW, (barW * running) / total) : 0;
    const status = String(s.status || 'WAITING');
    const label = `Stage ${s.id}, ${s.kind}, ${status}, ${done} of ${total} tasks done`;
    svg.append(h('svg:a', { href: `#/jobs/${encodeURIComponent(jobId)}/stages/${s.id}`, class: 'stage', 'data-stage': s.id, 'data-focus': 'stage-' + s.id, 'aria-label': label },
      h('svg:title', {}, label),
      h('svg:rect', { class: 'box status-' + status.toLowerCase(), x, y, width: W, height: H, rx: 8 }),
      h('svg:text', { class: 'title', x: x + 12, y: y + 22 }, `Stage ${s.id} · ${s.kind || ''}`),
      h('svg:text', { class: 'state', x: x + W - 12, y: y + 22, 'text-anchor': 'end' }, status),
      h('svg:rect', { class: 'track', x: x + 12, y: y + 36, width: barW, height: 12, rx: 3 }),
      h('svg:rect', { class: 'fill-done', x: x + 12, y: y + 36, width: doneW, height: 12, rx: 3 }),
      h('svg:rect', { class: 'fill-running', x: x + 12 + doneW, y: y + 36, width: runW, height: 12 }),
      h('svg:text', { class: 'counts', x: x + 12, y: y + 68 },
        `${done}/${total} tasks` + (running ? ` · ${running} running` : '') + (p.failedTasks ? ` · ${p.failedTasks} failed` : ''))));
  }
  return svg;
}
