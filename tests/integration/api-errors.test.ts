// The error vocabulary: NOT_FOUND with suggestions, BAD_USER_INPUT naming the allowed range,
// QUERY_TOO_COMPLEX before any database work, and internal errors masked (no Cypher, no stack).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createDriver } from '../../src/db/driver.ts';
import { cypher, Executor, type CypherQuery, type Params, type QueryObserver } from '../../src/db/executor.ts';
import { useSeededServer } from '../support/api-suite.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const { server } = useSeededServer();

function errorOf(result: { errors?: Array<{ message: string; extensions?: Record<string, any> }> }) {
  expect(result.errors, 'expected an error').toBeDefined();
  return result.errors![0]!;
}

describe('NOT_FOUND', () => {
  it('names the unknown value and suggests the closest known names', async () => {
    const error = errorOf(await server().gql(`{ measures(targeting: "AI chip") { totalCount } }`));
    expect(error.extensions?.code).toBe('NOT_FOUND');
    expect(error.message).toContain('"AI chip"');
    expect(error.extensions?.suggestions).toContain('AI chips');
    expect(error.extensions?.argument).toBe('targeting');
  });

  it('covers imposedBy and path, with typo-tolerant suggestions', async () => {
    const imposed = errorOf(await server().gql(`{ measures(imposedBy: "Wahsington") { totalCount } }`));
    expect(imposed.extensions?.code).toBe('NOT_FOUND');
    expect(imposed.extensions?.suggestions).toContain('United States government');
    const path = errorOf(await server().gql(`{ path(from: "ASML", to: "Atlantis") { length } }`));
    expect(path.extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'to', value: 'Atlantis' });
  });

  it('suggests the ids closest to an unknown id', async () => {
    const byName = errorOf(await server().gql(`{ relationships(from: "China") { totalCount } }`));
    expect(byName.extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'from', value: 'China', suggestions: ['china'] });
    const typo = errorOf(await server().gql(`{ relationships(to: "ai-chip") { totalCount } }`));
    expect(typo.extensions?.suggestions).toContain('ai-chips');
  });
});

describe('BAD_USER_INPUT', () => {
  it.each([
    ['first beyond the maximum', '{ relationships(first: 501) { totalCount } }', "'first' is 501; it must be a whole number from 1 to 500."],
    ['first below the minimum', '{ measures(first: 0) { totalCount } }', "'first' is 0; it must be a whole number from 1 to 500."],
    ['maxHops too large', '{ path(from: "ASML", to: "China", maxHops: 7) { length } }', "'maxHops' is 7; it must be a whole number from 1 to 6."],
    ['from after to', '{ measures(from: "2024-01-01", to: "2023-01-01") { totalCount } }', "'from' (2024-01-01) is after 'to' (2023-01-01)"],
    ['a malformed cursor', '{ relationships(after: "not-a-cursor") { totalCount } }', "'after' is not a valid cursor for this list"],
    ['a cursor from another list', '{ measures(after: "WyJyZWwiLCJ4Il0") { totalCount } }', "'after' is not a valid cursor for this list"],
    ['an unknown relationship type', '{ relationships(types: ["OWNS"]) { totalCount } }', `'types' has unknown relationship type(s) "OWNS"; allowed: `],
    ['a search text without words', '{ search(text: "!!!") { matched } }', "'text' must contain letters or digits"],
    ['minSources above maxSources', '{ relationships(minSources: 3, maxSources: 1) { totalCount } }', "'minSources' (3) is more than 'maxSources' (1)"],
  ])('rejects %s', async (_what, query, message) => {
    const error = errorOf(await server().gql(query));
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain(message);
  });

  it('rejects a malformed Date, written inline or passed as a variable', async () => {
    const inline = errorOf(await server().gql(`{ measures(from: "2022-13-01") { totalCount } }`));
    expect(inline.extensions?.code).toBe('BAD_USER_INPUT');
    expect(inline.message).toContain('Date must be an ISO 8601 calendar date (YYYY-MM-DD), e.g. "2022-10-07"; got "2022-13-01"');
    const variable = errorOf(await server().gql(`query($d: Date) { measures(from: $d) { totalCount } }`, { d: '07/10/2022' }));
    expect(variable.extensions?.code).toBe('BAD_USER_INPUT');
    expect(variable.message).toContain('"07/10/2022"');
  });

  it('refuses a variable of the wrong type with HTTP 400, naming the variable, value and type, and logs no stack', async () => {
    const result = await server().gql(`query($n: Int!) { measures(first: $n) { totalCount } }`, { n: '1e9' });
    expect(result.status).toBe(400);
    const error = errorOf(result);
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', variable: 'n', value: '"1e9"', expected: 'Int!' });
    expect(error.message).toContain('Variable "$n" got "1e9", which is not a valid Int!: Int cannot represent non-integer value');
    const missing = await server().gql(`query($n: Int!) { measures(first: $n) { totalCount } }`);
    expect(missing.status).toBe(400);
    expect(errorOf(missing).message).toBe('Variable "$n" of type Int! is required, and no value was provided.');
    expect(server().logs.filter((line) => line.includes('unexpected error') || line.includes('"stack"'))).toEqual([]);
  });

  it('truncates echoed values in error messages and logged operation names', async () => {
    // Under the 64 KiB body limit.
    const long = 'x'.repeat(50_000);
    const variable = errorOf(await server().gql(`query($d: Date) { measures(from: $d) { totalCount } }`, { d: long }));
    expect(variable.extensions?.code).toBe('BAD_USER_INPUT');
    expect(variable.message).toContain('(50002 characters)');
    expect(variable.message.length).toBeLessThan(1_000);
    expect(JSON.stringify(variable.extensions).length).toBeLessThan(1_000);
    const field = errorOf(await server().gql(`{ ${long} }`));
    expect(field.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(field.message).toContain('(50000 characters)');
    expect(field.message.length).toBeLessThan(1_000);
    await server().gql(`query ${long} { stats { entities } }`);
    const logged = JSON.parse(server().logs.filter((l) => l.includes('"msg":"request"')).at(-1)!);
    expect(logged.operation).toBe(`${'x'.repeat(200)}… (50000 characters)`);
  });

  it('gives parse and validation failures their own codes', async () => {
    expect(errorOf(await server().gql(`{ measures(`)).extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(errorOf(await server().gql(`{ measures { nope } }`)).extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('the GraphQL endpoint', () => {
  const ask = (path: string) =>
    fetch(`${server().url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });

  it('answers at /graphql (and /graphql/) only, not at any path that ends in it', async () => {
    for (const path of ['/graphql', '/graphql/']) {
      const response = await ask(path);
      expect(response.status, path).toBe(200);
      expect(await response.json(), path).toMatchObject({ data: { __typename: 'Query' } });
    }
    for (const path of ['/x/graphql', '/graphql/graphql', '/export/graphql/']) {
      const response = await ask(path);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).not.toContain('__typename');
    }
  });
});

describe('the request log', () => {
  const lastRequestLog = () => JSON.parse(server().logs.filter((l) => l.includes('"msg":"request"')).at(-1)!);

  it('logs which statement an answered request spent longest in', async () => {
    const answered = await server().gql(`{ timeline(entity: "China", first: 3) { totalCount } }`);
    expect(answered.errors).toBeUndefined();
    const line = lastRequestLog();
    expect(line.dbQueries).toBeGreaterThan(0);
    expect(line.slowestQuery).toMatch(/^(names\.resolve|timeline\.page)$/);
    expect(line.slowestQueryMs).toBeGreaterThan(0);
    expect(line.slowestQueryMs).toBeLessThanOrEqual(line.dbMs);
  });
});

describe('QUERY_TOO_COMPLEX', () => {
  const lastRequestLog = () => JSON.parse(server().logs.filter((l) => l.includes('"msg":"request"')).at(-1)!);

  it('refuses an over-deep query before it reaches the database', async () => {
    const deep = `{ entity(id: "china") { relationships { nodes { from { relationships { nodes { to { relationships { nodes { from { relationships { nodes { id } } } } } } } } } } } } }`;
    const error = errorOf(await server().gql(deep));
    expect(error.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(error.message).toMatch(/nests \d+ levels deep; at most 12 are allowed/);
    expect(lastRequestLog().dbQueries).toBe(0);
    // A request that ran nothing names no slowest statement.
    expect(lastRequestLog()).not.toHaveProperty('slowestQuery');
  });

  it('refuses an over-costly query (large pages nested) before it reaches the database', async () => {
    const costly = `{ relationships(first: 500) { nodes { from { relationships(first: 500) { nodes { id } } } } } }`;
    const error = errorOf(await server().gql(costly));
    expect(error.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(error.extensions?.cost).toBeGreaterThan(100_000);
    expect(lastRequestLog().dbQueries).toBe(0);
  });

  it('counts `first` passed as a variable at its real value', async () => {
    const query = `query($n: Int) { relationships(first: $n) { nodes { from { relationships(first: $n) { nodes { id } } } } } }`;
    expect(errorOf(await server().gql(query, { n: 500 })).extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect((await server().gql(query, { n: 5 })).errors).toBeUndefined();
  });

  it('refuses too many aliases', async () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: stats { entities }`).join(' ');
    expect(errorOf(await server().gql(`{ ${aliases} }`)).extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });
});

describe('internal errors', () => {
  /** An executor whose reads fail inside Neo4j with an error that quotes Cypher. */
  class BrokenExecutor extends Executor {
    override read(_query: CypherQuery, params: Params = {}, observe?: QueryObserver) {
      return super.read(cypher('broken', 'MATCH (secret:InternalLabel) RETURN secret.internal_field +'), params, observe);
    }
  }
  let broken: BrokenExecutor;
  let brokenServer: TestServer;

  beforeAll(async () => {
    const { uri, username, password } = inject('neo4j');
    broken = new BrokenExecutor(createDriver({ uri, username, password, database: undefined }), { database: undefined, timeoutMs: 5_000 });
    brokenServer = await startTestServer({ executor: broken });
  });
  afterAll(async () => {
    await brokenServer?.close();
    await broken?.close();
  });

  it('are masked: a stable code and a generic message, never Cypher or a stack', async () => {
    const response = await fetch(`${brokenServer.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ sources { id } }' }),
    });
    const body = await response.text();
    const parsed = JSON.parse(body);
    expect(parsed.errors[0]).toMatchObject({ message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    for (const leak of ['MATCH', 'secret', 'InternalLabel', 'Neo4j', 'at ', 'stack']) expect(body).not.toContain(leak);
    // The original goes to the log, for operators.
    expect(brokenServer.logs.some((line) => line.includes('unexpected error') && line.includes('InternalLabel'))).toBe(true);
  });
});
