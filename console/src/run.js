import { api, followRun } from './api.js';
import { h, fill, badge, dur, between, time, toast } from './util.js';
import { drawGraph } from './graph.js';

const ROW = 30;

/** One run: header with the actions its state allows, the DAG, the task list with a timeline, task details. */
export function runView(root, runId) {
  const tasks = new Map(); // name -> task state from the API
  let order = [];           // task names, in the workflow's order
  let definition = null;    // name -> compiled task
  let run = null;
  let graph = null;
  let selected = null;
  let stop = null;

  const head = h('div', { class: 'runhead' });
  const graphBox = h('div', { class: 'graphbox' });
  const graphTools = h('div', { class: 'graphtools' },
    h('button', { class: 'small', onclick: () => graph && graph.fit(), title: 'Fit the graph' }, 'Fit'),
    h('button', { class: 'small', onclick: () => graph && graph.zoom(1.25), 'aria-label': 'Zoom in' }, '+'),
    h('button', { class: 'small', onclick: () => graph && graph.zoom(0.8), 'aria-label': 'Zoom out' }, '−'));
  const filter = h('input', { type: 'search', placeholder: 'Filter tasks  ( / )', 'aria-label': 'Filter tasks', 'data-search': true, oninput: () => drawList() });
  const list = h('div', { class: 'tasklist', role: 'listbox', tabindex: '0', 'aria-label': 'Tasks (arrow keys to move, Enter to open)' });
  const spacer = h('div', { class: 'spacer' });
  const rows = h('div', { class: 'rows' });
  list.append(spacer, rows);
  const detail = h('aside', { class: 'detail', 'aria-label': 'Task details' }, h('p', { class: 'dim' }, 'Select a task to see its inputs, output and log.'));
  root.append(h('section', { class: 'page runpage' }, head,
    h('div', { class: 'graphwrap' }, graphBox, graphTools),
    h('div', { class: 'lower' },
      h('div', { class: 'listwrap' }, h('div', { class: 'bar' }, h('h2', {}, 'Tasks'), filter), list),
      detail)));

  list.addEventListener('scroll', () => drawList());
  list.addEventListener('keydown', (e) => {
    const names = visible();
    let i = names.indexOf(selected);
    if (e.key === 'ArrowDown' || e.key === 'j') i = Math.min(names.length - 1, i + 1);
    else if (e.key === 'ArrowUp' || e.key === 'k') i = Math.max(0, i - 1);
    else if (e.key === 'Home') i = 0;
    else if (e.key === 'End') i = names.length - 1;
    else if (e.key === 'Enter' && selected) { select(selected, true); return; }
    else return;
    e.preventDefault();
    select(names[i], false);
    const top = i * ROW;
    if (top < list.scrollTop) list.scrollTop = top;
    else if (top + ROW > list.scrollTop + list.clientHeight) list.scrollTop = top + ROW - list.clientHeight;
  });

  const visible = () => {
    const term = filter.value.trim().toLowerCase();
    return term ? order.filter((n) => n.toLowerCase().includes(term) || (tasks.get(n) || {}).status === term) : order;
  };

  function span() {
    let start = Infinity, end = -Infinity;
    for (const t of tasks.values()) {
      if (t.startedAt) start = Math.min(start, Date.parse(t.startedAt));
      const f = t.finishedAt ? Date.parse(t.finishedAt) : t.startedAt ? Date.now() : null;
      if (f) end = Math.max(end, f);
    }
    return start === Infinity ? null : { start, end: Math.max(end, start + 1) };
  }

  function drawList() {
    const names = visible();
    spacer.style.height = names.length * ROW + 'px';
    const first = Math.max(0, Math.floor(list.scrollTop / ROW) - 5);
    const last = Math.min(names.length, first + Math.ceil((list.clientHeight || 600) / ROW) + 10);
    const s = span();
    const out = [];
    for (let i = first; i < last; i++) {
      const t = tasks.get(names[i]) || { task: names[i], status: 'pending' };
      const bar = h('div', { class: 'track' });
      if (s && t.startedAt) {
        const a = Date.parse(t.startedAt), b = t.finishedAt ? Date.parse(t.finishedAt) : Date.now();
        bar.append(h('span', { class: `bar s-${t.status}`, style: `left:${((a - s.start) / (s.end - s.start)) * 100}%;width:${Math.max(0.4, ((b - a) / (s.end - s.start)) * 100)}%` }));
      }
      out.push(h('div', {
        class: 'row' + (names[i] === selected ? ' sel' : ''), role: 'option', 'aria-selected': String(names[i] === selected),
        style: `top:${i * ROW}px`, 'data-task': names[i], onclick: () => select(names[i], true),
      },
      h('span', { class: 'name', title: names[i] }, names[i]), badge(t.status),
      h('span', { class: 'att' }, t.attempt > 1 ? `#${t.attempt}/${t.maxAttempts}` : ''),
      h('span', { class: 'dur' }, t.startedAt ? dur(between(t.startedAt, t.finishedAt)) : ''), bar));
    }
    rows.replaceChildren(...out);
  }

  function drawHead() {
    const r = run;
    const actions = [];
    if (['pending', 'running', 'paused'].includes(r.status)) actions.push(action('Cancel', 'cancel', { reason: 'cancelled from the console' }));
    if (r.status === 'running') actions.push(action('Pause', 'pause'));
    if (r.status === 'paused') actions.push(action('Resume', 'resume'));
    fill(head,
      h('div', { class: 'title' }, h('h1', {}, h('a', { href: `#/runs?workflow=${encodeURIComponent(r.workflow)}` }, r.workflow), ' ', h('span', { class: 'mono dim' }, r.runId)), badge(r.status)),
      h('div', { class: 'facts' },
        h('span', {}, `${r.tasksTerminal}/${r.taskCount} tasks done` + (r.tasksFailed ? `, ${r.tasksFailed} not succeeded` : '')),
        h('span', {}, 'started ', time(r.startedAt || r.createdAt)),
        h('span', {}, 'took ', dur(between(r.startedAt, r.finishedAt))),
        h('span', {}, 'by ', r.triggeredBy && r.triggeredBy.startsWith('cli:') ? 'ork run' : r.triggeredBy)),
      r.error ? h('p', { class: 'error' }, r.error) : null,
      costLine(r.cost),
      h('div', { class: 'actions' }, ...actions));
  }

  /** On AWS the API reports what the run consumed and its estimate (docs/operations.md "Cost per run"); locally nothing. */
  function costLine(c) {
    if (!c) return null;
    const n = (v) => (Math.round(v * 100) / 100).toLocaleString('en-US');
    const usd = c.estimatedUsd == null ? 'no estimate' : `≈ $${c.estimatedUsd.toFixed(6)}`;
    return h('div', { class: 'cost', title: c.prices },
      h('strong', {}, `cost ${usd}`),
      h('span', {}, `DynamoDB ${n(c.dynamodb.wru)} WRU, ${n(c.dynamodb.rru)} RRU`),
      h('span', {}, `SQS ${n(c.sqsRequests)} requests`),
      h('span', {}, `Lambda ${n(c.lambda.invocations)} invocations, ${n(c.lambda.gbSeconds)} GB-s`),
      h('span', { class: 'dim' }, c.estimatedUsd == null ? c.prices : `list prices ${c.prices}`));
  }

  function action(label, verb, body) {
    return h('button', { class: verb === 'cancel' ? 'danger' : '', onclick: async (e) => {
      e.target.disabled = true;
      try {
        const { run: updated } = await api('POST', `/runs/${encodeURIComponent(runId)}/${verb}`, body);
        onRun({ ...updated, tasks: [] });
        toast(`run ${updated.status}`);
      } catch (err) { toast(err.message, true); e.target.disabled = false; }
    } }, label);
  }

  function select(name, open) {
    selected = name;
    if (graph) graph.select(name);
    drawList();
    if (open || detail.dataset.task) drawDetail();
  }

  async function drawDetail() {
    const name = selected;
    const t = tasks.get(name) || {};
    const def = definition ? definition.get(name) : null;
    detail.dataset.task = name;
    const log = h('pre', { class: 'log', 'aria-label': 'Log' }, 'loading…');
    const inputs = {};
    if (def) for (const [arg, b] of Object.entries(def.inputs || {})) {
      const key = `${name}.${arg}`;
      inputs[arg] = run.inputs && key in run.inputs ? run.inputs[key] : b.kind === 'const' ? b.value : `← tasks.${b.task}.output${(b.path || []).map((p) => '.' + p).join('')}`;
    }
    fill(detail,
      h('div', { class: 'title' }, h('h2', {}, name), badge(t.status || 'pending')),
      h('dl', {},
        h('dt', {}, 'Executor'), h('dd', {}, def && def.executor ? def.executor.executor : ''),
        h('dt', {}, 'Attempt'), h('dd', {}, `${t.attempt || 0} of ${t.maxAttempts || (def ? def.retries + 1 : 1)}`),
        h('dt', {}, 'Started'), h('dd', {}, time(t.startedAt)),
        h('dt', {}, 'Duration'), h('dd', {}, dur(between(t.startedAt, t.finishedAt))),
        def && def.dependsOn.length ? [h('dt', {}, 'Depends on'), h('dd', {}, ...def.dependsOn.map((d) => h('button', { class: 'link', onclick: () => select(d, true) }, d)))] : null),
      t.error ? h('div', { class: 'error', role: 'alert' }, h('strong', {}, 'Error'), h('pre', {}, t.error)) : null,
      t.instances && t.instances.length ? h('details', { open: true }, h('summary', {}, `Instances (${t.instances.length}, foreach)`),
        h('ol', { class: 'instances', start: 0 }, ...t.instances.map((i) => h('li', {}, badge(i.status), ' ', i.task,
          i.attempt > 1 ? ` #${i.attempt}` : '', i.error ? h('span', { class: 'error' }, ' ', i.error) : null)))) : null,
      h('details', { open: true }, h('summary', {}, 'Inputs'), h('pre', { class: 'json' }, JSON.stringify(inputs, null, 2))),
      h('details', { open: true }, h('summary', {}, 'Output'), h('pre', { class: 'json' }, t.output === undefined ? '–' : JSON.stringify(t.output, null, 2))),
      h('details', { open: true, class: 'logbox' }, h('summary', {}, 'Log'), log));
    try {
      const l = await api('GET', `/runs/${encodeURIComponent(runId)}/tasks/${encodeURIComponent(name)}/log`);
      if (selected !== name) return;
      if (l.log) log.textContent = l.log;
      else if (l.link) log.replaceChildren(`In CloudWatch${l.logGroup ? ' (' + l.logGroup + ')' : ''}: `, h('a', { href: l.link, target: '_blank', rel: 'noopener' }, 'open the log'));
      else log.textContent = '(no log)';
    } catch (e) { log.textContent = e.message; }
  }

  function onRun(r) {
    const first = run === null;
    const { tasks: changed = [], ...rest } = r;
    run = { ...rest, cost: rest.cost || (run && run.cost) }; // an action's answer has no cost: keep the last one
    for (const t of changed) {
      tasks.set(t.task, t);
      if (graph) graph.status(t.task, t.status);
    }
    drawHead();
    drawList();
    if (selected && changed.some((t) => t.task === selected) && detail.dataset.task) drawDetail();
    if (first) loadDefinition();
  }

  async function loadDefinition() {
    try {
      const wf = await api('GET', `/workflows/${encodeURIComponent(run.workflow)}?snapshot=${encodeURIComponent(run.snapshot)}`);
      const defs = (wf.definition && wf.definition.tasks) || [];
      definition = new Map(defs.map((t) => [t.name, t]));
      order = defs.map((t) => t.name);
    } catch {
      definition = null;
      order = [...tasks.keys()];
    }
    graph = drawGraph(graphBox, definition ? [...definition.values()] : order.map((n) => ({ name: n, dependsOn: [] })), (n) => select(n, true));
    for (const t of tasks.values()) graph.status(t.task, t.status);
    drawList();
  }

  stop = followRun(runId, onRun, (mode) => { document.getElementById('live').textContent = mode === 'live' ? '● live' : mode === 'polling' ? '○ polling' : ''; });
  return () => { stop(); document.getElementById('live').textContent = ''; };
}
