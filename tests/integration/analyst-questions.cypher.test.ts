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
      `MATCH (t:Technology)-[:AREA_OF]->(:Technology {id: 'bottleneck-technologies'}) RETURN t.name AS name ORDER BY name`,
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

  it('what does Xi Jinping say China seeks, and in which words?', async () => {
    const rows = await ask(
      'q.chinaAims',
      `MATCH (:Actor {id: 'xi-jinping'})-[:ISSUED]->(p:Policy)-[r:PURSUES]->(g:Goal)
       MATCH (:Claim {id: r.id})-[k:CITES]->(:Source)
       RETURN g.id AS goal, collect(DISTINCT p.id) AS policies, collect(k.quote) AS quotes`,
    );
    const byGoal = Object.fromEntries(rows.map((r) => [r.goal, r]));
    for (const goal of ['china-supply-chain-security', 'commanding-heights-of-tech-competition', 'reshape-global-order', 'leading-international-role-in-science', 'coordinate-opening-up-and-security']) {
      expect(byGoal[goal]?.policies, goal).toEqual(['xi-science-conference-speech-2024']);
    }
    // Self-reliance is the aim of every speech and of the drive, in each source's words.
    expect(byGoal['technological-self-reliance']?.policies).toEqual(
      expect.arrayContaining(['xi-20th-congress-speech', 'xi-jiangsu-remarks-2023-07', 'xi-politburo-study-session-remarks', 'xi-science-conference-speech-2024', 'xi-self-reliance-drive']),
    );
    const quotes = (byGoal['technological-self-reliance']?.quotes as string[]).join(' ');
    expect(quotes).toContain('self-sufficiency');
    expect(quotes).toContain('independence');
  });

  it('what do the US measures aim at?', async () => {
    const rows = await ask(
      'q.usAims',
      `MATCH (a:Actor)-[:ISSUED]->(p:Policy)-[:PURSUES]->(g:Goal) WHERE a.country = 'united-states'
       RETURN DISTINCT p.id AS policy, g.id AS goal ORDER BY policy, goal`,
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        { policy: 'us-export-controls-2022-10', goal: 'cripple-china-tech-initiatives' },
        { policy: 'us-export-controls-2022-10', goal: 'cut-off-china-chip-access' },
        { policy: 'us-national-security-strategy-2022', goal: 'outcompete-china' },
        { policy: 'us-treasury-outbound-investment-rules-2024', goal: 'us-national-security' },
      ]),
    );
  });

  it('says how the records of one body of measures relate, and records the rivalry once', async () => {
    const links = await ask(
      'q.duplicates',
      `MATCH (a:Policy)-[r:PART_OF|FOLLOWS]->(b:Policy)
       WHERE a.id IN ['us-export-controls-2022-10', 'us-treasury-outbound-investment-rules-2024']
         AND b.id IN ['us-advanced-semiconductor-sales-block', 'us-outbound-investment-restrictions-2023']
       RETURN a.id AS from, type(r) AS type, b.id AS to ORDER BY from`,
    );
    expect(links).toEqual([
      { from: 'us-export-controls-2022-10', type: 'PART_OF', to: 'us-advanced-semiconductor-sales-block' },
      { from: 'us-treasury-outbound-investment-rules-2024', type: 'FOLLOWS', to: 'us-outbound-investment-restrictions-2023' },
    ]);
    const rivalry = await ask('q.rivalry', `MATCH (a:Entity)-[:COMPETES_WITH]->(b:Entity) RETURN a.id AS a, b.id AS b ORDER BY b`);
    // "Beijing is locked in a tech war with the West": the metonym names the Chinese government (issue 22).
    expect(rivalry).toEqual([
      { a: 'chinese-government', b: 'the-west' },
      { a: 'china', b: 'united-states' },
    ]);
    const bodies = await ask(
      'q.partOf',
      `MATCH (a:Actor)-[:PART_OF]->(b:Actor) WHERE a.id IN ['us-treasury', 'trump-administration', 'politburo-standing-committee', 'politburo']
       RETURN a.id AS part, b.id AS whole ORDER BY part`,
    );
    expect(bodies).toEqual([
      { part: 'politburo', whole: 'communist-party-of-china' },
      { part: 'politburo-standing-committee', whole: 'politburo' },
      { part: 'trump-administration', whole: 'us-government' },
      { part: 'us-treasury', whole: 'us-government' },
    ]);
  });

  it('whom does the self-reliance drive turn to? — enlisted, not a party', async () => {
    const rows = await ask(
      'q.enlisted',
      `MATCH (p:Policy {id: 'xi-self-reliance-drive'})-[r]-(a:Actor {id: 'chinese-state-owned-enterprises'}) RETURN type(r) AS type, r.action AS action`,
    );
    expect(rows).toEqual([{ type: 'CALLS_ON', action: 'win the “battle” of important core technologies and ensure China’s industrial security' }]);
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
