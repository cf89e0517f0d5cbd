// Paging through every relationship (and every timeline event and measure) with small pages: no
// duplicates, no gaps, the order of one big page, and cursors that are opaque strings.
import { describe, expect, it } from 'vitest';
import { cypher } from '../../src/db/executor.ts';
import { useSeededServer } from '../support/api-suite.ts';
import { testExecutor } from '../support/database.ts';

const { server } = useSeededServer();

async function pageThrough(field: string, args: string, select: string, size: number) {
  const ids: string[] = [];
  let after: string | null = null;
  let pages = 0;
  let total = -1;
  do {
    const result: any = await server().gql(
      `query Page($after: String) { page: ${field}(${args}${args ? ', ' : ''}first: ${size}, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${select} } } } }`,
      { after },
    );
    expect(result.errors).toBeUndefined();
    const page = result.data.page;
    total = page.totalCount;
    ids.push(...page.edges.map((e: any) => e.node.id));
    expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    pages++;
  } while (after && pages < 500);
  return { ids, total, pages };
}

describe('keyset paging', () => {
  it('pages through all relationships with no duplicates or gaps', async () => {
    const paged = await pageThrough('relationships', '', 'id', 7);
    const whole = await pageThrough('relationships', '', 'id', 500);
    expect(whole.pages).toBe(1);
    expect(paged.pages).toBe(Math.ceil(whole.ids.length / 7));
    expect(new Set(paged.ids).size).toBe(paged.ids.length);
    expect(paged.ids).toEqual(whole.ids);
    expect(paged.ids.length).toBe(whole.total);
    expect(whole.ids).toEqual([...whole.ids].sort());
  });

  it('pages through filtered relationships, and through an entity’s relationships', async () => {
    const filtered = await pageThrough('relationships', 'types: ["TARGETS"], minSources: 1', 'id type', 3);
    expect(filtered.ids.length).toBe(filtered.total);
    expect(filtered.ids.every((id) => id.includes('.TARGETS.'))).toBe(true);
    const result: any = await server().gql(`{ entity(id: "china") { relationships(first: 500) { totalCount nodes { id } } } }`);
    const all = result.data.entity.relationships;
    const ids: string[] = [];
    let after: string | null = null;
    do {
      const page: any = await server().gql(`query($after: String) { entity(id: "china") { relationships(first: 4, after: $after) { pageInfo { hasNextPage endCursor } nodes { id } } } }`, { after });
      const rels = page.data.entity.relationships;
      ids.push(...rels.nodes.map((n: any) => n.id));
      after = rels.pageInfo.hasNextPage ? rels.pageInfo.endCursor : null;
    } while (after);
    expect(ids).toEqual(all.nodes.map((n: any) => n.id));
    expect(ids.length).toBe(all.totalCount);
  });

  it('pages through measures in date order and the timeline oldest first', async () => {
    const measures = await pageThrough('measures', '', 'id', 4);
    expect(new Set(measures.ids).size).toBe(measures.total);
    const timeline = await pageThrough('timeline', '', 'id', 5);
    expect(new Set(timeline.ids).size).toBe(timeline.total);
    const whole: any = await server().gql(`{ timeline(first: 500) { nodes { id date { start precision } } } }`);
    expect(timeline.ids).toEqual(whole.data.timeline.nodes.map((n: any) => n.id));
    // Oldest first by the first possible day: open for NOT_AFTER (no later than a day), undated last.
    const starts = whole.data.timeline.nodes.map((n: any) => (n.date.precision === 'UNKNOWN' ? '9999-12-31' : (n.date.start ?? '0001-01-01')));
    expect(starts).toEqual([...starts].sort());
  });

  it('keeps its place when rows are added before the cursor between two page requests (keyset, not offset)', async () => {
    const firstPage: any = await server().gql(`{ relationships(first: 10) { pageInfo { endCursor } nodes { id } } }`);
    const cursor = firstPage.data.relationships.pageInfo.endCursor;
    const expectedNext: any = await server().gql(`query($after: String) { relationships(first: 5, after: $after) { nodes { id } } }`, { after: cursor });
    // Another writer adds a relationship whose id sorts before everything already read.
    const write = cypher(
      'test.insertEarly',
      `CREATE (a:Entity:Technology {id: 'aaa-paging-test-a', name: 'Paging test A', type: 'product'})
       CREATE (b:Entity:Technology {id: 'aaa-paging-test-b', name: 'Paging test B', type: 'product'})
       CREATE (a)-[:DEPENDS_ON {id: 'aaa-paging-test-a.DEPENDS_ON.aaa-paging-test-b', independentSources: 0}]->(b)
       CREATE (:Claim {id: 'aaa-paging-test-a.DEPENDS_ON.aaa-paging-test-b', type: 'DEPENDS_ON', fromId: 'aaa-paging-test-a', toId: 'aaa-paging-test-b', independentSources: 0, sourceIds: []})`,
    );
    await testExecutor().write(write);
    try {
      const inserted: any = await server().gql(`{ relationships(first: 1) { nodes { id } } }`);
      expect(inserted.data.relationships.nodes[0].id).toBe('aaa-paging-test-a.DEPENDS_ON.aaa-paging-test-b');
      const next: any = await server().gql(`query($after: String) { relationships(first: 5, after: $after) { nodes { id } } }`, { after: cursor });
      expect(next.data.relationships.nodes).toEqual(expectedNext.data.relationships.nodes);
    } finally {
      await testExecutor().write(
        cypher('test.removeEarly', `MATCH (n) WHERE n.id STARTS WITH 'aaa-paging-test' DETACH DELETE n`),
      );
    }
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});

describe("a relationship's citations", () => {
  type Rel = { id: string; citationCount: number; citations: Array<{ quote: string; source: { id: string } }> };
  const all = async (): Promise<Rel[]> => {
    const result: any = await server().gql(`{ relationships(first: 500) { nodes { id citationCount citations(first: 50) { quote source { id } } } } }`);
    expect(result.errors).toBeUndefined();
    return result.data.relationships.nodes;
  };

  it('lists at most `first`, in the order they were recorded, and citationCount says how many there are', async () => {
    const rels = await all();
    for (const rel of rels) expect(rel.citations.length, rel.id).toBe(rel.citationCount);
    const most = rels.reduce((a, b) => (b.citationCount > a.citationCount ? b : a));
    expect(most.citationCount).toBeGreaterThanOrEqual(3);

    const capped = await Promise.all(
      [1, 2].map(async (first) => {
        const r: any = await server().gql(`{ relationships(first: 500) { nodes { id citations(first: ${first}) { quote source { id } } } } }`);
        expect(r.errors).toBeUndefined();
        return r.data.relationships.nodes.find((n: Rel) => n.id === most.id) as Rel;
      }),
    );
    expect(capped[0]!.citations).toEqual(most.citations.slice(0, 1));
    expect(capped[1]!.citations).toEqual(most.citations.slice(0, 2));
  });

  it('refuses a `first` outside 1–500, naming the value and the range', async () => {
    for (const first of [0, 501]) {
      const result: any = await server().gql(`{ relationships(first: 1) { nodes { citations(first: ${first}) { quote } } } }`);
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors[0].message).toMatch(new RegExp(`${first}.*1.*500|1.*500.*${first}`));
    }
  });
});

describe("a policy's evidence", () => {
  it('evidence(first: n) is the first n of the whole list, ordered by type then id, for every policy and n', async () => {
    const [row] = await testExecutor().read(cypher('test.policies', 'MATCH (p:Policy) RETURN collect(p.id) AS ids'));
    const ids = row!.ids as string[];
    expect(ids.length).toBeGreaterThan(10);
    const firsts = [1, 2, 3, 5];
    let cut = 0;
    for (const id of ids) {
      const result: any = await server().gql(
        `query Evidence($id: ID!) { entity(id: $id) { ... on Policy { all: evidence(first: 500) { id type } ${firsts.map((n) => `e${n}: evidence(first: ${n}) { id type }`).join(' ')} } } }`,
        { id },
      );
      expect(result.errors).toBeUndefined();
      const policy = result.data.entity;
      const whole = policy.all as Array<{ id: string; type: string }>;
      const key = (r: { id: string; type: string }) => `${r.type}\u0000${r.id}`;
      expect(whole.map(key), id).toEqual([...whole.map(key)].sort());
      for (const n of firsts) {
        expect(policy[`e${n}`], `${id}, first: ${n}`).toEqual(whole.slice(0, n));
        if (whole.length > n) cut++;
      }
    }
    // Pages that had to leave relationships out: the case the order decides.
    expect(cut).toBeGreaterThan(20);
  });
});
