// A field the query does not select is never fetched, so its failure cannot surface; a selected field
// that fails gives an error response for that request — never an unhandled rejection (issue 10, row 2).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createDriver } from '../../src/db/driver.ts';
import { Executor, type CypherQuery, type Params, type QueryObserver, type Row } from '../../src/db/executor.ts';
import { useSeededServer } from '../support/api-suite.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

useSeededServer();

/** Fails every statement that reads Claim nodes by id (the look-up of a path's relationships). */
class FailingClaimLookups extends Executor {
  override read(query: CypherQuery, params: Params = {}, observe?: QueryObserver): Promise<Row[]> {
    if (/MATCH \(\w+:Claim \{id: id\}\)/.test(query.text)) return Promise.reject(new Error('relationship look-up failed'));
    return super.read(query, params, observe);
  }
}

let server: TestServer;
let executor: Executor;
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);

beforeEach(async () => {
  const { uri, username, password } = inject('neo4j');
  executor = new FailingClaimLookups(createDriver({ uri, username, password, database: undefined }), { database: undefined, timeoutMs: 30_000 });
  server = await startTestServer({ executor });
  rejections.length = 0;
  process.on('unhandledRejection', onRejection);
});

afterEach(async () => {
  process.off('unhandledRejection', onRejection);
  await server.close();
  await executor.close();
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

describe('work only for selected fields', () => {
  it('a path query that does not select hops.relationship succeeds although that look-up would fail', async () => {
    const result = await server.gql(`{ path(from: "ASML", to: "China") { length nodes { id } hops { forward from { id } } } }`);
    await settle();
    expect(result.errors).toBeUndefined();
    expect(result.data!.path.length).toBeGreaterThan(0);
    expect(rejections).toEqual([]);
  });

  it('selecting it gives a masked error for the request, and nothing unhandled', async () => {
    const result = await server.gql(`{ path(from: "ASML", to: "China") { hops { relationship { id } } } }`);
    await settle();
    expect(result.errors![0]!.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(result.errors![0]!.message).toBe('Internal server error.');
    expect(rejections).toEqual([]);
  });
});
