// How long the explorer takes to draw an entity's first neighbourhood (issue 20: under 1 s on the M
// graph's largest hub), in real headless Chromium against a running service here: the page is opened
// with the entity expanded in its URL, and the time from navigation to the finished drawing is read, as
// well as the page's own "drawn in N ms" (data request, layout, list). Loopback only.
//
//   node --import tsx bench/explore-hub.ts --url http://127.0.0.1:4000 --entity valdoria --runs 5
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values } = parseArgs({ options: { url: { type: 'string' }, entity: { type: 'string', default: 'valdoria' }, runs: { type: 'string', default: '5' } } });
const url = values.url?.replace(/\/$/, '');
if (!url || !['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname)) {
  process.stderr.write('explore-hub: --url must name a service on loopback (127.0.0.1, localhost, [::1])\n');
  process.exit(2);
}
const runs = Math.min(20, Math.max(1, Number(values.runs) || 5));
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
    await page.goto(`${url}/explore?x=${encodeURIComponent(values.entity!)}&seed=1`, { waitUntil: 'load' });
    await page.waitForSelector('body[data-ready]', { timeout: 120_000 });
    const total = Date.now() - t0;
    const status = await page.locator('#status').innerText();
    const drawn = /drawn in (\d+) ms/.exec(status)?.[1] ?? '?';
    const more = await page.locator('#list-nodes li[data-more]').innerText().catch(() => '');
    rows.push(`| ${run} | ${total} | ${drawn} | ${status.replace(/, drawn in.*$/, '')} ${more ? `(${more.split(': ')[1]})` : ''} |`);
    await context.close();
  }
} finally {
  await browser.close();
}
process.stdout.write(
  [`Entity ${values.entity} at ${url}, ${runs} first visits:`, '', '| run | navigation → drawn, ms | the page\'s "drawn in", ms | shown |', '|---|---|---|---|', ...rows, ''].join('\n'),
);
