// Helpers for the write side's tests: keys of each role made directly in the test database, and a
// count of what a refused request must not have written.
import { ApiKeys } from '../../src/auth/api-keys.ts';
import type { Role } from '../../src/auth/roles.ts';
import { applySchema } from '../../src/store/apply-schema.ts';
import { cypher } from '../../src/db/executor.ts';
import { testExecutor, testOntology } from './database.ts';

export type Keys = Record<Role, string>;

/** One key per role (names say which), with the constraints and indexes in place. */
export async function keysForEveryRole(suffix = ''): Promise<Keys> {
  await applySchema(testExecutor(), testOntology());
  const keys = new ApiKeys(testExecutor());
  const made = {} as Keys;
  for (const role of ['reader', 'contributor', 'reviewer', 'admin'] as const) made[role] = (await keys.create(`${role}${suffix}`, role, 'test')).token;
  return made;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** How many nodes of each write-side label the graph holds (a refused request changes none). */
export async function writeSideCounts(): Promise<Record<string, number>> {
  const [row] = await testExecutor().read(
    cypher(
      'test.writeSideCounts',
      `RETURN COUNT { (:ApiKey) } AS keys, COUNT { (:Proposal) } AS proposals, COUNT { (:Change) } AS changes,
              COUNT { (:SourceText) } AS texts, COUNT { (:Source) } AS sources, COUNT { (:Claim) } AS claims,
              COUNT { ()-[:CITES]->() } AS cites, COUNT { (:Entity) } AS entities`,
    ),
  );
  return row as Record<string, number>;
}

/** POSTs a GraphQL request to a running test server with `key`; returns `data`, throws with the errors if any. */
export async function callAs(server: { url: string }, query: string, variables: Record<string, unknown>, key: string): Promise<Record<string, any>> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(key) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}
