// The follow-up questions of issue 8, answered as an analyst expects: undated events on the timeline
// (placed at their source's publication date when one is known, else listed last and marked), date
// windows that find such policies, and timeline pages that add up to the whole timeline.
import { describe, expect, it } from 'vitest';
import { useSeededServer } from '../support/api-suite.ts';

const { server } = useSeededServer();

const TIMELINE = `query($entity: ID, $first: Int, $after: String) {
  timeline(entity: $entity, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id kind date { value precision basis start end resolvedAgainst { id } note } }
  }
}`;

async function wholeTimeline(entity: string, first: number) {
  const ids: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 50; page++) {
    const result: { errors?: unknown; data?: Record<string, any> } = await server().gql(TIMELINE, { entity, first, after });
    expect(result.errors).toBeUndefined();
    const { nodes, pageInfo } = result.data!.timeline as { nodes: any[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    ids.push(...nodes.map((n: any) => n.id));
    if (!pageInfo.hasNextPage) return ids;
    after = pageInfo.endCursor;
  }
  throw new Error('the timeline did not end within 50 pages');
}

describe('timeline', () => {
  it("China's timeline includes its undated response, the Politburo remarks, after every dated event and marked undated", async () => {
    const result = await server().gql(TIMELINE, { entity: 'China', first: 100 });
    const nodes = result.data!.timeline.nodes as any[];
    const politburo = nodes.find((n) => n.id === 'policy:xi-politburo-study-session-remarks');
    expect(politburo).toBeDefined();
    expect(politburo.date).toMatchObject({ value: null, precision: 'UNKNOWN', start: null });
    expect(politburo.date.note).toContain('no date');
    // Undated with no bound (precision UNKNOWN) come last; one known only to be no later than a date
    // (NOT_AFTER, its start open) is ordered by its open first day, before the dated ones.
    const firstUndated = nodes.findIndex((n) => n.date.precision === 'UNKNOWN');
    expect(firstUndated).toBeGreaterThan(0);
    expect(nodes.slice(firstUndated).every((n) => n.date.precision === 'UNKNOWN' && n.date.start === null)).toBe(true);
    expect(nodes.slice(0, firstUndated).every((n) => n.date.end !== null)).toBe(true);
  });

  // Issue 22, row 8: no day precision borrowed from the article — no later than its publication.
  it('places a policy the sources leave undated no later than the publication of the source reporting it, and says so', async () => {
    const result = await server().gql(`{ entity(id: "us-china-trade-war-trump") { ... on Policy { date { value precision basis start end resolvedAgainst { id published { end } } note } } } }`);
    const date = result.data!.entity.date;
    expect(date.basis).toBe('SOURCE_PUBLICATION');
    expect(date.precision).toBe('NOT_AFTER');
    expect(date.resolvedAgainst.id).toBe('reuters-2023-07-07-xi-innovation');
    expect(date.start).toBeNull();
    expect(date.end).toBe(date.resolvedAgainst.published.end);
    expect(date.value).toBe(`../${date.end}`);
    expect(date.note).toContain('no later than the publication of reuters-2023-07-07-xi-innovation');
  });

  it('date windows find such policies wherever their possible range overlaps the window, and only there', async () => {
    const ids = async (window: string) => {
      const result = await server().gql(`{ measures(${window}, first: 100) { nodes { id date { precision } } } }`);
      expect(result.errors).toBeUndefined();
      return result.data!.measures.nodes as any[];
    };
    expect(await ids('from: "2019-01-01", to: "2019-12-31"')).toContainEqual({ id: 'us-china-trade-war-trump', date: { precision: 'NOT_AFTER' } });
    expect((await ids('from: "2023-07-08"')).map((n) => n.id)).not.toContain('us-china-trade-war-trump');
    // The award, presented at the 2024 meeting, is dated by its own record (to the year).
    expect(await ids('from: "2024-01-01", to: "2024-12-31"')).toContainEqual({ id: 'state-preeminent-science-award', date: { precision: 'YEAR' } });
  });

  it('pages of a timeline add up to the whole timeline, in order, without repeats', async () => {
    const whole = await wholeTimeline('China', 100);
    const paged = await wholeTimeline('China', 3);
    expect(paged).toEqual(whole);
    expect(new Set(paged).size).toBe(paged.length);
    const everything = await server().gql(`{ timeline(first: 500) { totalCount nodes { id } } }`);
    expect(everything.data!.timeline.nodes.length).toBe(everything.data!.timeline.totalCount);
    expect(everything.data!.timeline.totalCount).toBeGreaterThan(whole.length);
  });
});

describe('taxonomy expansion', () => {
  it('says when widening a technology followed editorial taxonomy links, and minSources leaves them out', async () => {
    const result = await server().gql(`{
      wide: measures(targeting: "semiconductors", first: 100) {
        totalCount nodes { id }
        expansion { usedEditorialLinks technologies { id } editorialLinks { id independentSources citations { source { id countsAsIndependent } } } }
      }
      strict: measures(targeting: "semiconductors", minSources: 1, first: 100) {
        totalCount nodes { id evidence(types: ["TARGETS"]) { to { id } independentSources } }
        expansion { usedEditorialLinks technologies { id } }
      }
      narrowOnly: measures(targeting: "semiconductors", includeNarrower: false) { expansion { usedEditorialLinks } }
    }`);
    expect(result.errors).toBeUndefined();
    const { wide, strict, narrowOnly } = result.data!;
    expect(wide.expansion.usedEditorialLinks).toBe(true);
    expect(wide.expansion.editorialLinks.length).toBeGreaterThan(0);
    for (const link of wide.expansion.editorialLinks) {
      expect(link.independentSources).toBe(0);
      expect(link.citations.every((c: any) => c.source.countsAsIndependent === false)).toBe(true);
    }
    expect(strict.expansion.usedEditorialLinks).toBe(false);
    expect(strict.expansion.technologies.length).toBeLessThan(wide.expansion.technologies.length);
    expect(strict.totalCount).toBeLessThan(wide.totalCount);
    const strictTechs = new Set(strict.expansion.technologies.map((t: any) => t.id));
    for (const policy of strict.nodes) {
      expect(policy.evidence.some((e: any) => strictTechs.has(e.to.id) && e.independentSources >= 1)).toBe(true);
    }
    expect(narrowOnly.expansion).toBeNull();
  });
});

describe('counts kept at load', () => {
  it("a technology's measures totalCount (kept at load) equals the policies the query lists, for every technology", async () => {
    const techs = await server().gql(`{ search(text: "chips semiconductors equipment materials technology", kinds: [TECHNOLOGY], first: 50) { entity { id } } }`);
    const ids = (techs.data!.search as any[]).map((h) => h.entity.id);
    expect(ids.length).toBeGreaterThan(5);
    for (const id of ids) {
      const result = await server().gql(`query($id: String) { measures(targeting: $id, first: 500) { totalCount nodes { id } } }`, { id });
      expect(result.errors, id).toBeUndefined();
      expect(result.data!.measures.totalCount, id).toBe(result.data!.measures.nodes.length);
    }
  });
});

