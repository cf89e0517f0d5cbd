// How long the explorer takes to draw an entity's first neighbourhood (issue 20: under 1 s on the M
// graph's largest hub), in real headless Chromium against a running service here: the page is opened
// with the entity expanded in its URL, and the time from navigation to the finished drawing is read, as
// well as the page's own "drawn in N ms" (data request, layout, list) and when the "n more…" count
// arrived (it is asked for after the drawing). Before that, the explorer's two GraphQL requests are timed
// alone (`--requests N` of each, from Node): the capped page that is drawn, then the count. Loopback only.
//
//   node --import tsx bench/explore-hub.ts --url http://127.0.0.1:4000 --entity valdoria --runs 5 --requests 7
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { neighbourhoodCountsQuery, neighbourhoodVariables, neighbourhoodsQuery } from '../web/explore/api.ts';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    entity: { type: 'string', default: 'valdoria' },
    runs: { type: 'string', default: '5' },
    requests: { type: 'string', default: '7' },
  },
});
const url = values.url?.replace(/\/$/, '');
if (!url || !['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname)) {
  process.stderr.write('explore-hub: --url must name a service on loopback (127.0.0.1, localhost, [::1])\n');
  process.exit(2);
}
const runs = Math.min(20, Math.max(1, Number(values.runs) || 5));
const requests = Math.min(50, Math.max(0, Number(values.requests) || 0));
const entity = values.entity!;

/** One POST of `query`, timed; an answer with errors stops the run (a figure of a failure is no figure). */
async function timed(query: string, variables: Record<string, unknown>): Promise<number> {
  const t0 = performance.now();
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { errors?: Array<{ message: string }> };
  const ms = performance.now() - t0;
  if (body.errors?.length) throw new Error(`the API refused: ${body.errors.map((e) => e.message).join(' ')}`);
  return ms;
}

const lines: string[] = [];
if (requests > 0) {
  const variables = neighbourhoodVariables([{ id: entity, first: 25 }], { types: [], modality: [], minSources: 0 });
  const page: number[] = [];
  const count: number[] = [];
  for (let i = 0; i < requests; i++) {
    page.push(await timed(neighbourhoodsQuery(1), variables));
    count.push(await timed(neighbourhoodCountsQuery(1), variables));
  }
  const list = (values: number[]) => values.map((v) => Math.round(v)).join(', ');
  lines.push(`Requests alone (${requests} each, in turn): the capped page ${list(page)} ms; the count ${list(count)} ms`, '');
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const rows: string[] = [];
try {
  for (let run = 1; run <= runs; run++) {
    // A new context each time: no cached assets, a first visit.
    const context = await browser.newContext({ viewport: { width: 1500, height: 950 } });
    const page = await context.newPage();
    const t0 = Date.now();
    await page.goto(`${url}/explore?x=${encodeURIComponent(entity)}&seed=1`, { waitUntil: 'load' });
    await page.waitForSelector('body[data-ready]', { timeout: 120_000 });
    const total = Date.now() - t0;
    const status = await page.locator('#status').innerText();
    const drawn = /drawn in (\d+) ms/.exec(status)?.[1] ?? '?';
    const split = await page.evaluate(() => (window as unknown as { chokepointExplorer: { lastDraw: () => { requestMs: number; layoutMs: number } | null } }).chokepointExplorer.lastDraw());
    // The count comes after the drawing; its arrival marks the "n more…" node as counted.
    await page.waitForSelector('body[data-counted]', { timeout: 120_000 });
    const counted = Date.now() - t0;
    const more = await page.locator('#list-nodes li[data-more]').innerText().catch(() => '');
    rows.push(`| ${run} | ${total} | ${drawn} | ${split?.requestMs ?? '?'} | ${split?.layoutMs ?? '?'} | ${counted} | ${status.replace(/, drawn in.*$/, '')} ${more ? `(${more.split(': ')[1]})` : ''} |`);
    await context.close();
  }
} finally {
  await browser.close();
}
process.stdout.write(
  [
    `Entity ${entity} at ${url}:`,
    '',
    ...lines,
    `${runs} first visits:`,
    '',
    '| run | navigation → drawn, ms | the page\'s "drawn in", ms | of which the request | of which the layout | navigation → counted, ms | shown |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n'),
);
