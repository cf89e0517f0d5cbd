// The response cache (issue 24 item 5, decision 0022) on the real Neo4j: an answer asked again on the
// same graph version comes from memory; a version change — by this process or another — is never
// answered from the old version; GET reads get an ETag and 304; errors, mutations and per-key fields
// are never kept; the cache stays within its bounds; a cached answer is still charged and refused.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/graphql/build-schema.ts';
import { cypher, type Executor } from '../../src/db/executor.ts';
import { ResponseCache } from '../../src/server/response-cache/response-cache.ts';
import { VERSIONED_READ_FIELDS } from '../../src/server/response-cache/use-response-cache.ts';
import { ENDPOINT, testApp } from '../support/app.ts';
import { closeTestExecutor, seedGraph, testExecutor, testOntology } from '../support/database.ts';

const readVersion = cypher('test.cacheReadVersion', `MATCH (g:GraphState {id: 'graph'}) RETURN g.version AS version`);
const setVersion = cypher('test.cacheSetVersion', `MATCH (g:GraphState {id: 'graph'}) SET g.version = $version`);
const rename = cypher('test.cacheRename', `MATCH (e:Entity {id: $id}) SET e.name = $name`);
let original: string;
let originalName: string;

beforeAll(async () => {
  await seedGraph();
  original = (await testExecutor().read(readVersion))[0]!.version as string;
  originalName = (await testExecutor().read(cypher('test.cacheName', `MATCH (e:Entity {id: 'china'}) RETURN e.name AS name`)))[0]!.name as string;
}, 240_000);

afterEach(async () => {
  await testExecutor().write(setVersion, { version: original });
  await testExecutor().write(rename, { id: 'china', name: originalName });
});

afterAll(() => closeTestExecutor());

const ENTITY = `query Entity($id: ID!) { entity(id: $id) { id name relationships(first: 3) { totalCount nodes { id } } } }`;

function cachedApp(limits = { maxBytes: 1024 * 1024, maxEntries: 100 }, executor?: Executor) {
  const cache = new ResponseCache(limits);
  return { cache, ...testApp({ responseCache: cache, ...(executor ? { executor } : {}) }) };
}

async function get(app: ReturnType<typeof testApp>['app'], query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const url = `${ENDPOINT}?query=${encodeURIComponent(query)}&variables=${encodeURIComponent(JSON.stringify(variables))}`;
  const response = await app.fetch(url, { method: 'GET', headers: { accept: 'application/json', 'graphql-require-preflight': '1', ...headers } }, { req: { socket: { remoteAddress: '127.0.0.1' } } });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text };
}

describe('response cache keyed by the graph version', () => {
  it('answers the same read on the same version from memory, with one round trip (the version)', async () => {
    const { post } = cachedApp();
    const first = await post(ENTITY, { id: 'china' });
    expect(first.body.errors).toBeUndefined();
    expect(first.headers.get('chokepoint-cache')).toBe('stored');
    // The version, then the operation's own statements (the second read of the version comes after the stats).
    expect(first.body.extensions.dbQueries[0]).toBe('graphState.servedVersion');
    expect(first.body.extensions.dbQueries.length).toBeGreaterThan(1);
    const again = await post(ENTITY, { id: 'china' });
    expect(again.headers.get('chokepoint-cache')).toBe('hit');
    expect(again.body.extensions.dbQueries).toEqual(['graphState.servedVersion']);
    expect(again.body.data).toEqual(first.body.data);
    expect(again.body.extensions.graphVersion).toBe(original);
    expect(again.headers.get('chokepoint-cache-stats')).toMatch(/^hits=1, misses=1, entries=1, bytes=\d+$/);
    // Other variables are another question.
    const other = await post(ENTITY, { id: 'united-states' });
    expect(other.headers.get('chokepoint-cache')).toBe('stored');
    expect(other.body.data.entity.id).toBe('united-states');
  });

  it('never serves the old answer once another process changed the graph and its version', async () => {
    const { post } = cachedApp();
    await post(ENTITY, { id: 'china' });
    expect((await post(ENTITY, { id: 'china' })).headers.get('chokepoint-cache')).toBe('hit');
    // Another process (here: the test's own connection) changes a name and advances the version.
    await testExecutor().write(rename, { id: 'china', name: 'Renamed China' });
    await testExecutor().write(setVersion, { version: 'v-cache-2' });
    const after = await post(ENTITY, { id: 'china' });
    expect(after.headers.get('chokepoint-cache')).toBe('stored');
    expect(after.body.data.entity.name).toBe('Renamed China');
    expect(after.body.extensions.graphVersion).toBe('v-cache-2');
    // Back to the first version's content and version: the entries of v-cache-2 are not served either.
    await testExecutor().write(rename, { id: 'china', name: originalName });
    await testExecutor().write(setVersion, { version: original });
    const back = await post(ENTITY, { id: 'china' });
    expect(back.headers.get('chokepoint-cache')).toBe('stored');
    expect(back.body.data.entity.name).toBe(originalName);
  });

  it('does not keep an answer when the version changed while it was being read', async () => {
    // An executor that advances the version right after the cache read it: the operation then reads the
    // new version, so its answer belongs to neither key and must not be kept.
    const base = testExecutor();
    let moved = false;
    const racing = Object.create(base) as Executor;
    racing.read = async (query, params, observe) => {
      const rows = await base.read(query, params, observe);
      if (query.name === 'graphState.servedVersion' && !moved) {
        moved = true;
        await base.write(setVersion, { version: 'v-cache-race' });
      }
      return rows;
    };
    const { post, cache } = cachedApp(undefined, racing);
    const first = await post(ENTITY, { id: 'china' });
    expect(first.body.errors).toBeUndefined();
    expect(first.headers.get('chokepoint-cache')).toBe('miss');
    expect(cache.stats().entries).toBe(0);
    const second = await post(ENTITY, { id: 'china' });
    expect(second.headers.get('chokepoint-cache')).toBe('stored');
    expect(second.body.extensions.graphVersion).toBe('v-cache-race');
  });

  it('gives GET reads an ETag and answers If-None-Match with 304 until the version changes', async () => {
    const { app } = cachedApp();
    const first = await get(app, ENTITY, { id: 'china' });
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]{43}"$/);
    const notModified = await get(app, ENTITY, { id: 'china' }, { 'if-none-match': `W/"x", ${etag}` });
    expect(notModified.status).toBe(304);
    expect(notModified.text).toBe('');
    expect(notModified.headers.get('etag')).toBe(etag);
    // Another question with the same ETag: answered in full.
    const other = await get(app, ENTITY, { id: 'united-states' }, { 'if-none-match': etag! });
    expect(other.status).toBe(200);
    await testExecutor().write(setVersion, { version: 'v-cache-etag' });
    const changed = await get(app, ENTITY, { id: 'china' }, { 'if-none-match': etag! });
    expect(changed.status).toBe(200);
    expect(JSON.parse(changed.text).data.entity.id).toBe('china');
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('answers a revalidation with 304 also when it says Cache-Control: no-cache, as fetch() adds to every If-None-Match', async () => {
    // The Fetch standard turns a request with If-None-Match into cache mode "no-store" and adds
    // `Cache-Control: no-cache`: browsers' and Node's fetch() send it, and the bench found every such GET
    // answered in full. no-cache asks the origin to validate, which is what comparing the ETag does.
    const { app } = cachedApp();
    const first = await get(app, ENTITY, { id: 'china' });
    const etag = first.headers.get('etag')!;
    const revalidated = await get(app, ENTITY, { id: 'china' }, { 'if-none-match': etag, 'cache-control': 'no-cache', pragma: 'no-cache' });
    expect(revalidated.status).toBe(304);
    expect(revalidated.text).toBe('');
    expect(revalidated.headers.get('etag')).toBe(etag);
    // After a version change the same request is answered in full from the database, and not kept (no-cache).
    await testExecutor().write(setVersion, { version: 'v-cache-revalidate' });
    const changed = await get(app, ENTITY, { id: 'china' }, { 'if-none-match': etag, 'cache-control': 'no-cache' });
    expect(changed.status).toBe(200);
    expect(JSON.parse(changed.text).data.entity.id).toBe('china');
    expect(changed.headers.get('chokepoint-cache')).toBe('bypass');
    expect((await get(app, ENTITY, { id: 'china' })).headers.get('chokepoint-cache')).toBe('stored');
  });

  it('never keeps errors, mutations, per-key fields or what the client asked to bypass', async () => {
    const { post, cache } = cachedApp();
    const unknown = `{ measures(targeting: "no such technology anywhere") { nodes { id } } }`;
    expect((await post(unknown)).body.errors[0].extensions.code).toBe('NOT_FOUND');
    const again = await post(unknown);
    expect(again.body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect(again.headers.get('chokepoint-cache')).toBe('miss');
    expect(again.headers.get('etag')).toBeNull();
    // `me` answers differently per key; a mutation is never a read.
    expect((await post(`{ me { role } }`)).headers.get('chokepoint-cache')).toBe('bypass');
    expect((await post(`{ stats { entities } me { role } }`)).headers.get('chokepoint-cache')).toBe('bypass');
    const entries = cache.stats().entries;
    const mutation = await post(`mutation { review(id: "x", revision: 1, decision: ACCEPT) { __typename } }`);
    expect(mutation.body.errors).toBeDefined();
    expect(mutation.headers.get('etag')).toBeNull();
    expect(['bypass', null]).toContain(mutation.headers.get('chokepoint-cache'));
    expect(cache.stats().entries).toBe(entries);
    // The benchmark's header: answered by the database every time.
    await post(ENTITY, { id: 'china' });
    const bypassed = await post(ENTITY, { id: 'china' }, { headers: { 'cache-control': 'no-cache' } });
    expect(bypassed.headers.get('chokepoint-cache')).toBe('bypass');
    expect(bypassed.body.extensions.dbQueries.length).toBeGreaterThan(0);
    expect(bypassed.body.extensions.dbQueries).not.toContain('graphState.servedVersion');
  });

  it('stays within its entries and bytes, and keeps no answer larger than a quarter of them', async () => {
    const few = cachedApp({ maxBytes: 1024 * 1024, maxEntries: 3 });
    for (const id of ['china', 'united-states', 'japan', 'netherlands', 'south-korea']) await few.post(ENTITY, { id });
    expect(few.cache.stats().entries).toBe(3);
    const small = cachedApp({ maxBytes: 2_000, maxEntries: 100 });
    for (const id of ['china', 'united-states', 'japan', 'netherlands', 'south-korea']) await small.post(ENTITY, { id });
    expect(small.cache.stats().bytes).toBeLessThanOrEqual(2_000);
    expect(small.cache.stats().entries).toBeGreaterThan(0);
    const big = await small.post(`{ relationships(first: 50) { nodes { id type citations { quote } } } }`);
    expect(big.body.errors).toBeUndefined();
    expect(JSON.stringify(big.body.data).length).toBeGreaterThan(500);
    expect(big.headers.get('chokepoint-cache')).toBe('miss');
  });

  it('answers from memory only after the budget and auth have passed', async () => {
    const clock = { now: 1_000_000 };
    const cost = testOntology().relationshipTypes.size;
    const cache = new ResponseCache({ maxBytes: 1024 * 1024, maxEntries: 10 });
    const { post } = testApp({ responseCache: cache, http: { rateLimitCostPerMinute: 2 * cost }, clock: () => clock.now });
    const query = `{ relationshipTypes { type } }`;
    expect((await post(query)).headers.get('chokepoint-cache')).toBe('stored');
    expect((await post(query)).headers.get('chokepoint-cache')).toBe('hit');
    expect((await post(query)).status).toBe(429);
    const locked = testApp({ responseCache: cache, http: { readsRequireKey: true } });
    const refused = await locked.post(query);
    expect(refused.status).toBe(401);
    expect(refused.body.data ?? null).toBeNull();
  });

  it('classifies every Query field as versioned or never cached', () => {
    const neverCached = new Set(['proposals', 'proposal', 'apiKeys', 'me', 'history', 'changes', 'needingReview']);
    const fields = Object.keys(buildSchema(testOntology()).getQueryType()!.getFields());
    for (const field of fields) expect(VERSIONED_READ_FIELDS.has(field) !== neverCached.has(field), `Query.${field}`).toBe(true);
    for (const field of VERSIONED_READ_FIELDS) expect(fields).toContain(field);
  });
});
