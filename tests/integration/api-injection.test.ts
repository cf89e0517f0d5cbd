// Hostile strings in every string argument: each is a parameter (or an escaped search term), never
// Cypher or Lucene syntax, so the graph is unchanged and no request fails with an internal error.
import { describe, expect, it } from 'vitest';
import { useSeededServer } from '../support/api-suite.ts';
import { graphHash } from '../support/database.ts';

const { server } = useSeededServer();

const PAYLOADS = [
  `x' OR 1=1 //`,
  `"}) MATCH (n) DETACH DELETE n //`,
  `ai-chips\`) DETACH DELETE n WITH 1 AS x MATCH (m) DETACH DELETE m //`,
  `*:* OR name:*`,
  `name:(a OR b) AND "unclosed`,
  `\\"; CALL db.index.fulltext.drop('entity_names') //`,
  `$ids} RETURN 1 UNION MATCH (n) SET n.pwned = true RETURN 1 //`,
  `' DETACH DELETE n; //\u0000`,
];

/** Every string argument of the schema, as a query taking it from $v. */
const ARGUMENTS: Array<[type: string, selection: string]> = [
  ['String', 'search(text: $v) { matched }'],
  ['ID', 'entity(id: $v) { id }'],
  ['String', 'measures(targeting: $v) { totalCount }'],
  ['String', 'measures(imposedBy: $v) { totalCount }'],
  ['String', 'measures(promoting: $v) { totalCount }'],
  ['String', 'measures(after: $v) { totalCount }'],
  ['String', 'relationships(types: [$v]) { totalCount }'],
  ['ID', 'relationships(from: $v) { totalCount }'],
  ['ID', 'relationships(to: $v) { totalCount }'],
  ['ID', 'relationships(source: $v) { totalCount }'],
  ['String', 'relationships(after: $v) { totalCount }'],
  ['ID', 'source(id: $v) { id }'],
  ['ID', 'path(from: $v, to: "China") { length }'],
  ['ID', 'path(from: "ASML", to: $v) { length }'],
  ['ID', 'timeline(entity: $v) { totalCount }'],
  ['String', 'timeline(after: $v) { totalCount }'],
  ['String', 'entity(id: "china") { relationships(types: [$v]) { totalCount } }'],
  ['String', 'entity(id: "china") { relationships(after: $v) { totalCount } }'],
  ['String', 'entity(id: "us-export-controls-2022-10") { ... on Policy { evidence(types: [$v]) { id } } }'],
  ['String', 'source(id: "xi-urges-tech-independence") { relationships(after: $v) { totalCount } }'],
];

describe('injection attempts', () => {
  it('leave the graph unchanged and never cause an internal error', async () => {
    const before = await graphHash();
    let requests = 0;
    for (const [type, argument] of ARGUMENTS) {
      for (const payload of PAYLOADS) {
        const result = await server().gql(`query($v: ${type}!) { ${argument} }`, { v: payload });
        requests++;
        for (const error of result.errors ?? []) {
          expect(['NOT_FOUND', 'BAD_USER_INPUT'], `${argument} with ${payload}: ${error.message}`).toContain(error.extensions?.code);
        }
      }
    }
    expect(requests).toBe(ARGUMENTS.length * PAYLOADS.length);
    expect(await graphHash()).toEqual(before);
    const probe = await server().gql(`{ search(text: "China") { entity { id } } stats { entities relationships } }`);
    expect(probe.data!.search[0].entity.id).toBe('china');
  });
});
