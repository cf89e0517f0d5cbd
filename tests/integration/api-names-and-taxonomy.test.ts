// Names resolve the way people write them (ids, names, aliases, metonyms, any case), search ranks
// names and aliases and tolerates typos, and technology queries include narrower technologies.
import { describe, expect, it } from 'vitest';
import { useSeededServer } from '../support/api-suite.ts';

const { server } = useSeededServer();

async function measureIds(args: string): Promise<string[]> {
  const result = await server().gql(`{ measures(${args}, first: 500) { nodes { id } } }`);
  expect(result.errors).toBeUndefined();
  return result.data!.measures.nodes.map((n: any) => n.id).sort();
}

describe('name resolution', () => {
  it('accepts an id, the name, an alias and any case for the same technology', async () => {
    const expected = await measureIds('targeting: "ai-chips"');
    expect(expected).toContain('us-export-controls-2022-10');
    for (const written of ['AI chips', 'ai CHIPS', 'artificial intelligence microchips', 'Advanced AI computing chips']) {
      expect(await measureIds(`targeting: "${written}"`), written).toEqual(expected);
    }
  });

  it('folds typographic and straight quotes in names', async () => {
    expect(await measureIds(`targeting: "People's Republic of China"`)).toEqual(await measureIds('targeting: "china"'));
  });

  it('resolves the metonym "Washington" to the US government that imposed the measures', async () => {
    const byMetonym = await measureIds('imposedBy: "Washington"');
    expect(byMetonym).toEqual(await measureIds('imposedBy: "us-government"'));
    expect(byMetonym).toContain('us-export-controls-2022-10');
    expect(byMetonym).toContain('us-netherlands-japan-chipmaking-equipment-deal');
  });

  it('expands a country to its government bodies and their officials', async () => {
    const byCountry = await measureIds('imposedBy: "United States"');
    expect(byCountry).toEqual(await measureIds('imposedBy: "U.S."'));
    // The Treasury's rules and Yellen's statement: bodies and officials of the US government.
    expect(byCountry).toEqual(expect.arrayContaining(['us-treasury-outbound-investment-rules-2024', 'yellen-healthy-competition-statement-2023-07', 'us-export-controls-2022-10']));
    expect(byCountry).not.toContain('china-metal-export-curbs-2023-07');
    const byBeijing = await measureIds('imposedBy: "Beijing"');
    expect(byBeijing).toEqual(expect.arrayContaining(['china-metal-export-curbs-2023-07', 'china-basic-research-budget-2024', 'xi-20th-congress-speech']));
    expect(byBeijing).not.toContain('us-export-controls-2022-10');
  });

  it('records the surface form each source used, on the citation', async () => {
    const result = await server().gql(`{
      relationships(from: "us-government", to: "us-export-controls-2022-10") { nodes { citations { mentionsFrom source { id } } } }
    }`);
    const citations = result.data!.relationships.nodes[0].citations;
    expect(citations.map((c: any) => c.mentionsFrom)).toEqual(['Washington', 'US']);
  });
});

describe('search', () => {
  it('tolerates a typo and says which name or alias matched', async () => {
    const result = await server().gql(`{ search(text: "Yangze Memory") { entity { id } matched score } }`);
    expect(result.data!.search[0]).toMatchObject({ entity: { id: 'ymtc' }, matched: 'Yangtze Memory Technologies' });
  });

  it('ranks an exact alias first and filters by kind', async () => {
    const result = await server().gql(`{
      all: search(text: "Washington") { entity { id } matched }
      countries: search(text: "Netherlands", kinds: [COUNTRY]) { entity { id kind } }
    }`);
    expect(result.data!.all[0]).toEqual({ entity: { id: 'us-government' }, matched: 'Washington' });
    expect(result.data!.countries.map((h: any) => h.entity.kind)).toEqual(['COUNTRY']);
    expect(result.data!.countries[0].entity.id).toBe('netherlands');
  });

  it('orders exact name or alias matches first, then by score', async () => {
    const result = await server().gql(`{ search(text: "chips", first: 10) { score exact } }`);
    const hits = result.data!.search as Array<{ score: number; exact: boolean }>;
    expect(hits.length).toBeGreaterThan(2);
    const order = (a: { score: number; exact: boolean }, b: { score: number; exact: boolean }) => Number(b.exact) - Number(a.exact) || b.score - a.score;
    expect(hits).toEqual([...hits].sort(order));
  });

  it('ranks the entity whose alias is exactly the text first ("US" is the country)', async () => {
    const result = await server().gql(`{ search(text: "US", first: 5) { exact entity { id } } }`);
    expect(result.data!.search[0]).toEqual({ exact: true, entity: { id: 'united-states' } });
  });
});

describe('taxonomy', () => {
  it('includes narrower technologies, unless turned off', async () => {
    const withNarrower = await measureIds('targeting: "advanced semiconductors"');
    const without = await measureIds('targeting: "advanced semiconductors", includeNarrower: false');
    // Targets AI chips (narrower) but not advanced semiconductors directly:
    expect(withNarrower).toContain('us-ai-chip-sales-restrictions-2023');
    expect(without).not.toContain('us-ai-chip-sales-restrictions-2023');
    expect(without.every((id) => withNarrower.includes(id))).toBe(true);
  });

  it('follows the taxonomy down several levels, and only the taxonomy', async () => {
    // AI chips ⊂ advanced semiconductors ⊂ semiconductors: the considered rules target AI chips only.
    expect(await measureIds('targeting: "semiconductors"')).toContain('us-ai-chip-sales-restrictions-2023');
    // Chipmaking equipment is *part of* semiconductor manufacturing technology (PART_OF), not a kind of
    // it (BROADER), so the deal on equipment is not a measure on the technology; the 2024 block is.
    const technology = await measureIds('targeting: "semiconductor manufacturing technology"');
    expect(technology).toContain('us-advanced-semiconductor-sales-block');
    expect(technology).not.toContain('us-netherlands-japan-chipmaking-equipment-deal');
  });

  it('exposes broader and narrower technologies', async () => {
    const result = await server().gql(`{ entity(id: "advanced-semiconductors") { ... on Technology { broader { id } narrower { id } } } }`);
    expect(result.data!.entity.broader).toEqual([{ id: 'semiconductors' }]);
    expect(result.data!.entity.narrower.map((t: any) => t.id).sort()).toEqual(['ai-chips', 'supercomputer-chips']);
  });

  // Issue 22, row 5: "six key areas of the hi-tech sector" are areas within it, not kinds of it.
  it('follows area links only when asked, and says which links it followed', async () => {
    const query = (args: string) =>
      server().gql(`{ measures(promoting: "hi-tech sector"${args}, first: 500) { totalCount expansion { followed technologies { id } } nodes { id } } }`);
    const byDefault = await query('');
    expect(byDefault.errors).toBeUndefined();
    // Nothing promotes the sector as such, and its areas are not kinds of it.
    expect(byDefault.data!.measures.nodes).toEqual([]);
    expect(byDefault.data!.measures.expansion).toEqual({ followed: ['BROADER'], technologies: [{ id: 'hi-tech-sector' }] });
    const withAreas = await query(', includeAreas: true');
    expect(withAreas.errors).toBeUndefined();
    expect(withAreas.data!.measures.expansion.followed).toEqual(['BROADER', 'AREA_OF']);
    // The sector, the bottleneck grouping, and its six areas.
    expect(withAreas.data!.measures.expansion.technologies.map((t: any) => t.id).sort()).toEqual([
      'advanced-materials', 'basic-software', 'bottleneck-technologies', 'hi-tech-sector', 'industrial-machine-tools',
      'integrated-circuits', 'scientific-research-instruments', 'seed-sources',
    ]);
    expect(withAreas.data!.measures.nodes.map((n: any) => n.id)).toEqual(['xi-science-conference-speech-2024']);
    expect(withAreas.data!.measures.totalCount).toBe(1);
  });

  it('widens a target with areas too, and counts it without the count kept for kind-of subtrees', async () => {
    const total = await server().gql(`{ measures(targeting: "emerging technologies", includeAreas: true) { totalCount nodes { id } } }`);
    // The outbound-investment limits under consideration target AI and quantum computing (⊂ quantum science).
    expect(total.data!.measures.nodes.map((n: any) => n.id)).toEqual(['us-outbound-investment-restrictions-2023']);
    expect(total.data!.measures.totalCount).toBe(1);
    const without = await server().gql(`{ measures(targeting: "emerging technologies") { totalCount nodes { id } } }`);
    expect(without.data!.measures).toEqual({ totalCount: 0, nodes: [] });
  });

  it('exposes the areas of a grouping apart from its narrower kinds', async () => {
    const result = await server().gql(`{ entity(id: "emerging-technologies") { ... on Technology { areas { id } narrower { id } } }
      ai: entity(id: "artificial-intelligence") { ... on Technology { areaOf { id } broader { id } } } }`);
    expect(result.data!.entity.areas.map((t: any) => t.id)).toEqual(['artificial-intelligence', 'biotechnology', 'quantum-science']);
    expect(result.data!.entity.narrower).toEqual([]);
    expect(result.data!.ai).toEqual({ areaOf: [{ id: 'emerging-technologies' }], broader: [] });
  });
});
