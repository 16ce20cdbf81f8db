// Executors: state, slots busy of total, tasks succeeded and failed, heartbeat age, cache and
// shuffle memory used against their limits. Read every two seconds, and at once when the
// cluster's stream says an executor registered or left.

import { api, stream } from '../api.js';
import { bytes, clear, h, millis, number, statusBadge, time, replace } from '../dom.js';
import { setLive } from '../live.js';
import { errorBox, every } from './common.js';

function meter(used, limit, label) {
  const pct = limit > 0 ? Math.min(100, (100 * used) / limit) : 0;
  const text = limit > 0 ? `${bytes(used)} of ${bytes(limit)}` : bytes(used);
  return h('div', { class: 'bar meter', role: 'meter', 'aria-label': label, 'aria-valuemin': 0, 'aria-valuemax': limit || used, 'aria-valuenow': used, 'aria-valuetext': text },
    h('span', { class: 'done', style: `width:${pct}%` }), h('span', { class: 'label' }, text));
}

export function mount(root) {
  const table = h('div', { class: 'table-wrap', id: 'executors' });
  root.append(h('div', { class: 'page-head' }, h('h1', {}, 'Executors')), table);

  async function load() {
    try {
      render(await api.list('/api/v1/executors'));
    } catch (err) {
      replace(table, errorBox(err));
    }
  }

  function render(list) {
    if (list.length === 0) {
      replace(table, h('p', { class: 'muted' }, 'No executor has registered.'));
      return;
    }
    const head = h('tr', {}, ['Executor', 'State', 'Slots busy', 'Tasks done', 'Tasks failed', 'Heartbeat', 'Cache memory', 'Shuffle memory', 'Registered']
      .map((c) => h('th', { scope: 'col' }, c)));
    replace(table, h('table', { class: 'executors' }, h('thead', {}, head), h('tbody', {}, list.map((e) => h('tr', { 'data-executor-id': e.id, 'data-state': e.state },
      h('td', {}, h('strong', {}, e.id), h('br'), h('span', { class: 'muted' }, e.name)),
      h('td', { class: 'state' }, statusBadge(e.state)),
      h('td', {}, h('div', { class: 'bar slots', role: 'meter', 'aria-label': 'slots busy', 'aria-valuemin': 0, 'aria-valuemax': e.slots, 'aria-valuenow': e.busySlots },
        h('span', { class: 'running', style: `width:${e.slots ? (100 * e.busySlots) / e.slots : 0}%` }), h('span', { class: 'label' }, `${e.busySlots}/${e.slots}`))),
      h('td', { class: 'num' }, number(e.tasksSucceeded)),
      h('td', { class: 'num' }, number(e.tasksFailed)),
      h('td', { class: 'num', title: time(e.lastHeartbeat) }, e.heartbeatAgeMs === null ? '–' : millis(e.heartbeatAgeMs) + ' ago'),
      h('td', {}, meter(e.cacheBytes, e.cacheMemory, 'cache memory')),
      h('td', {}, meter(e.shuffleBytes, e.shuffleMemory, 'shuffle memory')),
      h('td', {}, time(e.registeredAt)))))));
  }

  const live = stream('/api/v1/events', (type) => {
    if (type === 'executor') load();
  }, { onState: setLive });
  load();
  const polling = every(2000, load);
  return () => { live.close(); polling(); };
}
