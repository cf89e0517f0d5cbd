// The analyst questions of the five articles, asked through the GraphQL API over HTTP.
import { describe, expect, it } from 'vitest';
import { prepareSeed } from '../../src/seed/load-seed.ts';
import { useSeededServer } from '../support/api-suite.ts';
import { testOntology } from '../support/database.ts';

const { server } = useSeededServer();
const seed = prepareSeed(testOntology());
const seedQuotes = new Map(seed.relationships.map((r) => [r.id, r.citations.map((c) => c.quote)]));

describe('analyst questions over the API', () => {
  it('measures(targeting: "AI chips") returns the US measures with issuers, targets, dates and verbatim citations in one request', async () => {
    const result = await server().gql(`{
      measures(targeting: "AI chips") {
        totalCount
        nodes {
          id status date { value precision }
          issuers { id }
          targets { id }
          evidence(types: ["ISSUED", "TARGETS"]) { id type from { id } to { id } citations { quote source { id } } }
        }
      }
    }`);
    expect(result.errors).toBeUndefined();
    const measures = result.data!.measures;
    expect(measures.totalCount).toBe(2);
    const byId = Object.fromEntries(measures.nodes.map((n: any) => [n.id, n]));
    expect(Object.keys(byId).sort()).toEqual(['us-ai-chip-sales-restrictions-2023', 'us-export-controls-2022-10']);
    const controls = byId['us-export-controls-2022-10'];
    expect(controls.status).toBe('IN_FORCE');
    expect(controls.date).toEqual({ value: '2022-10', precision: 'MONTH' });
    expect(controls.issuers).toEqual([{ id: 'us-government' }]);
    expect(controls.targets.map((t: any) => t.id)).toEqual(expect.arrayContaining(['ai-chips', 'china', 'chipmaking-equipment']));
    expect(byId['us-ai-chip-sales-restrictions-2023'].status).toBe('UNDER_CONSIDERATION');
    // Every citation returned is one of the verified quotes recorded for that relationship.
    const evidence = measures.nodes.flatMap((n: any) => n.evidence);
    expect(evidence.length).toBeGreaterThan(5);
    for (const rel of evidence) {
      expect(rel.citations.length).toBeGreaterThan(0);
      for (const citation of rel.citations) expect(seedQuotes.get(rel.id)).toContain(citation.quote);
    }
    expect(evidence.find((r: any) => r.id === 'us-government.ISSUED.us-export-controls-2022-10').citations[0].quote).toBe(
      'Earlier this month, Washington unveiled strict measures on chip export controls to Beijing.',
    );
  });

  it('who joined the US on chipmaking equipment?', async () => {
    const result = await server().gql(`{
      measures(targeting: "chipmaking equipment", types: [MULTILATERAL_AGREEMENT]) { nodes { id parties { id country { id } } } }
    }`);
    const [deal] = result.data!.measures.nodes;
    expect(deal.id).toBe('us-netherlands-japan-chipmaking-equipment-deal');
    expect(deal.parties.map((p: any) => p.country.id).sort()).toEqual(['japan', 'netherlands', 'united-states']);
  });

  it('which companies did the US add to the Unverified List?', async () => {
    const result = await server().gql(`{
      measures(targeting: "YMTC") { nodes { id figures { name value unit } targets { id } } }
    }`);
    const [listing] = result.data!.measures.nodes;
    expect(listing.id).toBe('us-unverified-list-additions-2022-10');
    expect(listing.figures).toEqual([{ name: 'companiesAdded', value: 31, unit: 'companies' }]);
    expect(listing.targets.map((t: any) => t.id).sort()).toEqual(['naura-subsidiary-unnamed', 'ymtc']);
  });

  it('what did China do in response, and when?', async () => {
    const result = await server().gql(`{
      responses: relationships(types: ["RESPONDS_TO"]) { nodes { from { id } to { id } } }
      china: measures(imposedBy: "China", types: [EXPORT_CONTROL]) { nodes { id date { value precision expression } targets { id } } }
    }`);
    expect(result.errors).toBeUndefined();
    const responses = result.data!.responses.nodes;
    expect(new Set(responses.map((r: any) => r.from.id))).toEqual(new Set(['xi-politburo-study-session-remarks']));
    expect(responses.map((r: any) => r.to.id)).toContain('us-export-controls-2022-10');
    expect(result.data!.china.nodes).toEqual([
      {
        id: 'china-metal-export-curbs-2023-07',
        date: { value: '2023-07-03/2023-07-06', precision: 'RANGE', expression: 'earlier this week' },
        targets: [{ id: 'two-metals' }],
      },
    ]);
  });

  it('how is ASML connected to China? — routes ranked by evidence, with citations on every hop', async () => {
    const result = await server().gql(`{
      path(from: "ASML", to: "China") { length nodes { id } hops { forward from { id } to { id } relationship { id citations { quote } } } }
    }`);
    const paths = result.data!.path;
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) {
      expect(path.nodes[0].id).toBe('asml');
      expect(path.nodes.at(-1).id).toBe('china');
      expect(path.hops).toHaveLength(path.length);
      for (const hop of path.hops) {
        expect(hop.relationship.citations.length).toBeGreaterThan(0);
        const [a, b] = hop.relationship.id.split(/\.[A-Z_]+\./);
        expect(hop.forward ? [a, b] : [b, a]).toEqual([hop.from.id, hop.to.id]);
      }
    }
    // Not only the shortest: the routes through the export measures are there, and come before the two-hop
    // route through an unnamed former employee, which is there once although two relationships make it.
    const routes = paths.map((p: any) => p.nodes.map((n: any) => n.id).join(' > '));
    expect(new Set(routes).size).toBe(routes.length);
    const employee = routes.indexOf('asml > asml-former-employee > china');
    expect(employee).toBeGreaterThan(0);
    expect(routes.slice(0, employee).some((r: string) => r.includes('us-export-controls-2022-10') || r.includes('chipmaking-equipment-deal'))).toBe(true);
  });

  it('paths can leave out unnamed entities and editorial links, and say how well supported they are', async () => {
    const result = await server().gql(`{
      all: path(from: "ASML", to: "China", limit: 20) { weakestHop totalSources nodes { id ... on Actor { named } ... on Technology { named } } hops { relationship { independentSources } } }
      strict: path(from: "ASML", to: "China", limit: 20, excludeUnnamed: true, minSources: 1) { weakestHop nodes { id ... on Actor { named } ... on Technology { named } } }
    }`);
    const { all, strict } = result.data!;
    for (const path of all) {
      const counts = path.hops.map((h: any) => h.relationship.independentSources);
      expect(path.weakestHop).toBe(Math.min(...counts));
      expect(path.totalSources).toBe(counts.reduce((a: number, b: number) => a + b, 0));
    }
    const weakest = all.map((p: any) => p.weakestHop);
    expect(weakest).toEqual([...weakest].sort((a: number, b: number) => b - a));
    expect(all.some((p: any) => p.weakestHop === 0)).toBe(true);
    expect(all.some((p: any) => p.nodes.some((n: any) => n.named === false))).toBe(true);
    expect(strict.length).toBeGreaterThan(0);
    expect(strict.every((p: any) => p.weakestHop >= 1 && p.nodes.every((n: any) => n.named !== false))).toBe(true);
  });

  it('timeline orders dated events; a country includes its government and officials', async () => {
    const result = await server().gql(`{ timeline(entity: "China", first: 100) { totalCount nodes { id kind date { start precision } } } }`);
    const nodes = result.data!.timeline.nodes;
    expect(nodes.length).toBe(result.data!.timeline.totalCount);
    // By the first day each date can mean: open for one known only to be no later than a day (NOT_AFTER),
    // and undated (UNKNOWN) last.
    const starts = nodes.map((n: any) => (n.date.precision === 'UNKNOWN' ? '9999-12-31' : (n.date.start ?? '0001-01-01')));
    expect(starts).toEqual([...starts].sort());
    expect(nodes.some((n: any) => n.date.precision === 'NOT_AFTER')).toBe(true);
    const ids = nodes.map((n: any) => n.id);
    expect(ids).toContain('policy:china-metal-export-curbs-2023-07');
    expect(ids).toContain('policy:xi-jiangsu-remarks-2023-07');
    expect(ids).toContain('relationship:janet-yellen.MET_WITH.li-qiang');
  });

  it('which claims rest on a single source? — syndicated copies count once', async () => {
    const result = await server().gql(`{
      single: relationships(maxSources: 1, first: 500) { totalCount nodes { id independentSources sourceCount } }
      all: relationships(first: 500) { totalCount }
    }`);
    const single = result.data!.single.nodes;
    expect(single.length).toBe(result.data!.single.totalCount);
    expect(single.length).toBeLessThan(result.data!.all.totalCount);
    for (const rel of single) expect(rel.independentSources).toBeLessThanOrEqual(1);
    const met = single.find((r: any) => r.id === 'janet-yellen.MET_WITH.li-qiang');
    expect(met).toEqual({ id: 'janet-yellen.MET_WITH.li-qiang', independentSources: 1, sourceCount: 2 });
    expect(single.map((r: any) => r.id)).not.toContain('us-export-controls-2022-10.TARGETS.china');
  });

  it('what are the six bottleneck technologies, and who received the top science award?', async () => {
    const result = await server().gql(`{
      bottleneck: entity(id: "bottleneck-technologies") { ... on Technology { areas { id } narrower { id } figures { value } } }
      award: entity(id: "state-preeminent-science-award") { relationships(direction: IN, types: ["RECEIVED"]) { nodes { from { name } date { value } } } }
    }`);
    // Areas of the grouping, not kinds of it (issue 22, row 5).
    expect(result.data!.bottleneck.areas).toHaveLength(6);
    expect(result.data!.bottleneck.narrower).toEqual([]);
    expect(result.data!.bottleneck.figures).toEqual([{ value: 6 }]);
    expect(result.data!.award.relationships.nodes.map((n: any) => n.from.name).sort()).toEqual(['Li Deren', 'Xue Qikun']);
    expect(result.data!.award.relationships.nodes[0].date).toEqual({ value: '2024' });
  });

  it('what does each source support, and which copies are the same story?', async () => {
    const result = await server().gql(`{
      source(id: "xi-jiangsu-tour-rewrite") { publisher publishedOn published { precision note } sameStoryAs { id publisher publishedOn authors }
        relationships(first: 500) { totalCount nodes { id } } }
    }`);
    const source = result.data!.source;
    expect(source.publisher).toBeNull();
    expect(source.publishedOn).toBeNull();
    expect(source.published.precision).toBe('UNKNOWN');
    expect(source.sameStoryAs).toEqual([{ id: 'reuters-2023-07-07-xi-innovation', publisher: 'Reuters', publishedOn: '2023-07-07', authors: ['Ryan Woo', 'Ellen Zhang'] }]);
    const expected = seed.relationships.filter((r) => r.sourceIds.includes('xi-jiangsu-tour-rewrite')).map((r) => r.id).sort();
    expect(source.relationships.totalCount).toBe(expected.length);
    expect(source.relationships.nodes.map((n: any) => n.id)).toEqual(expected);
  });

  it('sources carry the metadata their texts state, and nothing invented', async () => {
    const result = await server().gql(`{ sources { id title publisher authors editors dateline place standfirst imageCredits } }`);
    const byId = Object.fromEntries((result.data!.sources as any[]).map((s) => [s.id, s]));
    const seedById = Object.fromEntries(seed.sources.map((s) => [s.id, s.properties]));
    for (const [id, source] of Object.entries(byId) as Array<[string, any]>) {
      const stated = seedById[id]!;
      expect(source.title, id).toBe(stated.title ?? null);
      expect(source.publisher, id).toBe(stated.publisher ?? null);
      expect(source.dateline, id).toBe(stated.dateline ?? null);
      expect(source.place, id).toBe(stated.place ?? null);
      expect(source.editors, id).toEqual(stated.editors ?? []);
      expect(source.imageCredits, id).toEqual(stated.imageCredits ?? []);
    }
    expect(byId['reuters-2023-07-07-xi-innovation']).toMatchObject({ publisher: 'Reuters', authors: ['Ryan Woo', 'Ellen Zhang'] });
    expect(byId['reuters-2023-07-07-xi-innovation'].editors.length).toBeGreaterThan(0);
    expect(byId['reuters-2023-07-07-xi-innovation'].dateline).toContain('Reuters');
  });
});
