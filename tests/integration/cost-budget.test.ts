// The per-client cost budget (issue 10.3): a client over its budget gets 429 RATE_LIMITED with
// Retry-After before anything runs; other clients are unaffected; the bucket refills with time; behind
// a proxy the forwarded address counts only when TRUST_PROXY says so; 0 turns it off.
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_HTTP } from '../../src/config/config.ts';
import { LIMITS } from '../../src/limits/limits.ts';
import { testApp } from '../support/app.ts';
import { closeTestExecutor, testOntology } from '../support/database.ts';

afterAll(() => closeTestExecutor());

// Answered from the ontology, without the database; costs one item per relationship type.
const QUERY = 'query Types { relationshipTypes { type } }';
const COST = testOntology().relationshipTypes.size;

function budgetApp(costPerMinute: number, trustProxy = false) {
  const clock = { now: 1_000_000 };
  const app = testApp({ http: { rateLimitCostPerMinute: costPerMinute, trustProxy }, clock: () => clock.now });
  return { ...app, clock };
}

describe('cost budget', () => {
  it('is on by default, far above the largest allowed query', () => {
    expect(DEFAULT_HTTP.rateLimitCostPerMinute).toBe(30 * LIMITS.maxCost);
  });

  it('refuses a client over its budget with 429 and Retry-After, before executing', async () => {
    const { post, logs } = budgetApp(3 * COST);
    for (let i = 0; i < 3; i++) expect((await post(QUERY)).status).toBe(200);
    const refused = await post(QUERY);
    expect(refused.status).toBe(429);
    // COST more are needed at 3 × COST a minute: 20 s.
    expect(refused.headers.get('retry-after')).toBe('20');
    const error = refused.body.errors[0];
    expect(error.extensions).toMatchObject({ code: 'RATE_LIMITED', cost: COST, remaining: 0, costPerMinute: 3 * COST, retryAfterSeconds: 20 });
    expect(error.message).toBe(
      `Too much at once from 127.0.0.1: this query's estimated cost is ${COST}, and 0 of the ${3 * COST} allowed per minute remain. Retry in 20 s, or ask for smaller pages.`,
    );
    expect(refused.body.data).toBeUndefined();
    expect(JSON.parse(logs.filter((l) => l.includes('"msg":"request"')).at(-1)!)).toMatchObject({ status: 429, dbQueries: 0 });
  });

  it('keeps a budget per client, and refills it with time', async () => {
    const { post, clock } = budgetApp(COST);
    expect((await post(QUERY, {}, { remoteAddress: '10.0.0.1' })).status).toBe(200);
    expect((await post(QUERY, {}, { remoteAddress: '10.0.0.1' })).status).toBe(429);
    expect((await post(QUERY, {}, { remoteAddress: '10.0.0.2' })).status).toBe(200);
    clock.now += 30_000;
    expect((await post(QUERY, {}, { remoteAddress: '10.0.0.1' })).status).toBe(429);
    clock.now += 30_000;
    expect((await post(QUERY, {}, { remoteAddress: '10.0.0.1' })).status).toBe(200);
  });

  it('uses X-Forwarded-For only when the proxy is trusted', async () => {
    const forwarded = (address: string) => ({ headers: { 'x-forwarded-for': `203.0.113.9, ${address}` }, remoteAddress: '10.0.0.99' });
    const untrusted = budgetApp(COST, false);
    expect((await untrusted.post(QUERY, {}, forwarded('198.51.100.1'))).status).toBe(200);
    // Same socket address, so the same client, whatever the header claims.
    expect((await untrusted.post(QUERY, {}, forwarded('198.51.100.2'))).status).toBe(429);
    const trusted = budgetApp(COST, true);
    expect((await trusted.post(QUERY, {}, forwarded('198.51.100.1'))).status).toBe(200);
    expect((await trusted.post(QUERY, {}, forwarded('198.51.100.2'))).status).toBe(200);
    const again = await trusted.post(QUERY, {}, forwarded('198.51.100.1'));
    expect(again.status).toBe(429);
    expect(again.body.errors[0].message).toContain('from 198.51.100.1:');
  });

  it('is off at 0', async () => {
    const { post } = budgetApp(0);
    for (let i = 0; i < 20; i++) expect((await post(QUERY)).status).toBe(200);
  });
});
