import { api } from './api.js';
import { h, badge, ago, time, toast } from './util.js';

/** The workflow list: search, schedule on/off, next fire time, latest run; start a run with overrides. */
export function workflowsView(root) {
  let all = [];
  const latest = new Map();
  const search = h('input', { type: 'search', placeholder: 'Search workflows  ( / )', 'aria-label': 'Search workflows', 'data-search': true, oninput: () => draw() });
  const body = h('tbody');
  root.append(h('section', { class: 'page' },
    h('div', { class: 'bar' }, h('h1', {}, 'Workflows'), search),
    h('table', { class: 'grid' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Workflow'), h('th', {}, 'Schedule'), h('th', {}, 'Next run'), h('th', {}, 'Latest run'), h('th', {}, ''))),
      body)));

  async function load() {
    try {
      all = (await api('GET', '/workflows')).workflows;
      draw();
      await Promise.all(all.map(async (w) => {
        const { runs } = await api('GET', `/workflows/${encodeURIComponent(w.name)}/runs?limit=1`);
        latest.set(w.name, runs[0] || null);
      }));
      draw();
    } catch (e) {
      toast(e.message, true);
    }
  }

  function draw() {
    const term = search.value.trim().toLowerCase();
    const rows = all.filter((w) => w.name.toLowerCase().includes(term));
    body.replaceChildren(...(rows.length ? rows.map(row) : [h('tr', {}, h('td', { colspan: 5, class: 'empty' },
      all.length ? 'No workflow matches.' : 'No workflows registered: start `ork serve <dir>` with workflow files, or `ork remote register`.'))]));
  }

  function row(w) {
    const run = latest.get(w.name);
    const toggle = w.schedule ? h('button', {
      class: 'small', 'aria-pressed': String(w.scheduleEnabled),
      title: w.scheduleEnabled ? 'Disable the schedule' : 'Enable the schedule',
      onclick: async () => {
        try {
          const updated = await api('PUT', `/workflows/${encodeURIComponent(w.name)}/schedule`, { enabled: !w.scheduleEnabled });
          Object.assign(w, updated);
          toast(`schedule of ${w.name} ${w.scheduleEnabled ? 'on' : 'off'}`);
          draw();
        } catch (e) { toast(e.message, true); }
      },
    }, w.scheduleEnabled ? 'on' : 'off') : null;
    return h('tr', {},
      h('td', {}, h('a', { href: `#/runs?workflow=${encodeURIComponent(w.name)}` }, w.name)),
      h('td', {}, w.schedule ? h('span', {}, h('code', {}, w.schedule), ' ', toggle) : h('span', { class: 'dim' }, '–')),
      h('td', { title: time(w.nextFireAt) }, w.scheduleEnabled && w.nextFireAt ? ago(w.nextFireAt) : '–'),
      h('td', {}, run === undefined ? '…' : run ? h('a', { href: `#/runs/${run.runId}` }, badge(run.status), ' ', ago(run.createdAt)) : h('span', { class: 'dim' }, 'never run')),
      h('td', { class: 'right' }, h('button', { onclick: () => startDialog(w) }, 'Run…')));
  }

  async function startDialog(w) {
    let consts = {};
    try {
      const full = await api('GET', `/workflows/${encodeURIComponent(w.name)}`);
      for (const t of (full.definition && full.definition.tasks) || []) {
        for (const [arg, b] of Object.entries(t.inputs || {})) if (b && 'value' in b) consts[`${t.name}.${arg}`] = b.value;
      }
    } catch { consts = {}; }
    const text = h('textarea', { rows: 8, 'aria-label': 'Input overrides as JSON', spellcheck: 'false' }, JSON.stringify(consts, null, 2));
    const key = h('input', { type: 'text', placeholder: 'optional', 'aria-label': 'Idempotency key' });
    const error = h('p', { class: 'error', role: 'alert' });
    const dialog = h('dialog', { class: 'dialog', 'aria-label': `Start a run of ${w.name}` },
      h('h2', {}, `Start ${w.name}`),
      h('label', {}, 'Input overrides (', h('code', {}, '"task.arg": value'), ')', text),
      h('label', {}, 'Idempotency key', key),
      error,
      h('div', { class: 'actions' },
        h('button', { onclick: () => dialog.close() }, 'Cancel'),
        h('button', { class: 'primary', onclick: async () => {
          let inputs;
          try { inputs = JSON.parse(text.value || '{}'); } catch (e) { error.textContent = 'not valid JSON: ' + e.message; return; }
          try {
            const body = { inputs };
            if (key.value.trim()) body.idempotencyKey = key.value.trim();
            const { run } = await api('POST', `/workflows/${encodeURIComponent(w.name)}/runs`, body);
            dialog.close();
            location.hash = `#/runs/${run.runId}`;
          } catch (e) { error.textContent = e.message; }
        } }, 'Start run')));
    dialog.addEventListener('close', () => dialog.remove());
    document.body.append(dialog);
    dialog.showModal();
  }

  load();
  const timer = setInterval(load, 10000);
  return () => clearInterval(timer);
}
