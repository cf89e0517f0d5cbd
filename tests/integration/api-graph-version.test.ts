// The graph version: every response says which version it was read from, and a pull that spans a reload
// fails with GRAPH_VERSION_CHANGED instead of mixing rows of two graphs.
import { afterAll, describe, expect, it } from 'vitest';
import { cypher } from '../../src/db/executor.ts';
import { testExecutor } from '../support/database.ts';
import { useSeededServer } from '../support/api-suite.ts';

const { server } = useSeededServer();

const readVersion = cypher('test.readVersion', `OPTIONAL MATCH (g:GraphState {id: 'graph'}) RETURN g.version AS version`);
const setVersion = cypher('test.setVersion', `MERGE (g:GraphState {id: 'graph'}) SET g.version = $version`);
let original: string | null | undefined;

async function useVersion(version: string) {
  if (original === undefined) original = ((await testExecutor().read(readVersion))[0]?.version as string | null) ?? null;
  await testExecutor().write(setVersion, { version });
}

afterAll(async () => {
  if (original !== undefined) await testExecutor().write(setVersion, { version: original });
});

async function post(query: string, variables?: Record<string, unknown>) {
  const response = await fetch(`${server().url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return { header: response.headers.get('chokepoint-graph-version'), body: (await response.json()) as any };
}

const PAGE = `query($after: String) { relationships(first: 10, after: $after) { pageInfo { endCursor } nodes { id } } }`;

describe('graph version', () => {
  it('is reported in a response header and in extensions', async () => {
    await useVersion('v-test-1');
    const { header, body } = await post(PAGE);
    expect(header).toBe('v-test-1');
    expect(body.extensions.graphVersion).toBe('v-test-1');
  });

  it('refuses a cursor taken before a reload with GRAPH_VERSION_CHANGED, and accepts it on the same version', async () => {
    await useVersion('v-test-1');
    const first = await post(PAGE);
    const cursor = first.body.data.relationships.pageInfo.endCursor;
    const same = await post(PAGE, { after: cursor });
    expect(same.body.errors).toBeUndefined();
    expect(same.body.data.relationships.nodes[0].id > first.body.data.relationships.nodes.at(-1).id).toBe(true);

    await useVersion('v-test-2');
    const stale = await post(PAGE, { after: cursor });
    expect(stale.body.data).toBeNull();
    expect(stale.body.errors[0].extensions).toMatchObject({ code: 'GRAPH_VERSION_CHANGED', cursorVersion: 'v-test-1', graphVersion: 'v-test-2' });
    expect(stale.body.errors[0].message).toContain('start again');
  });

  it('checks cursors of nested connections too', async () => {
    await useVersion('v-test-1');
    const first = await post(`{ entity(id: "china") { relationships(first: 2) { pageInfo { endCursor } } } }`);
    const cursor = first.body.data.entity.relationships.pageInfo.endCursor;
    await useVersion('v-test-3');
    const stale = await post(`query($after: String) { entity(id: "china") { relationships(first: 2, after: $after) { nodes { id } } } }`, { after: cursor });
    expect(stale.body.errors[0].extensions.code).toBe('GRAPH_VERSION_CHANGED');
  });

  it('remembers what a name resolved to for the version it was read on, and resolves it again after a reload', async () => {
    await useVersion('v-test-names-1');
    const query = `{ measures(targeting: "supercomputer chips") { nodes { id } } }`;
    const first = await post(query);
    const again = await post(query);
    expect(first.body.extensions.dbQueries).toEqual(['names.resolve', 'measures.page']);
    expect(again.body.extensions.dbQueries).toEqual(['measures.page']);
    expect(again.body.data).toEqual(first.body.data);
    // A reload: the remembered resolution is of another version, so the request resolves the name again
    // and answers from the new version only.
    await useVersion('v-test-names-2');
    const reloaded = await post(query);
    expect(reloaded.body.extensions.dbQueries).toEqual(['measures.page', 'names.resolve', 'measures.page']);
    expect(reloaded.body.extensions.graphVersion).toBe('v-test-names-2');
    expect(reloaded.body.data).toEqual(first.body.data);
  });
});

