// A job: its stages as a DAG with a bar each, the plans, the result or the error with each
// failed attempt, the events on a timeline. Follows the job's event stream while it runs.

import { api, stream } from '../api.js';
import { renderDag } from '../dag.js';
import { clear, coalesce, elapsed, FINAL, h, keepingFocus, laterStatus, millis, number, progressBar, replace, statusBadge, time } from '../dom.js';
import { setLive } from '../live.js';
import { jobTimeline } from '../timeline.js';
import { errorBox, every, section } from './common.js';

export function mount(root, { id }) {
  let job = null;
  let stages = new Map();
  let events = [];
  let outcomeLoaded = false;

  const header = h('div', { class: 'page-head' });
  const meta = h('dl', { class: 'meta' });
  const overall = h('div', { class: 'overall' });
  const dag = h('div', { class: 'dag-wrap', id: 'dag' });
  const outcome = h('div', { id: 'outcome' });
  const timeline = h('div', { id: 'timeline' });
  const eventList = h('div', { id: 'events' });
  const plan = h('div', { id: 'plan' });
  root.append(h('p', { class: 'crumbs' }, h('a', { href: '#/jobs' }, 'Jobs'), ' / ', h('code', {}, id)),
    header, meta, overall,
    section('Stages', dag), h('div', { id: 'outcome-section' }, outcome),
    section('Timeline', timeline, eventList), section('Plan', plan));

  let headerKey = null;
  const render = coalesce(() => keepingFocus(() => {
    if (!job) return;
    // The header (with the cancel button) is drawn again only when what it shows changes.
    const key = [job.status, job.name, job.startedAt, job.finishedAt].join('|');
    if (key !== headerKey) {
      headerKey = key;
      renderHeader();
    }
    replace(overall, progressBar(job.progress, 'tasks of the job'));
    replace(dag, stages.size ? renderDag(id, [...stages.values()]) : h('p', { class: 'muted' }, 'No stages.'));
    replace(timeline, jobTimeline(job, [...stages.values()], events));
    replace(eventList, events.length === 0 ? h('p', { class: 'muted' }, 'No events: no retries, lost executors or resubmitted stages.')
      : h('table', { class: 'events' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Time'), h('th', { scope: 'col' }, 'Event'), h('th', { scope: 'col' }, 'Executor'), h('th', { scope: 'col' }, 'What'))),
        h('tbody', {}, events.map((e) => h('tr', {}, h('td', {}, time(e.at)), h('td', {}, h('code', {}, e.type)), h('td', {}, e.executorId || '–'), h('td', {}, e.message || ''))))));
    if (FINAL.has(job.status) && !outcomeLoaded) {
      outcomeLoaded = true;
      loadOutcome();
    }
  }));

  function renderHeader() {
    const cancellable = job.status === 'QUEUED' || job.status === 'RUNNING';
    replace(header, h('h1', {}, job.name || 'job', ' ', statusBadge(job.status)),
      cancellable ? h('button', { type: 'button', class: 'danger', id: 'cancel', 'data-focus': 'cancel', onclick: cancel }, 'Cancel job') : null);
    replace(meta, 
      h('dt', {}, 'Id'), h('dd', {}, h('code', {}, job.id)),
      job.owner !== undefined ? [h('dt', {}, 'Owner'), h('dd', {}, job.owner ?? '–')] : null,
      h('dt', {}, 'Submitted'), h('dd', {}, time(job.submittedAt)),
      h('dt', {}, 'Started'), h('dd', {}, time(job.startedAt)),
      h('dt', {}, 'Finished'), h('dd', {}, time(job.finishedAt)),
      h('dt', {}, 'Duration'), h('dd', { class: 'duration' }, millis(elapsed(job))));
  }

  async function cancel(e) {
    e.target.disabled = true;
    e.target.textContent = 'Cancelling…';
    try {
      const res = await api.post(`/api/v1/jobs/${encodeURIComponent(id)}/cancel`);
      // The answer says CANCELLING as read when the cancel was stored; the stream may have
      // brought CANCELLED (and ended) before it arrived, so it never takes the status back.
      job.status = laterStatus(job.status, res.body.status);
      render();
    } catch (err) {
      header.append(errorBox(err));
    }
  }

  async function loadOutcome() {
    clear(outcome);
    try {
      if (job.status === 'SUCCEEDED') {
        const result = await api.get(`/api/v1/jobs/${encodeURIComponent(id)}/result`, { limit: 50 });
        outcome.append(section('Result', resultView(result)));
      } else if (job.status === 'FAILED') {
        const failed = await api.list(`/api/v1/jobs/${encodeURIComponent(id)}/tasks`, new URLSearchParams([['status', 'FAILED'], ['status', 'LOST']]));
        outcome.append(section('Error',
          h('div', { class: 'error', role: 'alert', id: 'job-error' }, job.error?.message || 'The job failed.',
            job.error?.pointer ? h('span', { class: 'pointer' }, ' at ', h('code', {}, job.error.pointer)) : null),
          h('h3', {}, 'Failed attempts'),
          failed.length === 0 ? h('p', { class: 'muted' }, 'No attempt failed: the job was refused before its tasks ran.')
            : h('table', { class: 'failures' },
              h('thead', {}, h('tr', {}, ['Stage', 'Partition', 'Attempt', 'Status', 'Executor', 'Ended', 'Error'].map((c) => h('th', { scope: 'col' }, c)))),
              h('tbody', {}, failed.map((t) => h('tr', {},
                h('td', {}, h('a', { href: `#/jobs/${encodeURIComponent(id)}/stages/${t.stage}` }, t.stage)), h('td', {}, t.partition), h('td', {}, t.attempt),
                h('td', {}, statusBadge(t.status)), h('td', {}, t.executorId || '–'), h('td', {}, time(t.finishedAt)), h('td', { class: 'wrap' }, t.error || '')))))));
      } else if (job.status === 'CANCELLED') {
        outcome.append(section('Result', h('p', { class: 'muted' }, 'The job was cancelled; it has no result.')));
      }
    } catch (err) {
      outcome.append(errorBox(err));
    }
  }

  async function loadPlan() {
    try {
      const p = await api.get(`/api/v1/jobs/${encodeURIComponent(id)}/plan`);
      const tabs = [['logical', 'Logical'], ['optimized', 'Optimized'], ['physical', 'Physical']];
      const pre = h('pre', { class: 'plan', id: 'plan-text', role: 'tabpanel', tabindex: 0 });
      const list = h('div', { role: 'tablist', 'aria-label': 'Plans' });
      const show = (key) => {
        pre.textContent = p[key] || '';
        list.querySelectorAll('button').forEach((b) => b.setAttribute('aria-selected', String(b.dataset.plan === key)));
      };
      for (const [key, label] of tabs) {
        list.append(h('button', { type: 'button', role: 'tab', 'data-plan': key, onclick: () => show(key) }, label));
      }
      const adaptive = p.adaptive?.length
        ? h('div', { class: 'muted', id: 'plan-adaptive' }, h('p', {}, 'Adaptive execution:'), h('ul', {}, ...p.adaptive.map((c) => h('li', {}, c))))
        : null;
      replace(plan, list, pre, p.optimizations?.length ? h('p', { class: 'muted' }, 'Optimizations: ' + p.optimizations.join(', ')) : null, adaptive);
      show('physical');
    } catch (err) {
      replace(plan, errorBox(err));
    }
  }

  const live = stream(`/api/v1/jobs/${encodeURIComponent(id)}/events`, (type, data) => {
    switch (type) {
      case 'snapshot':
        stages = new Map();
        events = [];
        break;
      case 'event':
        events.push(data);
        break;
      case 'stage':
        stages.set(data.id, data);
        break;
      case 'progress':
        if (job) Object.assign(job, { progress: data.progress, status: data.status });
        break;
      case 'job':
        job = job ? Object.assign(job, stripped(data)) : stripped(data);
        if (data.stages) data.stages.forEach((s) => stages.set(s.id, s));
        break;
      default:
        return;
    }
    render();
  }, {
    ends: (type, data) => type === 'job' && FINAL.has(data.status),
    onState: (state, status) => {
      setLive(state === 'closed' ? '' : state);
      if (state === 'error') {
        replace(header, errorBox({ message: status === 404 ? `No job with id ${id}.` : `The job could not be read (HTTP ${status}).`, problem: { title: status === 404 ? 'Not found' : 'Error' } }));
      }
    },
  });
  loadPlan();
  const ticking = every(1000, () => {
    if (job && !job.finishedAt) {
      const d = meta.querySelector('.duration');
      if (d) d.textContent = millis(elapsed(job));
    }
  });
  return () => { live.close(); ticking(); };
}

function stripped(job) {
  const { stages, result, ...rest } = job;
  return rest;
}

/** A result: the count, the rows as a table, or what a write produced. */
export function resultView(result) {
  if (result && 'rows' in result) {
    const total = result.totalRows ?? result.rows.length;
    return h('div', { id: 'result' },
      h('div', { class: 'table-wrap' }, h('table', { class: 'rows' },
        h('thead', {}, h('tr', {}, result.schema.map((c, i) => h('th', { scope: 'col', title: c.type, class: typeof result.rows[0]?.[i] === 'number' ? 'num' : '' }, c.name)))),
        h('tbody', {}, result.rows.map((r) => h('tr', {}, r.map((v) => h('td', { class: typeof v === 'number' ? 'num' : '' }, v === null ? 'null' : String(v)))))))),
      h('p', { class: 'muted' }, total > result.rows.length ? `The first ${result.rows.length} of ${number(total)} rows.` : `${number(total)} rows.`));
  }
  if (result && 'count' in result) {
    return h('p', { id: 'result', class: 'count' }, 'Count: ', h('strong', {}, number(result.count)));
  }
  if (result && 'path' in result) {
    return h('p', { id: 'result' }, `Wrote ${number(result.rows)} rows in ${result.files} files to `, h('code', {}, result.path));
  }
  return h('pre', { id: 'result' }, JSON.stringify(result, null, 2));
}
