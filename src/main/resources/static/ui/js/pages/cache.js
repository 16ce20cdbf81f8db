// Cache: the datasets a cache step keeps in executor memory, their partitions and where each
// one lives.

import { api } from '../api.js';
import { bytes, clear, h, number, time, replace } from '../dom.js';
import { errorBox, every } from './common.js';

export function mount(root) {
  const list = h('div', { id: 'cache' });
  root.append(h('div', { class: 'page-head' }, h('h1', {}, 'Cache')),
    h('p', { class: 'muted' }, 'Datasets kept in executor memory by a job\'s cache step. A later job with the same source and steps reads them from memory.'),
    list);

  async function load() {
    try {
      render(await api.list('/api/v1/cache'));
    } catch (err) {
      replace(list, errorBox(err));
    }
  }

  function render(datasets) {
    if (datasets.length === 0) {
      replace(list, h('p', { class: 'muted' }, 'Nothing is cached. Add {"op":"cache"} to a job\'s pipeline.'));
      return;
    }
    replace(list, h('table', { class: 'cache' },
      h('thead', {}, h('tr', {}, ['Dataset', 'Partitions cached', 'Size', 'Rows', 'Cached at', 'Where'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, datasets.map((d) => {
        const byExecutor = new Map();
        for (const [partition, executor] of Object.entries(d.locations)) {
          if (!byExecutor.has(executor)) byExecutor.set(executor, []);
          byExecutor.get(executor).push(Number(partition));
        }
        return h('tr', { 'data-key': d.key },
          h('td', {}, h('strong', {}, d.description), h('br'), h('code', { class: 'muted small' }, d.key)),
          h('td', { class: 'num' }, `${d.cachedPartitions}/${d.partitions}`),
          h('td', { class: 'num' }, bytes(d.bytes)),
          h('td', { class: 'num' }, number(d.rows)),
          h('td', {}, time(d.cachedAt)),
          h('td', {}, h('ul', { class: 'plain' }, [...byExecutor].map(([executor, parts]) => h('li', {}, h('code', {}, executor), ': partitions ', parts.sort((a, b) => a - b).join(', '))))));
      }))));
  }

  load();
  return every(5000, load);
}
