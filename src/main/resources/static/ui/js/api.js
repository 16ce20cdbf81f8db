// The public API, with the API key when the driver asks for one. The key is asked once per
// browser session, kept in sessionStorage (never in a URL) and sent as X-API-Key.

const KEY = 'kindling.apiKey';
let asking = null;

export function apiKey() {
  return sessionStorage.getItem(KEY);
}

function headers(extra = {}) {
  const key = apiKey();
  return key ? { ...extra, 'X-API-Key': key } : { ...extra };
}

/** Shows the key dialog; resolves once a key is entered. One dialog for all callers. */
export function askForKey(reason) {
  if (asking) return asking;
  const dialog = document.getElementById('key-dialog');
  const form = document.getElementById('key-form');
  const input = document.getElementById('key-input');
  document.getElementById('key-reason').textContent = reason
    || 'This driver requires an API key. It is kept for this browser tab\'s session only.';
  input.value = '';
  asking = new Promise((resolve) => {
    const done = (e) => {
      e.preventDefault();
      const key = input.value.trim();
      if (!key) return;
      sessionStorage.setItem(KEY, key);
      form.removeEventListener('submit', done);
      dialog.close();
      asking = null;
      resolve(key);
    };
    form.addEventListener('submit', done);
    // Escape must not leave the page without a key.
    dialog.addEventListener('cancel', (e) => e.preventDefault(), { once: true });
    dialog.showModal();
    input.focus();
  });
  return asking;
}

/**
 * Asks for the key after a 401: saying the key was not accepted when one was sent. The page's
 * calls and its streams share the one dialog, whichever of them was refused first.
 */
function askAgain() {
  return askForKey(apiKey() ? 'The key was not accepted; enter the API key again.' : undefined);
}

/** A problem detail (RFC 9457) the API answered, as an Error. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || ('HTTP ' + status));
    this.status = status;
    this.problem = problem || {};
  }
}

async function send(method, path, body, query) {
  for (;;) {
    const init = { method, headers: headers({ Accept: 'application/json' }), cache: 'no-store' };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      init.headers['Content-Type'] = 'application/json';
    }
    const res = await fetch(path + (query ? '?' + new URLSearchParams(query) : ''), init);
    if (res.status === 401) {
      await askAgain();
      continue;
    }
    const text = await res.text();
    const json = text ? JSON.parse(text) : null;
    if (!res.ok) throw new ApiError(res.status, json);
    return { status: res.status, body: json };
  }
}

/** The largest page a list endpoint serves. */
const PAGE_SIZE = 1000;

/**
 * Every item of a list endpoint: its array, or, where the list is paged
 * ({"items":[…],"page","size","totalItems","totalPages"}), the items of every page.
 */
async function list(path, query) {
  const items = [];
  for (let page = 0; ; page++) {
    const q = new URLSearchParams(query || {});
    q.set('page', page);
    q.set('size', PAGE_SIZE);
    const body = (await send('GET', path, undefined, q)).body;
    if (Array.isArray(body)) return body;
    items.push(...body.items);
    if (page + 1 >= body.totalPages) return items;
  }
}

export const api = {
  get: async (path, query) => (await send('GET', path, undefined, query)).body,
  list,
  post: (path, body, query) => send('POST', path, body ?? '', query),
};

/**
 * Follows a Server-Sent Events stream over fetch (so the API key can go in a header, which
 * EventSource cannot send). A dropped connection is opened again with Last-Event-ID, so no
 * event is missed. onEvent(type, data, id) is called per event; the stream stops when close()
 * is called or when the server ends it after an event for which ends(type, data) is true.
 */
export function stream(path, onEvent, { ends = () => false, onState = () => {} } = {}) {
  let lastId = null;
  let stopped = false;
  let controller = null;

  async function run() {
    let backoff = 500;
    while (!stopped) {
      let finished = false;
      controller = new AbortController();
      try {
        const h = headers({ Accept: 'text/event-stream' });
        if (lastId !== null) h['Last-Event-ID'] = lastId;
        const res = await fetch(path, { headers: h, signal: controller.signal, cache: 'no-store' });
        if (res.status === 401) {
          await askAgain();
          continue;
        }
        if (!res.ok) {
          onState('error', res.status);
          return;
        }
        onState('open');
        backoff = 500;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        let type = 'message';
        let data = null;
        let id = null;
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let nl;
          while ((nl = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, nl).replace(/\r$/, '');
            buffer = buffer.slice(nl + 1);
            if (line === '') {
              if (data !== null) {
                if (id !== null) lastId = id;
                const parsed = JSON.parse(data);
                onEvent(type, parsed, id);
                if (ends(type, parsed)) finished = true;
              }
              type = 'message'; data = null; id = null;
            } else if (line.startsWith(':')) {
              // a comment: the server's keep-alive
            } else {
              const colon = line.indexOf(':');
              const field = colon < 0 ? line : line.slice(0, colon);
              const val = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
              if (field === 'event') type = val;
              else if (field === 'data') data = data === null ? val : data + '\n' + val;
              else if (field === 'id') id = val;
            }
          }
        }
      } catch (e) {
        if (stopped) return;
      }
      if (finished || stopped) {
        onState('closed');
        return;
      }
      onState('reconnecting');
      await new Promise((r) => setTimeout(r, backoff));
      backoff = Math.min(backoff * 2, 5000);
    }
  }
  run();
  return {
    close() {
      stopped = true;
      if (controller) controller.abort();
    },
  };
}
