// Round trips to Neo4j per request are bounded by the shape of the query, not by how many rows it
// returns: a list of 50 policies with issuers, targets and citations costs what a list of 2 costs.
import { describe, expect, it } from 'vitest';
import { useSeededServer } from '../support/api-suite.ts';

const { server } = useSeededServer();

async function roundTrips(query: string, variables?: Record<string, unknown>) {
  const result = await server().gql(query, variables);
  expect(result.errors).toBeUndefined();
  return { queries: result.extensions!.dbQueries!, data: result.data! };
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
    expect(queries.length).toBeLessThanOrEqual(8);
    expect(queries.filter((q) => q === 'relationships.citations')).toHaveLength(1);
  });

  it('do not grow with the number of policies listed', async () => {
    const small = await roundTrips(MEASURES, { n: 2 });
    const large = await roundTrips(MEASURES, { n: 50 });
    expect(large.data.measures.nodes.length).toBeGreaterThan(10);
    expect(small.data.measures.nodes.length).toBe(2);
    expect(large.queries.length).toBe(small.queries.length);
    expect([...large.queries].sort()).toEqual([...small.queries].sort());
  });

  it('do not grow with the size of a page of the edge table', async () => {
    const small = await roundTrips(TABLE, { n: 3 });
    const large = await roundTrips(TABLE, { n: 200 });
    expect(large.data.relationships.nodes.length).toBeGreaterThan(100);
    expect([...large.queries].sort()).toEqual([...small.queries].sort());
    expect(large.queries.length).toBeLessThanOrEqual(3);
  });

  it('batch per-entity relationship pages across a list of search hits', async () => {
    const { queries, data } = await roundTrips(`{ search(text: "chips", first: 10) { entity { id relationships(first: 3) { totalCount nodes { id } } } } }`);
    expect(data.search.length).toBeGreaterThan(3);
    expect(queries.filter((q) => q.startsWith('relationships.ofEntity'))).toHaveLength(1);
    expect(queries.filter((q) => q.startsWith('relationships.countOfEntity'))).toHaveLength(1);
  });
});
