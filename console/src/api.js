// The Ork HTTP API (docs/api.md) from the browser: same origin, under /v1. A bearer token given once as
// ?token=… (ork serve --token) is kept for the tab's session and sent with every request.
const BASE = '/v1';
const params = new URLSearchParams(location.search);
if (params.get('token')) {
  sessionStorage.setItem('ork-token', params.get('token'));
  history.replaceState(null, '', location.pathname + location.hash);
}

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function headers(extra = {}) {
  const token = sessionStorage.getItem('ork-token');
  return token ? { ...extra, Authorization: `Bearer ${token}` } : extra;
}

export async function api(method, path, body) {
  const init = { method, headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }) };
  if (body !== undefined) init.body = JSON.stringify(body);
  const res = await fetch(BASE + path, init);
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!res.ok) {
    const e = json && json.error;
    throw new ApiError(res.status, e ? e.code : 'http_' + res.status, e ? e.message : (json && json.message) || text || res.statusText);
  }
  return json;
}

export const q = (o) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null && v !== '') s.set(k, v);
  const t = s.toString();
  return t ? '?' + t : '';
};

/**
 * Follows one run: server-sent events where the server has them (ork serve), else polling every 2 s
 * (the deployed API). onRun gets {run, tasks(changed)}; returns a function that stops following.
 */
export function followRun(runId, onRun, onMode) {
  let stopped = false;
  const ctrl = new AbortController();
  const poll = async () => {
    onMode('polling');
    while (!stopped) {
      try {
        const { run } = await api('GET', `/runs/${encodeURIComponent(runId)}`);
        onRun(run);
        if (['succeeded', 'failed', 'cancelled'].includes(run.status)) break;
      } catch { /* shown by the next successful read */ }
      await new Promise((r) => setTimeout(r, 2000));
    }
  };
  (async () => {
    try {
      const res = await fetch(`${BASE}/runs/${encodeURIComponent(runId)}/events`, { headers: headers(), signal: ctrl.signal });
      if (!res.ok || !(res.headers.get('content-type') || '').startsWith('text/event-stream')) return poll();
      onMode('live');
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buf = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += value;
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const chunk = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = chunk.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
          if (data) onRun(JSON.parse(data).run);
        }
      }
      onMode('done');
    } catch (e) {
      if (!stopped) poll();
    }
  })();
  return () => { stopped = true; ctrl.abort(); };
}
