// The explorer's question views (issue 20) in real headless Chromium: the "n more…" figure that comes
// after the drawing, "which measures target X" drawn from `measures(targeting:)` with filters and URL
// state, and an entity's timeline strip (dated events on an axis, undated ones in their own bin, each
// opening its evidence). Expected values come from the API itself; assertions read the page's text and
// state, never pixels. The screenshots it takes (the front door too) are the ones in docs/explorer.md.
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useSeededServer } from '../support/api-suite.ts';
import { launchChromium, sameOriginContext } from '../support/browser.ts';

const SHOTS = 'docs/explorer';
const { server } = useSeededServer();
let browser: Browser;
let context: BrowserContext;
let page: Page;
let outside: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  const made = await sameOriginContext(browser, new URL(server().url).origin, { viewport: { width: 1500, height: 950 } });
  context = made.context;
  outside = made.outside;
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
});

/** Waits until the explorer finished the redraw after `action` (and, with `counted`, the "n more…" count after it). */
async function redrawn(action: () => Promise<unknown>, counted = false): Promise<void> {
  const attribute = counted ? 'data-counted' : 'data-ready';
  const before = Number((await page.getAttribute('body', attribute)) ?? 0);
  await action();
  await page.waitForFunction(([name, n]) => Number(document.body.getAttribute(name as string) ?? 0) > (n as number), [attribute, before], { timeout: 60_000 });
}

const listedEdges = () => page.$$eval('#list-edges li', (items) => items.map((li) => li.getAttribute('data-edge')!));
const listedNodes = () => page.$$eval('#list-nodes li[data-id]', (items) => items.map((li) => li.getAttribute('data-id')!));
const openExplorer = async (query = '') => {
  await page.goto(`${server().url}/explore${query}`, { waitUntil: 'load' });
  await page.waitForSelector('body[data-ready]', { timeout: 60_000 });
};

describe('the explorer’s question views', () => {
  it('the front door links the playground, the explorer and the exports', async () => {
    await page.goto(`${server().url}/`, { waitUntil: 'load' });
    await expect(page.title()).resolves.toBe('Chokepoint');
    const links = await page.$$eval('ul.doors a', (anchors) => anchors.map((a) => a.getAttribute('href')));
    expect(links).toEqual(expect.arrayContaining(['/graphql', '/explore', '/export/manifest.json']));
    await page.screenshot({ path: `${SHOTS}/front-door.png` });
  }, 240_000);

  it('draws a neighbourhood first and puts the count on "more…" after it (the API’s totalCount, minus what is drawn)', async () => {
    // The entity with the most relationships in one direction in the seed: more than a page of 25.
    const all = await server().gql(`{ relationships(first: 500) { nodes { from { id } } } }`);
    const degree = new Map<string, number>();
    for (const rel of all.data!.relationships.nodes as Array<{ from: { id: string } }>) degree.set(rel.from.id, (degree.get(rel.from.id) ?? 0) + 1);
    const [hub, out] = [...degree].sort((a, b) => b[1] - a[1])[0]!;
    expect(out).toBeGreaterThan(25);

    await page.goto(`${server().url}/explore?x=${hub}`, { waitUntil: 'load' });
    await page.waitForSelector('body[data-counted]', { timeout: 60_000 });
    const api = await server().gql(`query($id: ID!) { out: relationships(from: $id, first: 25) { totalCount } in: relationships(to: $id, first: 25) { totalCount } }`, { id: hub });
    const total = api.data!.out.totalCount + api.data!.in.totalCount;
    expect(api.data!.out.totalCount).toBe(out);
    const drawn = (await listedEdges()).length;
    expect(drawn).toBeLessThan(total);
    expect(await page.locator(`#list-nodes li[data-more="${hub}"]`).innerText()).toMatch(new RegExp(`: ${total - drawn} more…$`));
    expect(await page.evaluate((id) => (window as any).chokepointExplorer.cy.getElementById(`more:${id}`).data('total'), hub)).toBe(total);

    // "more…" adds the next page: everything is drawn, and nothing more is offered.
    await redrawn(() => page.click(`#list-nodes li[data-more="${hub}"] button`), true);
    expect((await listedEdges()).length).toBe(total);
    expect(await page.locator(`#list-nodes li[data-more="${hub}"]`).count()).toBe(0);
    expect(page.url()).toContain(`x=${hub}~2`);
  }, 240_000);

  it('draws which measures target a technology, from its panel, as `measures(targeting:)` answers', async () => {
    await openExplorer();
    await page.fill('#search', 'AI chips');
    await page.waitForSelector('#search-results li[data-id="ai-chips"]', { timeout: 30_000 });
    await redrawn(() => page.click('#search-results li[data-id="ai-chips"]'));
    await page.click('#list-nodes li[data-id="ai-chips"] button.show-entity');
    await page.waitForSelector('#panel article.entity[data-entity="ai-chips"] button.show-measures', { timeout: 30_000 });
    await redrawn(() => page.click('#panel button.show-measures'));

    const api = await server().gql(
      `{ measures(targeting: "ai-chips", first: 25) { totalCount nodes { id evidence(types: ["ISSUED", "PARTY_TO", "HELD", "TARGETS"], first: 100) { id } } } }`,
    );
    const measures = api.data!.measures.nodes as Array<{ id: string; evidence: Array<{ id: string }> }>;
    expect(measures.length).toBeGreaterThan(1);
    const panel = page.locator('#panel article.measures[data-target="ai-chips"]');
    await panel.waitFor({ timeout: 30_000 });
    expect(await panel.locator('li.measure').evaluateAll((items) => items.map((li) => li.getAttribute('data-id')))).toEqual(measures.map((m) => m.id));
    expect(await panel.locator('p.count').innerText()).toContain(`of ${api.data!.measures.totalCount} measure`);
    // Every measure, and every one of its issuing and targeting links, is on the canvas (and in the list).
    const nodes = await listedNodes();
    const edges = await listedEdges();
    for (const measure of measures) {
      expect(nodes).toContain(measure.id);
      for (const rel of measure.evidence) expect(edges).toContain(rel.id);
    }
    expect(new URL(page.url()).searchParams.get('mt')).toBe('ai-chips');
    await page.screenshot({ path: `${SHOTS}/measures.png` });

    // Filters as for a neighbourhood: measures only under consideration or proposed go.
    const firm = ['STATED', 'ANNOUNCED', 'REPORTED', 'DENIED'];
    await redrawn(async () => {
      await page.uncheck('#filter-modality input[value="PROPOSED"]');
      await page.uncheck('#filter-modality input[value="UNDER_CONSIDERATION"]');
    });
    const filtered = await server().gql(`query($m: [Modality!]) { measures(targeting: "ai-chips", modality: $m, first: 25) { nodes { id } } }`, { m: firm });
    const firmIds = (filtered.data!.measures.nodes as Array<{ id: string }>).map((m) => m.id);
    expect(firmIds.length).toBeLessThan(measures.length);
    await expect.poll(() => panel.locator('li.measure').evaluateAll((items) => items.map((li) => li.getAttribute('data-id'))), { timeout: 30_000 }).toEqual(firmIds);

    // "Copy as GraphQL" prints the measures request; run as printed, it answers the same measures.
    await page.click('#copy-graphql');
    const text = await page.inputValue('#graphql-text');
    const printed = text.split('\n\n# ----\n\n').find((part) => part.startsWith('query MeasuresTargeting('))!;
    expect(printed).toBeDefined();
    const [query, variables] = printed.split('\n\n# variables\n');
    const rerun = await server().gql(query!, JSON.parse(variables!));
    expect(rerun.errors).toBeUndefined();
    expect(rerun.data!.measures.nodes.map((m: { id: string }) => m.id)).toEqual(firmIds);
    await page.evaluate(() => document.querySelector('dialog')?.close());

    // The link reopens the same measures view.
    const link = page.url();
    const again = await context.newPage();
    await again.goto(link, { waitUntil: 'load' });
    await again.waitForSelector('#panel article.measures li.measure', { timeout: 60_000 });
    expect(await again.locator('#panel article.measures li.measure').evaluateAll((items) => items.map((li) => li.getAttribute('data-id')))).toEqual(firmIds);
    // A link naming only the question draws its target too.
    await again.goto(`${server().url}/explore?mt=ai-chips`, { waitUntil: 'load' });
    await again.waitForSelector('#panel article.measures li.measure', { timeout: 60_000 });
    expect(await again.$$eval('#list-nodes li[data-id]', (items) => items.map((li) => li.getAttribute('data-id')))).toContain('ai-chips');
    expect(await again.locator('#panel article.measures li.measure').evaluateAll((items) => items.map((li) => li.getAttribute('data-id')))).toEqual(measures.map((m) => m.id));
    await again.close();
  }, 240_000);

  it('shows an entity’s timeline strip: dated events on the axis in date order, undated ones apart, each opening its evidence', async () => {
    const api = await server().gql(
      `{ timeline(entity: "china", first: 200) { pageInfo { hasNextPage } nodes { id kind date { precision basis } relationship { id } policy { id } } } }`,
    );
    const events = api.data!.timeline.nodes as Array<{ id: string; kind: string; date: { precision: string; basis: string | null }; relationship: { id: string } | null; policy: { id: string } | null }>;
    expect(api.data!.timeline.pageInfo.hasNextPage).toBe(false);
    const undated = events.filter((e) => e.date.precision === 'UNKNOWN').map((e) => e.id);
    const reported = events.filter((e) => e.date.precision !== 'UNKNOWN' && e.date.basis === 'SOURCE_PUBLICATION').map((e) => e.id);
    // The seed's China has events of every placement, so each is exercised.
    expect(undated.length).toBeGreaterThan(0);
    expect(events.length - undated.length).toBeGreaterThan(1);

    await openExplorer('?e=china');
    await page.click('#list-nodes li[data-id="china"] button.show-entity');
    await page.waitForSelector('#panel article.entity[data-entity="china"] button.show-strip', { timeout: 30_000 });
    await page.click('#panel button.show-strip');
    await page.waitForSelector('body[data-strip="china"] #timeline-strip .strip', { timeout: 60_000 });
    const strip = page.locator('#timeline-strip');
    // Every event once: the dated ones on the axis (in the axis's order, checked below), then the undated.
    const shown = await strip.locator('button.event').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-event')!));
    expect([...shown].sort()).toEqual(events.map((e) => e.id).sort());
    expect(shown.slice(events.length - undated.length)).toEqual(undated);
    expect(await strip.locator('.undated-bin button.event').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-event')))).toEqual(undated);
    for (const id of undated) expect(await strip.locator(`button.event[data-event="${id}"]`).getAttribute('aria-label')).toMatch(/^undated — /);
    expect(await strip.locator('button.event[data-placed="reported"]').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-event')))).toEqual(reported);
    for (const id of reported) expect(await strip.locator(`button.event[data-event="${id}"]`).getAttribute('aria-label')).toMatch(/^undated, reported by \d{4}-\d{2}-\d{2} — /);
    // On the axis, left to right is oldest to newest.
    const lefts = await strip.locator('.axis button.event').evaluateAll((buttons) => buttons.map((b) => parseFloat((b as HTMLElement).style.left)));
    expect(lefts.length).toBe(events.length - undated.length);
    expect([...lefts].sort((a, b) => a - b)).toEqual(lefts);
    expect(lefts[0]).toBeGreaterThanOrEqual(0);
    expect(lefts.at(-1)).toBeLessThanOrEqual(100);
    expect(await strip.locator('.strip-head').innerText()).toContain(`${events.length} events: ${events.length - undated.length} on the axis, ${undated.length} undated`);
    expect(new URL(page.url()).searchParams.get('tl')).toBe('china');

    // A dated relationship: its evidence panel, with exactly the API's quotes.
    const relEvent = events.find((e) => e.relationship)!;
    await strip.locator(`button.event[data-event="${relEvent.id}"]`).click();
    const evidence = page.locator(`#panel article.evidence[data-relationship="${relEvent.relationship!.id}"]`);
    await evidence.waitFor({ timeout: 30_000 });
    const [from, type, to] = relEvent.relationship!.id.split('.');
    const rel = await server().gql(`query($from: ID!, $to: ID!, $types: [String!]) { relationships(from: $from, to: $to, types: $types) { nodes { id citations(first: 500) { quote } } } }`, {
      from,
      to,
      types: [type],
    });
    const quotes = rel.data!.relationships.nodes.find((r: { id: string }) => r.id === relEvent.relationship!.id).citations.map((c: { quote: string }) => c.quote);
    expect(await evidence.locator('.citations blockquote.quote').allInnerTexts()).toEqual(quotes);

    // An undated policy: the policy with the evidence of each of its relationships.
    const policyEvent = events.find((e) => e.policy && undated.includes(e.id)) ?? events.find((e) => e.policy)!;
    await strip.locator(`button.event[data-event="${policyEvent.id}"]`).click();
    const policyPanel = page.locator(`#panel article.policy-evidence[data-entity="${policyEvent.policy!.id}"]`);
    await policyPanel.waitFor({ timeout: 30_000 });
    const policy = await server().gql(`query($id: ID!) { entity(id: $id) { ... on Policy { evidence(first: 50) { id citations(first: 100) { quote } } } } }`, { id: policyEvent.policy!.id });
    const policyRels = policy.data!.entity.evidence as Array<{ id: string; citations: Array<{ quote: string }> }>;
    expect(await policyPanel.locator('article.evidence').evaluateAll((items) => items.map((a) => a.getAttribute('data-relationship')))).toEqual(policyRels.map((r) => r.id));
    expect(await policyPanel.locator('blockquote.quote').allInnerTexts()).toEqual(policyRels.flatMap((r) => r.citations.map((c) => c.quote)));
    await page.screenshot({ path: `${SHOTS}/timeline.png`, fullPage: true });

    // The strip is part of the view's link: opened from it, the same events are placed the same way.
    const again = await context.newPage();
    await again.goto(page.url(), { waitUntil: 'load' });
    await again.waitForSelector('body[data-strip="china"] #timeline-strip .strip', { timeout: 60_000 });
    const placedAs = (p: Page) => p.locator('#timeline-strip button.event').evaluateAll((buttons) => buttons.map((b) => `${b.getAttribute('data-event')}@${(b as HTMLElement).style.left}`));
    expect(await placedAs(again)).toEqual(await placedAs(page));
    await again.close();

    // Closing it takes it out of the link.
    await page.click('#timeline-strip .close-strip');
    expect(await page.isHidden('#timeline-strip')).toBe(true);
    expect(new URL(page.url()).searchParams.get('tl')).toBeNull();
  }, 240_000);

  it('made no request outside its origin and raised no error', () => {
    expect(outside).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
