// The playground in real headless Chromium (Debian's /usr/bin/chromium via playwright-core): it renders
// with every request to anything but our server blocked, opens on the example tabs with the headline
// query first, and running that query shows data with its quotes.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExamples } from '../../src/server/graphiql-examples.ts';
import { useSeededServer } from '../support/api-suite.ts';
import { launchChromium } from '../support/browser.ts';

const { server } = useSeededServer();
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('GraphiQL playground', () => {
  it('renders offline, opens on the example tabs, and runs the headline query', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const origin = new URL(server().url).origin;
    const blocked: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
      blocked.push(url);
      return route.abort();
    });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // GraphiQL's schema query runs under the same query limits as any other (issue 10.3).
    const introspection = page.waitForResponse((r) => r.url().startsWith(`${origin}/graphql`) && (r.request().postData() ?? '').includes('__schema'));

    await page.goto(`${server().url}/graphql`, { waitUntil: 'load' });
    await expect(page.title()).resolves.toBe('Chokepoint');
    await page.locator('.graphiql-execute-button').waitFor({ timeout: 30_000 });

    const tabs = page.locator('.graphiql-tab');
    const examples = loadExamples();
    await expect.poll(() => tabs.count()).toBe(examples.length);
    await expect(tabs.first().innerText()).resolves.toContain('MeasuresTargetingAIChips');

    const answered = page.waitForResponse((r) => r.url().startsWith(`${origin}/graphql`) && r.request().method() === 'POST' && (r.request().postData() ?? '').includes('MeasuresTargetingAIChips'));
    await page.locator('.graphiql-execute-button').click();
    const body = await (await answered).json();
    expect(body.errors).toBeUndefined();
    const quotes = body.data.measures.nodes.flatMap((n: any) => n.evidence.flatMap((e: any) => e.citations.map((c: any) => c.quote)));
    expect(quotes).toContain('Earlier this month, Washington unveiled strict measures on chip export controls to Beijing.');
    // The result pane shows it (Monaco renders only the visible lines, so look at the top).
    const response = page.locator('.graphiql-response');
    await expect.poll(() => response.innerText(), { timeout: 30_000 }).toContain('us-export-controls-2022-10');
    expect((await response.innerText()).replace(/\s+/g, ' ')).toContain('"totalCount": 2');

    const schemaAnswer = await (await introspection).json();
    expect(schemaAnswer.errors).toBeUndefined();
    expect(schemaAnswer.data.__schema.queryType.name).toBe('Query');

    await page.screenshot({ path: '.data/graphiql.png' });
    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
