// The Ork console: a hash-routed single-page app over the HTTP API.
//   #/                 workflows (search, schedule, next fire, latest run; start a run, toggle a schedule)
//   #/runs?status=&workflow=   run history across workflows, newest first, paged by cursor
//   #/runs/<id>        one run: DAG (dagre layout), tasks with a timeline, task details and logs
import { workflowsView } from './workflows.js';
import { runsView } from './runs.js';
import { runView } from './run.js';

let leave = null;

function route() {
  if (leave) leave();
  leave = null;
  const view = document.getElementById('view');
  view.replaceChildren();
  const [path, query] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query || '');
  const parts = (path || '/').split('/').filter(Boolean);
  for (const a of document.querySelectorAll('[data-nav]')) {
    a.classList.toggle('on', a.dataset.nav === (parts[0] === 'runs' ? 'runs' : 'workflows'));
  }
  if (parts[0] === 'runs' && parts[1]) leave = runView(view, decodeURIComponent(parts[1]));
  else if (parts[0] === 'runs') leave = runsView(view, params);
  else leave = workflowsView(view);
  view.focus({ preventScroll: true });
}

window.addEventListener('hashchange', route);
document.addEventListener('keydown', (e) => {
  if (e.target.matches('input, textarea, select')) return;
  if (e.key === '/') {
    const search = document.querySelector('[data-search]');
    if (search) { e.preventDefault(); search.focus(); }
  } else if (e.key === 'g') {
    location.hash = '#/';
  } else if (e.key === 'r') {
    location.hash = '#/runs';
  }
});
route();
