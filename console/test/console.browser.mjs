// The console in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core):
//   node console/test/console.browser.mjs <server-url> <artefact-dir> [<cost.json>]
// run by cli's ConsoleBrowserTest against an `ork serve` over a temp database holding the workflows
// `diamond` (examples/diamond), `broken` (a task that fails with a log line), `slow` and `wide` (1,000 tasks).
// Exit 0 when every step passed; screenshots go to <artefact-dir>.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [url, out, costFile] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'ork-chromium-')), {
  executablePath: process.env.ORK_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run'],
  viewport: { width: 1440, height: 900 },
});
const page = browser.pages()[0] || (await browser.newPage());
const problems = [];
page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
page.on('pageerror', (e) => problems.push('page error: ' + e.message));
page.setDefaultTimeout(30000);

const step = async (name, fn) => {
  const t0 = Date.now();
  try {
    await fn();
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    await page.screenshot({ path: join(out, `failed-${name.replace(/\W+/g, '-')}.png`) }).catch(() => {});
    console.log(`FAIL ${name}: ${e.message.split('\n').slice(0, 4).join(' / ')}`);
    if (problems.length) console.log(problems.join('\n'));
    console.log(await page.evaluate(() => document.querySelector('.tasklist .row')?.outerHTML).catch(() => ''));
    console.log(JSON.stringify(await api('GET', '/runs?limit=1').catch(() => '')));
    await browser.close();
    process.exit(1);
  }
};
const api = (method, path, body) => page.evaluate(async ([m, p, b]) => {
  const r = await fetch('/v1' + p, { method: m, headers: { 'Content-Type': 'application/json' }, body: b ? JSON.stringify(b) : undefined });
  return r.json();
}, [method, path, body]);

await step('the workflow list shows the registered workflows', async () => {
  await page.goto(url);
  await page.getByRole('link', { name: 'diamond', exact: true }).waitFor();
  await page.getByRole('link', { name: 'wide', exact: true }).waitFor();
  await page.keyboard.press('/');
  await page.keyboard.type('diam');
  const rows = await page.locator('tbody tr').count();
  if (rows !== 1) throw new Error(`search 'diam' shows ${rows} rows`);
});

await step('a run started from the page goes green live in its DAG', async () => {
  await page.getByRole('button', { name: 'Run…' }).click();
  await page.getByRole('button', { name: 'Start run' }).click();
  await page.waitForURL(/#\/runs\/[0-9a-f-]+$/);
  await page.locator('svg.dag .node').first().waitFor();
  const nodes = await page.locator('svg.dag .node').count();
  if (nodes !== 4) throw new Error(`diamond has 4 tasks, the DAG shows ${nodes}`);
  await page.locator('.runhead .badge.s-succeeded').waitFor();
  await page.waitForFunction(() => document.querySelectorAll('svg.dag .node.s-succeeded').length === 4);
  await page.waitForFunction(() => [...document.querySelectorAll('.track .bar')].filter((b) => b.getBoundingClientRect().width > 0).length === 4);
  await page.screenshot({ path: join(out, 'run-succeeded.png') });
});

await step('a failed task shows its error and its log', async () => {
  const { run } = await api('POST', '/workflows/broken/runs', {});
  await page.goto(`${url}#/runs/${run.runId}`);
  await page.locator('.runhead .badge.s-failed').waitFor();
  await page.locator('svg.dag .node.s-failed').click();
  await page.locator('.detail .error').waitFor();
  await page.locator('pre.log', { hasText: 'disk is full' }).waitFor();
  await page.screenshot({ path: join(out, 'run-failed-task-log.png') });
});

await step('the task list is keyboard-navigable', async () => {
  await page.locator('.tasklist').focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('Enter');
  const first = await page.locator('.detail h2').textContent();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const second = await page.locator('.detail h2').textContent();
  if (!first || first === second) throw new Error(`arrow down did not move: ${first} then ${second}`);
});

await step('a running run is cancelled from its page', async () => {
  const { run } = await api('POST', '/workflows/slow/runs', {});
  await page.goto(`${url}#/runs/${run.runId}`);
  await page.locator('svg.dag .node.s-running').waitFor();
  await page.getByRole('button', { name: 'Pause' }).waitFor();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.locator('.runhead .badge.s-cancelled').waitFor();
  if (await page.getByRole('button', { name: 'Cancel' }).count()) throw new Error('Cancel still offered on a cancelled run');
});

await step('the run history filters by status and workflow', async () => {
  await page.goto(`${url}#/runs`);
  await page.locator('tbody tr').first().waitFor();
  await page.getByLabel('Status filter').selectOption('failed');
  await page.waitForURL(/status=failed/);
  await page.waitForFunction(() => {
    const b = [...document.querySelectorAll('tbody .badge')];
    return b.length > 0 && b.every((x) => x.textContent === 'failed');
  });
  await page.getByLabel('Workflow filter').selectOption('diamond');
  await page.waitForURL(/workflow=diamond/);
  await page.locator('td.empty', { hasText: 'No runs.' }).waitFor();
  await page.screenshot({ path: join(out, 'run-history-filtered.png') });
});

await step('a 1,000-task run lays out and stays light in the DOM', async () => {
  const { run } = await api('POST', '/workflows/wide/runs', {});
  await api('POST', `/runs/${run.runId}/cancel`, { reason: 'only the page is looked at' });
  const t0 = Date.now();
  await page.goto(`${url}#/runs/${run.runId}`);
  await page.waitForFunction(() => document.querySelectorAll('svg.dag .node').length === 1000);
  const ms = Date.now() - t0;
  const rows = await page.locator('.tasklist .row').count();
  if (rows > 120) throw new Error(`${rows} task rows in the DOM: the list is not virtualised`);
  await page.locator('.tasklist').evaluate((el) => { el.scrollTop = 25000; });
  await page.locator('.tasklist .row[data-task="t0850"]').waitFor();
  await page.screenshot({ path: join(out, 'run-1000-tasks.png') });
  console.log(`     (1,000-task run page drawn in ${ms} ms)`);
});

// The API on AWS adds a `cost` object to GET /runs/{id}; `ork serve` has none (nothing is metered locally).
// The Java test passes one made by the API's own RunCosts; this step answers it as the AWS API would
// (and, as there, no event stream: the page polls GET /runs/{id}).
if (costFile) await step('an AWS run page shows what the run cost', async () => {
  const cost = JSON.parse(readFileSync(costFile, 'utf8'));
  const { run } = await api('POST', '/workflows/diamond/runs', {});
  await page.route(`**/v1/runs/${run.runId}/events`, (r) => r.fulfill({ status: 200, contentType: 'application/json', body: '{}' }));
  await page.route(`**/v1/runs/${run.runId}`, async (r) => {
    const response = await r.fetch();
    const json = await response.json();
    json.run.cost = cost;
    await r.fulfill({ response, json });
  });
  await page.goto(`${url}#/runs/${run.runId}`);
  const line = page.locator('.runhead .cost');
  await line.waitFor();
  const text = await line.innerText();
  for (const want of [`≈ $${cost.estimatedUsd.toFixed(6)}`, `${cost.dynamodb.wru} WRU`, 'SQS 123 requests', '12 invocations', cost.prices]) {
    if (!text.includes(want)) throw new Error(`the cost line lacks '${want}': ${text}`);
  }
  await page.screenshot({ path: join(out, 'run-cost.png') });
  await page.unrouteAll();
});

await browser.close();
if (problems.length) {
  console.log('FAIL the browser console stayed clean:\n' + problems.join('\n'));
  process.exit(1);
}
console.log('ok   the browser console stayed clean');
