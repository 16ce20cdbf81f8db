// A stage: its task attempts in a table sortable by duration, rows, bytes and executor;
// Spark's summary row (min, 25th, median, 75th, max) of duration, rows, shuffle and spilled bytes;
// a timeline of the attempts on each executor slot. Follows the job's stream while it runs.

import { api, stream } from '../api.js';
import { bytes, clock, coalesce, FINAL, h, keepingFocus, millis, number, progressBar, replace, statusBadge } from '../dom.js';
import { setLive } from '../live.js';
import { slotTimeline } from '../timeline.js';
import { errorBox, section } from './common.js';

const RANK = { QUEUED: 0, RUNNING: 1 };

const COLUMNS = [
  { key: 'partition', label: 'Partition', num: true, value: (t) => t.partition },
  { key: 'attempt', label: 'Attempt', num: true, value: (t) => t.attempt },
  { key: 'status', label: 'Status', value: (t) => t.status, show: (t) => statusBadge(t.status) },
  { key: 'executor', label: 'Executor', value: (t) => t.executorId || '', show: (t) => t.executorId || '–' },
  { key: 'slot', label: 'Slot', num: true, value: (t) => t.slot ?? -1, show: (t) => t.slot ?? '–' },
  { key: 'started', label: 'Started', value: (t) => t.startedAt || '', show: (t) => clock(t.startedAt) },
  { key: 'duration', label: 'Duration', num: true, value: (t) => duration(t), show: (t) => millis(duration(t)) },
  { key: 'rowsIn', label: 'Rows in', num: true, value: (t) => t.rowsIn, show: (t) => number(t.rowsIn) },
  { key: 'rowsOut', label: 'Rows out', num: true, value: (t) => t.rowsOut, show: (t) => number(t.rowsOut) },
  { key: 'bytesIn', label: 'Bytes in', num: true, value: (t) => t.bytesIn, show: (t) => bytes(t.bytesIn) },
  { key: 'shuffleRead', label: 'Shuffle read', num: true, value: (t) => t.shuffleBytesRead, show: (t) => bytes(t.shuffleBytesRead) },
  { key: 'shuffleWrite', label: 'Shuffle write', num: true, value: (t) => t.shuffleBytesWritten, show: (t) => bytes(t.shuffleBytesWritten) },
  { key: 'spilled', label: 'Spilled', num: true, value: (t) => t.spillBytes ?? 0, show: (t) => spilled(t.spills, t.spillBytes) },
  { key: 'error', label: 'Error', value: (t) => t.error || '', show: (t) => t.error || '' },
];

/** Bytes spilled to local disk and how many spills wrote them, as Spark's "Spill (Disk)". */
function spilled(spills, spillBytes) {
  return spills ? `${bytes(spillBytes)} (${number(spills)} ${spills === 1 ? 'spill' : 'spills'})` : bytes(0);
}

function duration(t) {
  if (t.durationMs !== null && t.durationMs !== undefined) return t.durationMs;
  return t.startedAt && !t.finishedAt ? Date.now() - Date.parse(t.startedAt) : null;
}

/** Spark's task quantiles: the value at min(n - 1, floor(q * n)) of the sorted values. */
export function quantiles(values) {
  const v = values.filter((x) => x !== null && x !== undefined).sort((a, b) => a - b);
  if (v.length === 0) return null;
  return [0, 0.25, 0.5, 0.75, 1].map((q) => v[Math.min(v.length - 1, Math.floor(q * v.length))]);
}

export function mount(root, { id, stage: stageNo, query }) {
  const tasks = new Map();
  let stage = null;
  let jobName = '';
  let sort = { key: query.sort || 'partition', desc: query.order === 'desc' };

  const header = h('div', { class: 'page-head' });
  const info = h('div', { class: 'overall' });
  const summary = h('div', { id: 'summary' });
  const timeline = h('div', { id: 'slot-timeline' });
  const table = h('div', { class: 'table-wrap', id: 'tasks' });
  root.append(h('p', { class: 'crumbs' }, h('a', { href: '#/jobs' }, 'Jobs'), ' / ',
    h('a', { href: '#/jobs/' + encodeURIComponent(id) }, h('code', {}, id)), ' / ', `stage ${stageNo}`),
  header, info, section('Summary of finished attempts', summary), section('Attempts on each executor slot', timeline),
  section('Task attempts', table));

  const render = coalesce(() => keepingFocus(() => {
    const list = [...tasks.values()];
    replace(header, h('h1', {}, `Stage ${stageNo}`, stage ? [' · ', stage.kind, ' ', statusBadge(stage.status)] : null,
      jobName ? h('span', { class: 'muted sub' }, ` of ${jobName}`) : null));
    replace(info, stage ? [progressBar(stage.progress, `tasks of stage ${stageNo}`),
      h('p', { class: 'muted' }, `Stage attempt ${stage.attempt} · shuffle written ${bytes(stage.shuffleBytesWritten)} · shuffle read ${bytes(stage.shuffleBytesRead)} · spilled ${spilled(stage.spills, stage.spillBytes)}`)] : null);
    renderSummary(list.filter((t) => t.status === 'SUCCEEDED'));
    replace(timeline, slotTimeline(list));
    renderTable(list);
  }));

  function renderSummary(done) {
    const rows = [
      ['Duration', done.map((t) => t.durationMs), millis],
      ['Rows in', done.map((t) => t.rowsIn), number],
      ['Rows out', done.map((t) => t.rowsOut), number],
      ['Shuffle read', done.map((t) => t.shuffleBytesRead), bytes],
      ['Shuffle write', done.map((t) => t.shuffleBytesWritten), bytes],
      ['Spilled', done.map((t) => t.spillBytes ?? 0), bytes],
    ];
    replace(summary, done.length === 0 ? h('p', { class: 'muted' }, 'No attempt has succeeded yet.')
      : h('table', { class: 'summary' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Metric'), ['Min', '25th percentile', 'Median', '75th percentile', 'Max'].map((c) => h('th', { scope: 'col', class: 'num' }, c)))),
        h('tbody', {}, rows.map(([name, values, fmt]) => {
          const q = quantiles(values);
          return h('tr', { 'data-metric': name }, h('th', { scope: 'row' }, name), (q || [null, null, null, null, null]).map((v) => h('td', { class: 'num' }, v === null ? '–' : fmt(v))));
        })),
        h('caption', {}, `Over the ${done.length} succeeded attempts.`)));
  }

  function renderTable(list) {
    const col = COLUMNS.find((c) => c.key === sort.key) || COLUMNS[0];
    list.sort((a, b) => {
      const x = col.value(a);
      const y = col.value(b);
      const c = col.num ? (x ?? -1) - (y ?? -1) : String(x).localeCompare(String(y));
      return (sort.desc ? -c : c) || a.partition - b.partition || a.attempt - b.attempt;
    });
    const head = h('tr', {}, COLUMNS.map((c) => h('th', {
      scope: 'col', class: c.num ? 'num' : '', 'aria-sort': c.key === sort.key ? (sort.desc ? 'descending' : 'ascending') : 'none',
    }, h('button', { type: 'button', class: 'sort', 'data-sort': c.key, 'data-focus': 'sort-' + c.key, onclick: () => setSort(c.key) }, c.label,
      h('span', { class: 'arrow', 'aria-hidden': 'true' }, c.key === sort.key ? (sort.desc ? ' ▼' : ' ▲') : '')))));
    replace(table, list.length === 0 ? h('p', { class: 'muted' }, 'No task attempts yet.')
      : h('table', { class: 'tasks' }, h('thead', {}, head),
        h('tbody', {}, list.map((t) => h('tr', { 'data-attempt': t.id, 'data-duration': duration(t) ?? '' },
          COLUMNS.map((c) => h('td', { class: (c.num ? 'num ' : '') + (c.key === 'error' ? 'wrap' : ''), 'data-col': c.key }, c.show ? c.show(t) : c.value(t))))))));
  }

  function setSort(key) {
    sort = sort.key === key ? { key, desc: !sort.desc } : { key, desc: COLUMNS.find((c) => c.key === key).num };
    render();
  }

  function upsert(t) {
    if (t.stage !== stageNo) return;
    const old = tasks.get(t.id);
    if (old && rank(old.status) > rank(t.status)) return;
    tasks.set(t.id, t);
  }

  async function loadTasks() {
    try {
      const list = await api.list(`/api/v1/jobs/${encodeURIComponent(id)}/stages/${stageNo}/tasks`);
      list.forEach(upsert);
      render();
    } catch (err) {
      replace(table, errorBox(err));
    }
  }

  let loaded = false;
  const live = stream(`/api/v1/jobs/${encodeURIComponent(id)}/events`, (type, data) => {
    if (type === 'stage' && data.id === stageNo) stage = data;
    else if (type === 'task') upsert(data);
    else if (type === 'job') {
      jobName = data.name;
      if (data.stages) stage = data.stages.find((s) => s.id === stageNo) || stage;
      // The snapshot is complete: read the attempts stored so far, then keep up from the stream.
      if (!loaded) { loaded = true; loadTasks(); }
    } else return;
    render();
  }, { ends: (type, data) => type === 'job' && FINAL.has(data.status), onState: (s) => setLive(s === 'closed' ? '' : s) });
  return () => live.close();
}

function rank(status) {
  return RANK[status] ?? 2;
}
