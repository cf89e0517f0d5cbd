// Worked out once before any timing, with the raw driver: what @neo4j/graphql is given instead of names
// (pre-expanded id lists), the Lucene query the API would build, and the versions the report names.
import { readFileSync } from 'node:fs';
import { cypher, type Executor } from '../../src/db/executor.ts';
import { fuzzyQuery } from '../../src/graphql/search-text.ts';
import { nameKey } from '../../src/text/fold.ts';
import { API_CONTRACT } from '../../src/cypher/api-contract.ts';
import type { Anchors } from './anchors.ts';
import type { Prepared } from './questions.ts';
import * as raw from './raw-cypher.ts';

const components = cypher('bench.components', `CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS version, edition`);
const apocVersion = cypher('bench.apocVersion', `RETURN apoc.version() AS version`);

export async function prepare(executor: Executor, anchors: Anchors): Promise<Prepared> {
  const ids = async (target: string) => (await executor.read(raw.withNarrower, { target })).map((row) => String(row.id)).sort();
  const governmentTypes = API_CONTRACT.governmentActorTypes;
  const searchQuery = fuzzyQuery(anchors.searchText);
  if (!searchQuery) throw new Error(`the search anchor "${anchors.searchText}" has no letters or digits`);
  return {
    narrowIds: await ids(anchors.narrowTarget.id),
    broadIds: await ids(anchors.broadTarget.id),
    timelineIds: (await executor.read(raw.involvedIds, { hub: anchors.timelineHub.id, governmentTypes })).map((row) => String(row.id)).sort(),
    searchQuery,
    searchKey: nameKey(anchors.searchText),
    governmentTypes,
  };
}

export async function versions(executor: Executor): Promise<{ neo4j: string; apoc: string; neo4jGraphql: string }> {
  const [kernel] = await executor.read(components);
  let apoc = 'not installed';
  try {
    apoc = String((await executor.read(apocVersion))[0]?.version);
  } catch {
    // @neo4j/graphql then fails its first request; the equivalence check reports it.
  }
  // The package's exports hide package.json; read the installed copy's directly.
  const manifest = new URL('../../node_modules/@neo4j/graphql/package.json', import.meta.url);
  const neo4jGraphql = (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
  return { neo4j: `${kernel?.version ?? '?'} ${kernel?.edition ?? ''}`.trim(), apoc, neo4jGraphql };
}
