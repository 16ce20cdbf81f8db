// Submit: paste a job or pick one (the examples are preloaded), dry run to see its plan,
// submit it and follow it on its page.

import { api } from '../api.js';
import { bytes, clear, h, replace } from '../dom.js';
import { errorBox, section } from './common.js';

const EXAMPLES = [
  ['count-adults', 'Count the adults (the seed job)'],
  ['adults-per-city', 'Adults per city: group, aggregate, sort'],
  ['raises', 'Raises: filter, compute, collect rows'],
];

export function mount(root) {
  const text = h('textarea', { id: 'job-document', rows: 18, spellcheck: 'false', 'aria-describedby': 'job-help' });
  const output = h('div', { id: 'submit-output', 'aria-live': 'polite' });
  const picker = h('select', { id: 'example', onchange: () => loadExample(picker.value) },
    EXAMPLES.map(([name, label]) => h('option', { value: name }, label)));
  const file = h('input', { type: 'file', id: 'job-file', accept: '.json,application/json', onchange: openFile });
  const datasets = h('div', { id: 'datasets' });
  root.append(h('div', { class: 'page-head' }, h('h1', {}, 'Submit a job')),
    h('div', { class: 'filters' },
      h('label', { for: 'example' }, 'Example '), picker,
      h('label', { for: 'job-file', class: 'file' }, ' or open a file '), file),
    h('label', { for: 'job-document', class: 'block' }, 'Job document (JSON)'),
    text,
    h('p', { id: 'job-help', class: 'muted' }, 'A source, a pipeline of steps and an action; see docs/design.md §4. Dry run plans and checks it without running.'),
    h('div', { class: 'actions' },
      h('button', { type: 'button', id: 'dry-run', onclick: dryRun }, 'Dry run'),
      h('button', { type: 'button', id: 'submit', class: 'primary', onclick: submit }, 'Submit')),
    output,
    section('Datasets under the data root', datasets));

  async function loadExample(name) {
    const res = await fetch(`/ui/examples/${name}.json`, { cache: 'no-store' });
    text.value = await res.text();
    clear(output);
  }

  function openFile() {
    const f = file.files[0];
    if (!f) return;
    f.text().then((t) => { text.value = t; clear(output); });
  }

  function problem(err) {
    const p = err.problem || {};
    const box = errorBox(err);
    if (typeof p.position === 'number') box.append(h('span', { class: 'pointer' }, ` (position ${p.position})`));
    return box;
  }

  async function dryRun() {
    replace(output, h('p', { class: 'muted' }, 'Planning…'));
    try {
      const res = await api.post('/api/v1/jobs', text.value, { dryRun: 'true' });
      const plan = res.body;
      replace(output, h('h2', {}, 'Plan'),
        ...[['Logical', plan.logical], ['Optimized', plan.optimized], ['Physical', plan.physical]].map(([label, t]) =>
          h('details', { open: label === 'Physical' }, h('summary', {}, label), h('pre', { class: 'plan', 'data-plan': label.toLowerCase() }, t))));
    } catch (err) {
      replace(output, problem(err));
    }
  }

  async function submit(e) {
    e.target.disabled = true;
    replace(output, h('p', { class: 'muted' }, 'Submitting…'));
    try {
      const res = await api.post('/api/v1/jobs', text.value);
      location.hash = '#/jobs/' + encodeURIComponent(res.body.id);
    } catch (err) {
      replace(output, problem(err));
      e.target.disabled = false;
    }
  }

  async function loadDatasets() {
    try {
      const list = await api.list('/api/v1/datasets');
      replace(datasets, list.length === 0 ? h('p', { class: 'muted' }, 'No files yet: upload one with curl -X PUT …/api/v1/datasets/people.csv --data-binary @examples/people.csv')
        : h('ul', { class: 'plain' }, list.map((d) => h('li', {}, h('code', {}, d.name), ' ', h('span', { class: 'muted' }, bytes(d.sizeBytes))))));
    } catch (err) {
      replace(datasets, errorBox(err));
    }
  }

  loadExample(EXAMPLES[0][0]);
  loadDatasets();
}
