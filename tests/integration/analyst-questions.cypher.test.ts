// The questions an analyst asks of the five articles, answered in plain Cypher on a fresh database
// loaded with the seed (the same statements are in docs/data-guide.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher } from '../../src/db/executor.ts';
import { closeTestExecutor, seedGraph, testExecutor, wipeDatabase } from '../support/database.ts';

const ask = (name: string, text: string, params: Record<string, unknown> = {}) => testExecutor().read(cypher(name, text), params);

beforeAll(async () => {
  await wipeDatabase();
  await seedGraph();
});
afterAll(closeTestExecutor);

describe('analyst questions in Cypher', () => {
  it('which measures target AI chips (or anything narrower)?', async () => {
    const rows = await ask(
      'q.aiChips',
      `MATCH (t:Technology {id: 'ai-chips'})
       MATCH (n:Technology)-[:BROADER]->*(t)
       MATCH (a:Actor)-[:ISSUED]->(p:Policy)-[:TARGETS]->(n)
       RETURN DISTINCT p.id AS policy, a.id AS issuer, p.status AS status ORDER BY policy`,
    );
    expect(rows).toEqual([
      { policy: 'us-ai-chip-sales-restrictions-2023', issuer: 'us-government', status: 'under_consideration' },
      { policy: 'us-export-controls-2022-10', issuer: 'us-government', status: 'in_force' },
    ]);
  });

  it('which countries joined restrictions on chipmaking equipment?', async () => {
    const rows = await ask(
      'q.joined',
      `MATCH (t:Technology {id: 'chipmaking-equipment'})
       MATCH (n:Technology)-[:BROADER]->*(t)
       MATCH (a:Actor)-[:PARTY_TO]->(p:Policy {type: 'multilateral_agreement'})-[:TARGETS]->(n)
       MATCH (c:Country {id: a.country})
       RETURN DISTINCT c.name AS country ORDER BY country`,
    );
    expect(rows.map((r) => r.country)).toEqual(['Japan', 'Netherlands', 'United States']);
  });

  it('which companies were added to the Unverified List, and how many in all?', async () => {
    const rows = await ask(
      'q.unverified',
      `MATCH (p:Policy {type: 'entity_listing'})-[r:TARGETS]->(c:Actor {type: 'company'})
       RETURN p.figures AS figures, c.name AS company, r.dateStart AS added ORDER BY company`,
    );
    expect(rows.map((r) => r.company)).toEqual(['Unnamed subsidiary of Naura Technology Group', 'YMTC']);
    expect(rows.every((r) => r.added === '2022-10-01')).toBe(true);
    expect(JSON.parse(String(rows[0]?.figures))).toContainEqual(expect.objectContaining({ name: 'companiesAdded', value: 31, unit: 'companies' }));
  });

  it('what did China restrict in response, and when?', async () => {
    const rows = await ask(
      'q.chinaRestricted',
      `MATCH (g:Actor {country: 'china'})-[:ISSUED]->(p:Policy {type: 'export_control'})-[:TARGETS]->(t)
       RETURN p.name AS policy, t.name AS target, t.figures AS figures, p.announcedStart AS from, p.announcedEnd AS to, p.announcedText AS text`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ target: 'Two metals used in semiconductors and electric vehicles', from: '2023-07-03', to: '2023-07-06', text: 'earlier this week' });
    expect(JSON.parse(String(rows[0]?.figures))[0]).toMatchObject({ name: 'count', value: 2, unit: 'metals' });
    // And what the sources present as China's response to US measures:
    const responses = await ask(
      'q.responses',
      `MATCH (x:Policy)-[:RESPONDS_TO]->(us:Policy)<-[:ISSUED|PARTY_TO]-(:Actor {id: 'us-government'})
       MATCH (xi:Actor {id: 'xi-jinping'})-[:ISSUED]->(x)
       RETURN DISTINCT x.id AS response`,
    );
    expect(responses.map((r) => r.response)).toEqual(['xi-politburo-study-session-remarks']);
  });

  it('what are the six "bottleneck" technologies?', async () => {
    const rows = await ask(
      'q.bottleneck',
      `MATCH (t:Technology)-[:BROADER]->(:Technology {id: 'bottleneck-technologies'}) RETURN t.name AS name ORDER BY name`,
    );
    expect(rows.map((r) => r.name)).toEqual([
      'Advanced materials',
      'Basic software',
      'Industrial machine tools',
      'Integrated circuits',
      'Scientific research instruments',
      'Seed sources',
    ]);
  });

  it('who met whom, where and when?', async () => {
    const rows = await ask(
      'q.met',
      `MATCH (a:Actor)-[m:MET_WITH]->(b:Actor) RETURN a.name AS a, b.name AS b, m.place AS place, m.dateStart AS day, m.datePrecision AS precision ORDER BY a, b`,
    );
    expect(rows).toContainEqual({ a: 'Janet Yellen', b: 'Li Qiang', place: 'Beijing', day: '2023-07-07', precision: 'day' });
    expect(rows.map((r) => `${r.a} — ${r.b}`)).toEqual(
      expect.arrayContaining(['Xi Jinping — Xue Qikun', 'Xi Jinping — Li Deren', 'Politburo Standing Committee — Representatives of the science award winners']),
    );
  });

  it('shows the verbatim quotes behind any answer, one hop away', async () => {
    const rows = await ask(
      'q.quotes',
      `MATCH (:Actor {id: 'netherlands-government'})-[r:PARTY_TO]->(p:Policy)
       MATCH (c:Claim {id: r.id})-[k:CITES]->(s:Source)
       RETURN p.id AS policy, s.id AS source, k.quote AS quote, k.paragraph AS paragraph`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.policy).toBe('us-netherlands-japan-chipmaking-equipment-deal');
      expect(String(row.quote)).toMatch(/Netherlands/);
      expect(row.paragraph).toBeGreaterThan(0);
    }
  });
});
