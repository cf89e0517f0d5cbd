// The explorer (/explore, issue 20) in real headless Chromium: search with a typo, expand, click an edge
// on the canvas and find exactly the API's quotes, draw the ASML → China routes, filter out the tentative
// edges, reopen the view from its copied link, download PNG, SVG and CSV — with every request to
// anything but our server recorded and refused. Assertions read the page's text and state, never pixels;
// the screenshots it takes are the ones in docs/explorer.md.
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useSeededServer } from '../support/api-suite.ts';
import { launchChromium, sameOriginContext } from '../support/browser.ts';

const SHOTS = 'docs/explorer';
const TENTATIVE = ['PROPOSED', 'UNDER_CONSIDERATION'];
const { server } = useSeededServer();
let browser: Browser;
let context: BrowserContext;
let page: Page;
let outside: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  const origin = new URL(server().url).origin;
  // Every request the pages make goes through the context: anything not from our origin is recorded and refused.
  const made = await sameOriginContext(browser, origin, { viewport: { width: 1500, height: 950 }, acceptDownloads: true });
  context = made.context;
  outside = made.outside;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
});

/** Waits until the explorer finished the redraw after `action`. */
async function redrawn(action: () => Promise<unknown>): Promise<void> {
  const before = Number((await page.getAttribute('body', 'data-ready')) ?? 0);
  await action();
  await page.waitForFunction((n) => Number(document.body.dataset.ready ?? 0) > n, before, { timeout: 60_000 });
}

const listedEdges = () => page.$$eval('#list-edges li', (items) => items.map((li) => ({ id: li.getAttribute('data-edge')!, modality: li.getAttribute('data-modality')! })));
const listedNodes = () => page.$$eval('#list-nodes li[data-id]', (items) => items.map((li) => li.getAttribute('data-id')!));

describe('the explorer', () => {
  it('finds ASML from a typo and expands its neighbourhood (what the API returns, capped at 25 a direction)', async () => {
    await page.goto(`${server().url}/explore`, { waitUntil: 'load' });
    await expect(page.title()).resolves.toBe('Chokepoint explorer');
    await page.waitForSelector('body[data-ready]', { timeout: 60_000 });

    await page.fill('#search', 'ASMK');
    await page.waitForSelector('#search-results li[data-id="asml"]', { timeout: 30_000 });
    await redrawn(() => page.click('#search-results li[data-id="asml"]'));

    const api = await server().gql(`{ out: relationships(from: "asml", first: 25) { nodes { id } } in: relationships(to: "asml", first: 25) { nodes { id } } }`);
    const expected = [...api.data!.out.nodes, ...api.data!.in.nodes].map((n: { id: string }) => n.id).sort();
    expect(expected.length).toBeGreaterThan(3);
    expect((await listedEdges()).map((e) => e.id).sort()).toEqual(expected);
    expect(await listedNodes()).toContain('asml');
    expect(page.url()).toContain('x=asml');
    await page.screenshot({ path: `${SHOTS}/neighbourhood.png` });
  });

  it('opens the evidence of an edge clicked on the canvas with exactly the API’s quotes', async () => {
    // The middle of an edge, from the canvas's own geometry, clicked with the mouse.
    const edges = (await listedEdges()).map((e) => e.id);
    const box = (await page.locator('#cy').boundingBox())!;
    const point = await page.evaluate((ids) => {
      const { cy } = (window as any).chokepointExplorer;
      for (const id of ids) {
        const p = cy.getElementById(id).renderedMidpoint();
        if (p.x > 20 && p.y > 20 && p.x < cy.width() - 20 && p.y < cy.height() - 20) return p;
      }
      return undefined;
    }, edges);
    expect(point).toBeDefined();
    await page.mouse.click(box.x + point!.x, box.y + point!.y);
    const panel = page.locator('#panel article.evidence');
    await panel.waitFor({ timeout: 30_000 });
    const id = (await panel.getAttribute('data-relationship'))!;
    expect(edges).toContain(id);

    const [from, type, to] = id.split('.');
    const api = await server().gql(
      `query($from: ID!, $to: ID!, $types: [String!]) { relationships(from: $from, to: $to, types: $types, first: 20) { nodes { id modality independentSources citations(first: 500) { quote verified source { title } } } } }`,
      { from, to, types: [type] },
    );
    expect(api.errors).toBeUndefined();
    const rel = api.data!.relationships.nodes.find((r: { id: string }) => r.id === id);
    const quotes = await panel.locator('.citations blockquote.quote').allInnerTexts();
    expect(quotes).toEqual(rel.citations.map((c: { quote: string }) => c.quote));
    expect(await panel.locator('.independent-sources').innerText()).toBe(String(rel.independentSources));
    expect(await panel.locator('.modality').innerText()).toBe(rel.modality.toLowerCase().replace(/_/g, ' '));
    expect(await panel.locator('.verified').count()).toBe(rel.citations.length);
    await page.screenshot({ path: `${SHOTS}/evidence.png` });
  });

  it('draws the routes from ASML to China that `path` returns, each hop with a quote', async () => {
    await page.fill('#path-from', 'ASML');
    await page.fill('#path-to', 'China');
    await redrawn(() => page.click('#path-form button[type=submit]'));
    const api = await server().gql(`{ path(from: "ASML", to: "China", maxHops: 4, limit: 5) { hops { relationship { id type from { name } to { name } } } } }`);
    const routes = api.data!.path.map((p: any) => p.hops.map((h: any) => `${h.relationship.from.name} —${h.relationship.type}→ ${h.relationship.to.name}`).join('; '));
    expect(routes.length).toBeGreaterThan(0);
    expect(await page.locator('#list-routes li').allInnerTexts()).toEqual(routes);
    const panel = page.locator('#panel article.routes');
    await panel.waitFor({ timeout: 30_000 });
    expect(await panel.locator('li.route').count()).toBe(routes.length);
    expect(await panel.locator('li.route blockquote.quote').count()).toBeGreaterThanOrEqual(api.data!.path[0].hops.length);
    // Every hop of every route is on the canvas (and in the list).
    const hopIds = api.data!.path.flatMap((p: any) => p.hops.map((h: any) => h.relationship.id));
    const shown = (await listedEdges()).map((e) => e.id);
    for (const hop of hopIds) expect(shown).toContain(hop);
    await page.screenshot({ path: `${SHOTS}/routes.png` });
  });

  it('hides the tentative edges when the modality filter leaves them out', async () => {
    // China's neighbourhood has measures only under consideration.
    await redrawn(() => page.click('#list-nodes li[data-id="china"] button.expand-entity'));
    const before = await listedEdges();
    expect(before.filter((e) => TENTATIVE.includes(e.modality)).length).toBeGreaterThan(0);
    await redrawn(async () => {
      await page.uncheck('#filter-modality input[value="PROPOSED"]');
      await page.uncheck('#filter-modality input[value="UNDER_CONSIDERATION"]');
    });
    const after = await listedEdges();
    expect(after.filter((e) => TENTATIVE.includes(e.modality))).toEqual([]);
    const firm = before.filter((e) => !TENTATIVE.includes(e.modality)).map((e) => e.id);
    expect(after.length).toBeGreaterThan(0);
    for (const edge of after) expect(firm.concat(after.map((e) => e.id))).toContain(edge.id);
    expect(new URL(page.url()).searchParams.get('m')).toBe('STATED,ANNOUNCED,REPORTED,DENIED');
    await page.screenshot({ path: `${SHOTS}/filtered.png` });
  });

  it('reopens the same view from the copied link, and warns when the graph version differs', async () => {
    await page.click('#copy-link');
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toBe(page.url());
    expect(new URL(link).searchParams.get('v')).toMatch(/.+/);
    const nodes = (await listedNodes()).sort();
    const edges = (await listedEdges()).map((e) => e.id).sort();

    const again = await context.newPage();
    await again.goto(link, { waitUntil: 'load' });
    await again.waitForSelector('body[data-ready]', { timeout: 60_000 });
    await again.waitForSelector('#filter-types input', { timeout: 30_000 });
    expect((await again.$$eval('#list-nodes li[data-id]', (items) => items.map((li) => li.getAttribute('data-id')!))).sort()).toEqual(nodes);
    expect((await again.$$eval('#list-edges li', (items) => items.map((li) => li.getAttribute('data-edge')!))).sort()).toEqual(edges);
    expect(await again.isChecked('#filter-modality input[value="UNDER_CONSIDERATION"]')).toBe(false);
    expect(await again.isChecked('#filter-modality input[value="STATED"]')).toBe(true);
    expect(await again.isHidden('#banner')).toBe(true);

    const stale = new URL(link);
    stale.searchParams.set('v', 'an-older-version');
    await again.goto(stale.toString(), { waitUntil: 'load' });
    await again.waitForSelector('body[data-ready]', { timeout: 60_000 });
    await expect(again.locator('#banner').innerText()).resolves.toContain('an-older-version');
    await again.close();
  });

  it('downloads the view as PNG and SVG and the visible edges as CSV, and copies the GraphQL', async () => {
    const save = async (button: string) => {
      const [file] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.click(button)]);
      return { name: file.suggestedFilename(), body: await readFile((await file.path())!) };
    };
    const png = await save('#export-png');
    expect(png.name).toMatch(/\.png$/);
    expect(png.body.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    expect(png.body.length).toBeGreaterThan(10_000);

    const svg = await save('#export-svg');
    expect(svg.name).toMatch(/\.svg$/);
    const svgText = svg.body.toString();
    expect(svgText).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    const names = await page.$$eval('#list-nodes li[data-id] button.show-entity', (buttons) => buttons.map((b) => b.textContent!.replace(/ \([A-Za-z]+\)$/, '')));
    for (const name of names) expect(svgText).toContain(`>${name.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</text>`);
    expect(svgText).not.toContain('stroke-dasharray="6 4"');

    const csv = await save('#export-csv');
    const lines = csv.body.toString().trim().split('\r\n');
    expect(lines[0]).toBe('id,type,from,from_name,to,to_name,modality,independent_sources,citations,date');
    expect(lines.slice(1).map((line) => line.split(',')[0]).sort()).toEqual((await listedEdges()).map((e) => e.id).sort());

    await page.click('#copy-graphql');
    const text = await page.inputValue('#graphql-text');
    expect(text).toContain('query Neighbourhoods(');
    expect(text).toContain('query Routes(');
    // The copied query is the view's: run as printed, it returns the expanded entities.
    const [query, variables] = text.split('\n\n# ----\n\n')[0]!.split('\n\n# variables\n');
    const answer = await server().gql(query!, JSON.parse(variables!));
    expect(answer.errors).toBeUndefined();
    expect(Object.values(answer.data!).filter((v: any) => v && v.id).map((v: any) => v.id)).toEqual(expect.arrayContaining(['asml', 'china']));
    await page.keyboard.press('Escape');
  });

  it('can be driven from the keyboard, and made no request outside its origin', async () => {
    await page.evaluate(() => {
      document.querySelector('dialog')?.close();
      (window as any).chokepointExplorer.cy.elements().unselect();
    });
    // Nothing selected: the first arrow selects the first entity of the list; Space opens its details.
    const first = await page.locator('#list-nodes li[data-id] button.show-entity').first().innerText({ timeout: 10_000 });
    await page.locator('#cy').focus({ timeout: 10_000 });
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.locator('#status').innerText(), { timeout: 10_000 }).toBe(`${first}: Enter expands, Space shows the details.`);
    await page.keyboard.press('Space');
    // The panel's heading, or (when it does not come) what the status line says instead.
    const heading = () => page.locator('#panel article.entity h2').innerText({ timeout: 1_000 }).catch(() => page.locator('#status').innerText());
    await expect.poll(heading, { timeout: 60_000 }).toBe(first.replace(/ \([a-z]+\)$/, ''));
    expect(await page.locator('#panel article.entity h3').first().innerText()).toBe('Also known as');
    expect(outside).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
