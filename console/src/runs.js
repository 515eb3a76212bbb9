import { api, q } from './api.js';
import { h, badge, ago, dur, between, time, toast } from './util.js';

const STATUSES = ['', 'pending', 'running', 'paused', 'succeeded', 'failed', 'cancelled'];

/** Run history across workflows: status and workflow filters, newest first, cursor paging. */
export function runsView(root, params) {
  const status = params.get('status') || '';
  const workflow = params.get('workflow') || '';
  const cursor = params.get('cursor') || '';
  const back = params.get('back') || '';
  const statusSel = h('select', { 'aria-label': 'Status filter', onchange: () => go({ status: statusSel.value, workflow }) },
    ...STATUSES.map((s) => h('option', { value: s, selected: s === status }, s || 'any status')));
  const wfSel = h('select', { 'aria-label': 'Workflow filter', onchange: () => go({ status, workflow: wfSel.value }) },
    h('option', { value: '' }, 'any workflow'));
  const body = h('tbody');
  const pager = h('div', { class: 'pager' });
  root.append(h('section', { class: 'page' },
    h('div', { class: 'bar' }, h('h1', {}, 'Runs'), statusSel, wfSel),
    h('table', { class: 'grid' },
      h('thead', {}, h('tr', {}, ...['Run', 'Workflow', 'Status', 'Tasks', 'Trigger', 'Started', 'Duration'].map((c) => h('th', {}, c)))),
      body),
    pager));

  function go(p) {
    location.hash = '#/runs' + q(p);
  }

  async function load() {
    try {
      const [{ workflows }, page] = await Promise.all([
        api('GET', '/workflows'),
        api('GET', '/runs' + q({ status, workflow, cursor, limit: 25 })),
      ]);
      if (wfSel.options.length === 1) {
        const names = new Set(workflows.map((w) => w.name));
        if (workflow) names.add(workflow);
        for (const n of [...names].sort()) wfSel.append(h('option', { value: n, selected: n === workflow }, n));
      }
      body.replaceChildren(...(page.runs.length ? page.runs.map(row) : [h('tr', {}, h('td', { colspan: 7, class: 'empty' }, 'No runs.'))]));
      // `back` lists the cursors of the pages before this one ('-' for the first page)
      const trail = back ? back.split(',') : [];
      const newer = trail.length ? { cursor: trail[trail.length - 1] === '-' ? '' : trail[trail.length - 1], back: trail.slice(0, -1).join(',') } : null;
      pager.replaceChildren(
        newer ? h('a', { class: 'button', href: '#/runs' + q({ status, workflow, ...newer }) }, '← Newer') : h('span'),
        page.nextCursor ? h('a', { class: 'button', href: '#/runs' + q({ status, workflow, cursor: page.nextCursor, back: [...trail, cursor || '-'].join(',') }) }, 'Older →') : h('span'));
    } catch (e) {
      toast(e.message, true);
    }
  }

  function row(r) {
    return h('tr', {},
      h('td', {}, h('a', { href: `#/runs/${r.runId}`, class: 'mono' }, r.runId.slice(0, 8))),
      h('td', {}, r.workflow),
      h('td', {}, badge(r.status)),
      h('td', {}, `${r.tasksTerminal}/${r.taskCount}` + (r.tasksFailed ? ` (${r.tasksFailed} failed)` : '')),
      h('td', {}, r.triggeredBy && r.triggeredBy.startsWith('cli:') ? 'ork run' : r.triggeredBy),
      h('td', { title: time(r.startedAt || r.createdAt) }, ago(r.startedAt || r.createdAt)),
      h('td', {}, dur(between(r.startedAt, r.finishedAt))));
  }

  load();
  const timer = setInterval(load, 3000);
  return () => clearInterval(timer);
}
