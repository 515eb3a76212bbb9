// The run's DAG laid out by dagre (@dagrejs/dagre) as SVG: nodes coloured by task status, updated in
// place; drag to pan, wheel or +/- to zoom, "Fit" to see it all. A graph too large to read fitted
// starts at its first task, readable, and pans.
import dagre from '@dagrejs/dagre';

const NS = 'http://www.w3.org/2000/svg';
const W = 150;
const H = 34;

function svg(tag, attrs) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
}

export function drawGraph(container, tasks, onSelect) {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 12, ranksep: 40, marginx: 10, marginy: 10 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const t of tasks) g.setNode(t.name, { width: W, height: H });
  for (const t of tasks) for (const d of t.dependsOn || []) if (g.hasNode(d)) g.setEdge(d, t.name);
  dagre.layout(g);
  const { width, height } = g.graph();

  const root = svg('svg', { class: 'dag', role: 'img', 'aria-label': `Task graph, ${tasks.length} tasks` });
  const view = svg('g', {});
  root.append(view);
  const edges = svg('g', { class: 'edges' });
  view.append(edges);
  for (const e of g.edges()) {
    const pts = g.edge(e).points;
    edges.append(svg('path', { d: 'M' + pts.map((p) => `${p.x},${p.y}`).join('L') }));
  }
  const nodes = new Map();
  const layer = svg('g', { class: 'nodes' });
  view.append(layer);
  for (const name of g.nodes()) {
    const n = g.node(name);
    const node = svg('g', { class: 'node s-pending', transform: `translate(${n.x - W / 2},${n.y - H / 2})`, 'data-task': name });
    node.append(svg('rect', { width: W, height: H, rx: 6 }));
    const label = svg('text', { x: 10, y: 21 });
    label.textContent = name.length > 19 ? name.slice(0, 18) + '…' : name;
    const title = svg('title', {});
    title.textContent = name;
    node.append(label, title);
    node.addEventListener('click', () => onSelect(name));
    layer.append(node);
    nodes.set(name, node);
  }
  container.replaceChildren(root);

  let scale = 1, tx = 0, ty = 0;
  const apply = () => view.setAttribute('transform', `translate(${tx},${ty}) scale(${scale})`);
  const fit = () => {
    const r = container.getBoundingClientRect();
    scale = Math.min(1.2, (r.width - 20) / width, (r.height - 20) / height);
    tx = (r.width - width * scale) / 2;
    ty = (r.height - height * scale) / 2;
    apply();
  };
  const zoom = (f, cx, cy) => {
    const r = container.getBoundingClientRect();
    cx = cx ?? r.width / 2;
    cy = cy ?? r.height / 2;
    tx = cx - (cx - tx) * f;
    ty = cy - (cy - ty) * f;
    scale *= f;
    apply();
  };
  root.addEventListener('wheel', (e) => {
    e.preventDefault();
    const r = container.getBoundingClientRect();
    zoom(e.deltaY < 0 ? 1.15 : 1 / 1.15, e.clientX - r.left, e.clientY - r.top);
  }, { passive: false });
  let drag = null;
  root.addEventListener('pointerdown', (e) => { drag = { x: e.clientX - tx, y: e.clientY - ty }; });
  window.addEventListener('pointerup', () => { drag = null; });
  root.addEventListener('pointermove', (e) => {
    if (!drag) return;
    tx = e.clientX - drag.x;
    ty = e.clientY - drag.y;
    apply();
  });
  // a graph too big to read whole starts readable at its first task; "Fit" shows all of it
  const start = () => {
    fit();
    if (scale >= 0.3) return;
    const r = container.getBoundingClientRect();
    const first = g.node(tasks[0].name);
    scale = 0.8;
    tx = 20 - (first.x - W / 2) * scale;
    ty = r.height / 2 - first.y * scale;
    apply();
  };
  start();

  return {
    fit,
    zoom,
    status(name, status) {
      const node = nodes.get(name);
      if (node) node.setAttribute('class', `node s-${status}` + (node.classList.contains('sel') ? ' sel' : ''));
    },
    select(name) {
      for (const n of layer.querySelectorAll('.sel')) n.classList.remove('sel');
      const node = nodes.get(name);
      if (!node) return;
      node.classList.add('sel');
      const n = g.node(name);
      const r = container.getBoundingClientRect();
      const x = n.x * scale + tx, y = n.y * scale + ty;
      if (x < 0 || y < 0 || x > r.width || y > r.height) {
        tx = r.width / 2 - n.x * scale;
        ty = r.height / 2 - n.y * scale;
        apply();
      }
    },
  };
}
