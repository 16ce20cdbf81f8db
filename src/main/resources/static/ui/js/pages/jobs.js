// Jobs: every job with its status, owner (when the API has one), submitted, duration and a
// progress bar; filtered by status, paged; rows follow the cluster's live stream.

import { api, stream } from '../api.js';
import { clear, coalesce, elapsed, h, millis, progressBar, shortId, statusBadge, time, replace } from '../dom.js';
import { setLive } from '../live.js';
import { errorBox, every } from './common.js';

const STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLING', 'CANCELLED'];
const SIZE = 20;
const MAX_SIZE = 100;

export function mount(root, { query }) {
  const status = STATUSES.includes(query.status) ? query.status : '';
  const page = Math.max(0, Math.floor(Number(query.page)) || 0);
  // The page size is SIZE unless the address says otherwise (#/jobs?size=50).
  const size = Math.min(MAX_SIZE, Math.max(1, Math.floor(Number(query.size)) || SIZE));
  const rows = new Map();
  let data = null;

  const select = h('select', { id: 'status-filter', onchange: () => go(select.value, 0) },
    h('option', { value: '' }, 'All'), ...STATUSES.map((s) => h('option', { value: s, selected: s === status }, s)));
  const table = h('div', { class: 'table-wrap' });
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages of jobs' });
  root.append(
    h('div', { class: 'page-head' }, h('h1', {}, 'Jobs'),
      h('div', { class: 'filters' }, h('label', { for: 'status-filter' }, 'Status '), select),
      h('a', { class: 'button primary', href: '#/submit' }, 'Submit a job')),
    table, pager);

  function go(s, p) {
    location.hash = address(s, p);
  }

  function address(s, p) {
    const q = new URLSearchParams();
    if (s) q.set('status', s);
    if (p) q.set('page', p);
    if (size !== SIZE) q.set('size', size);
    return '#/jobs' + (q.toString() ? '?' + q : '');
  }

  async function load() {
    try {
      const query = { page, size };
      if (status) query.status = status;
      data = await api.get('/api/v1/jobs', query);
      render();
    } catch (e) {
      replace(table, errorBox(e));
    }
  }
  const reload = debounce(load, 300);

  function render() {
    rows.clear();
    const owners = data.items.some((j) => j.owner !== undefined);
    const head = h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Id'),
      h('th', { scope: 'col' }, 'Status'), owners ? h('th', { scope: 'col' }, 'Owner') : null,
      h('th', { scope: 'col' }, 'Submitted'), h('th', { scope: 'col', class: 'num' }, 'Duration'),
      h('th', { scope: 'col', class: 'progress-col' }, 'Progress'));
    const body = h('tbody');
    for (const job of data.items) {
      const tr = h('tr', { 'data-job-id': job.id });
      rows.set(job.id, { tr, job, owners });
      fill(tr, job, owners);
      body.append(tr);
    }
    replace(table, data.items.length === 0
      ? h('p', { class: 'muted' }, status ? `No ${status} jobs.` : 'No jobs yet. ', h('a', { href: '#/submit' }, 'Submit one.'))
      : h('table', { class: 'jobs' }, h('thead', {}, head), body));
    const pages = Math.max(1, data.totalPages);
    replace(pager, 
      page > 0 ? h('a', { href: link(page - 1), class: 'button', rel: 'prev' }, '‹ Newer') : h('span', { class: 'button disabled' }, '‹ Newer'),
      h('span', { class: 'muted' }, ` Page ${page + 1} of ${pages} · ${data.totalItems} jobs `),
      page + 1 < pages ? h('a', { href: link(page + 1), class: 'button', rel: 'next' }, 'Older ›') : h('span', { class: 'button disabled' }, 'Older ›'));
  }

  function link(p) {
    return address(status, p);
  }

  function fill(tr, job, owners) {
    replace(tr, 
      h('td', {}, h('a', { href: '#/jobs/' + encodeURIComponent(job.id) }, job.name || 'job')),
      h('td', {}, h('code', { title: job.id }, shortId(job.id))),
      h('td', { class: 'status-cell' }, statusBadge(job.status)),
      owners ? h('td', {}, job.owner ?? '–') : null,
      h('td', {}, time(job.submittedAt)),
      h('td', { class: 'num duration' }, millis(elapsed(job))),
      h('td', {}, progressBar(job.progress, 'tasks of ' + (job.name || 'job'))));
  }

  const repaint = coalesce(() => rows.forEach(({ tr, job, owners }) => fill(tr, job, owners)));
  const live = stream('/api/v1/events', (type, data) => {
    if (type === 'job') {
      const row = rows.get(data.id);
      if (row) {
        Object.assign(row.job, { status: data.status, startedAt: data.startedAt, finishedAt: data.finishedAt,
          durationMs: data.durationMs, progress: data.progress });
        if (status && data.status !== status) reload();
        repaint();
      } else if (page === 0 && (!status || data.status === status)) {
        reload();
      }
    } else if (type === 'progress') {
      const row = rows.get(data.jobId);
      if (row) {
        row.job.progress = data.progress;
        repaint();
      }
    }
  }, { onState: setLive });

  load();
  const ticking = every(1000, () => rows.forEach(({ tr, job }) => {
    if (!job.finishedAt) tr.querySelector('.duration').textContent = millis(elapsed(job));
  }));
  return () => { live.close(); ticking(); };
}

function debounce(fn, ms) {
  let t = null;
  return () => { clearTimeout(t); t = setTimeout(fn, ms); };
}
