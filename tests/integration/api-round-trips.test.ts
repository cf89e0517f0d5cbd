// Round trips to Neo4j per request are set by the root fields of the query, not by its rows or its depth:
// each root field is one planned statement that fetches the page and every field selected below it
// (plus one statement that resolves name arguments such as `targeting: "AI chips"`).
import { describe, expect, it } from 'vitest';
import { useSeededServer } from '../support/api-suite.ts';

const { server } = useSeededServer();

/**
 * The request's round trips. Name arguments are resolved by one statement the first time and remembered
 * for the graph version after that (tests/integration/api-graph-version.test.ts), so `names.resolve` is
 * left out here: it appears at most once, first.
 */
async function roundTrips(query: string, variables?: Record<string, unknown>) {
  const result = await server().gql(query, variables);
  expect(result.errors).toBeUndefined();
  const all = result.extensions!.dbQueries!;
  expect(all.filter((q) => q === 'names.resolve').length).toBeLessThanOrEqual(1);
  if (all.includes('names.resolve')) expect(all[0]).toBe('names.resolve');
  return { queries: all.filter((q) => q !== 'names.resolve'), data: result.data! };
}

const MEASURES = `query($n: Int) {
  measures(first: $n) {
    totalCount
    nodes {
      id issuers { name country { name } } parties { name } targets { name }
      evidence { summary from { name } to { name } citations { quote source { id title } } }
    }
  }
}`;

const TABLE = `query($n: Int) {
  relationships(first: $n) { nodes { id from { name } to { name } citations { quote source { publisher } } } }
}`;

describe('round trips per request', () => {
  it('the headline query takes a handful of round trips', async () => {
    const { queries } = await roundTrips(`{
      measures(targeting: "AI chips") {
        nodes { name date { value } issuers { name } targets { name } evidence(types: ["ISSUED", "TARGETS"]) { summary citations { quote source { id } } } }
      }
    }`);
    expect(queries).toEqual(['measures.page']);
  });

  it('do not grow with the number of policies listed', async () => {
    const small = await roundTrips(MEASURES, { n: 2 });
    const large = await roundTrips(MEASURES, { n: 50 });
    expect(large.data.measures.nodes.length).toBeGreaterThan(10);
    expect(small.data.measures.nodes.length).toBe(2);
    expect(large.queries).toEqual(['measures.page']);
    expect(small.queries).toEqual(large.queries);
  });

  it('do not grow with the size of a page of the edge table', async () => {
    const small = await roundTrips(TABLE, { n: 3 });
    const large = await roundTrips(TABLE, { n: 200 });
    expect(large.data.relationships.nodes.length).toBeGreaterThan(100);
    expect(large.queries).toEqual(['relationships.table']);
    expect(small.queries).toEqual(large.queries);
  });

  it('fetch per-entity relationship pages of a list of search hits in the same statement', async () => {
    const { queries, data } = await roundTrips(`{ search(text: "chips", first: 10) { entity { id relationships(first: 3) { totalCount nodes { id } } } } }`);
    expect(data.search.length).toBeGreaterThan(3);
    expect(queries).toEqual(['entities.search']);
    expect(data.search.every((hit: any) => hit.entity.relationships.nodes.length <= 3)).toBe(true);
  });

  it('cost one statement per root field however deep the selection goes', async () => {
    const { queries, data } = await roundTrips(`{
      entity(id: "china") {
        relationships(first: 5) { nodes { from { name ... on Actor { country { name } measures(first: 2) { totalCount nodes { name issuers { name } } } } }
                                          to { name } citations { quote source { id sameStoryAs { id } citationCount } } } }
      }
      stats { entities }
    }`);
    expect(data.entity.relationships.nodes.length).toBe(5);
    expect([...queries].sort()).toEqual(['entities.byId', 'stats.graph']);
  });

  it('fetch a field of a record that was looked up outside a plan once for all such records', async () => {
    // A figure's source is looked up by id when selected; the relationships of those sources are then
    // fetched for all of them together.
    const { queries, data } = await roundTrips(`{ measures(first: 50) { nodes { figures { source { id relationships(first: 1) { totalCount } } } } } }`);
    const sources = data.measures.nodes.flatMap((n: any) => n.figures.map((f: any) => f.source));
    expect(sources.length).toBeGreaterThan(1);
    expect(sources.every((s: any) => s.relationships.totalCount > 0)).toBe(true);
    expect(queries).toEqual(['measures.page', 'sources.byIds', 'fields.Source.relationships']);
  });

  it('do no work for fields the query does not select', async () => {
    const lengths = await roundTrips(`{ path(from: "ASML", to: "China") { length weakestHop } }`);
    // The search's levels (at most two per hop of maxHops: a scan and a listing), and no look-up of parts.
    expect(lengths.queries.length).toBeGreaterThan(0);
    expect(lengths.queries.length).toBeLessThanOrEqual(8);
    expect(new Set(lengths.queries)).toEqual(new Set(['paths.level']));
    const withNodes = await roundTrips(`{ path(from: "ASML", to: "China") { nodes { id } } }`);
    expect(withNodes.queries).toEqual([...lengths.queries, 'paths.parts']);
    const counts = await roundTrips(`{ measures(targeting: "AI chips") { totalCount } }`);
    expect(counts.queries).toEqual(['measures.page']);
  });

  it('answer endpoints from the Claim when only their id, name and kind are asked, the same as looking them up', async () => {
    const fromClaim = await roundTrips(`{ relationships(first: 500) { nodes { id summary from { id name kind } to { id name kind } } } }`);
    const lookedUp = await roundTrips(`{ relationships(first: 500) { nodes { id summary from { id name kind ... on Actor { type } } to { id name kind ... on Actor { type } } } } }`);
    const strip = (nodes: any[]) => nodes.map((n) => ({ id: n.id, summary: n.summary, from: { id: n.from.id, name: n.from.name, kind: n.from.kind }, to: { id: n.to.id, name: n.to.name, kind: n.to.kind } }));
    expect(fromClaim.data.relationships.nodes.length).toBeGreaterThan(100);
    expect(strip(fromClaim.data.relationships.nodes)).toEqual(strip(lookedUp.data.relationships.nodes));
  });
});

