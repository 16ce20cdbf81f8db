// The UI's router: #/jobs, #/jobs/{id}, #/jobs/{id}/stages/{n}, #/executors, #/cache, #/submit.
// Each page mounts into <main> and returns a function that stops its timers and streams.

import { clear, h } from './dom.js';
import { setLive } from './live.js';
import * as jobs from './pages/jobs.js';
import * as job from './pages/job.js';
import * as stage from './pages/stage.js';
import * as executors from './pages/executors.js';
import * as cache from './pages/cache.js';
import * as submit from './pages/submit.js';

const routes = [
  [/^\/?$/, () => [jobs, {}], 'jobs'],
  [/^\/jobs$/, () => [jobs, {}], 'jobs'],
  [/^\/jobs\/([^/]+)$/, (m) => [job, { id: decodeURIComponent(m[1]) }], 'jobs'],
  [/^\/jobs\/([^/]+)\/stages\/(\d+)$/, (m) => [stage, { id: decodeURIComponent(m[1]), stage: Number(m[2]) }], 'jobs'],
  [/^\/executors$/, () => [executors, {}], 'executors'],
  [/^\/cache$/, () => [cache, {}], 'cache'],
  [/^\/submit$/, () => [submit, {}], 'submit'],
];

let unmount = () => {};

function route() {
  const hash = location.hash.replace(/^#/, '') || '/jobs';
  const [path, query] = hash.split('?');
  const params = Object.fromEntries(new URLSearchParams(query || ''));
  unmount();
  const main = clear(document.getElementById('main'));
  setLive('');
  for (const [pattern, resolve, nav] of routes) {
    const m = path.match(pattern);
    if (m) {
      const [page, args] = resolve(m);
      document.querySelectorAll('[data-nav]').forEach((a) => {
        if (a.dataset.nav === nav) a.setAttribute('aria-current', 'page');
        else a.removeAttribute('aria-current');
      });
      unmount = page.mount(main, { ...args, query: params }) || (() => {});
      return;
    }
  }
  main.append(h('h1', {}, 'Not found'), h('p', {}, 'No page at ', h('code', {}, hash), '. ', h('a', { href: '#/jobs' }, 'See the jobs.')));
  unmount = () => {};
}

window.addEventListener('hashchange', route);
window.addEventListener('DOMContentLoaded', route);
if (document.readyState !== 'loading') route();
