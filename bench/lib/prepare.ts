// Worked out once before any timing, with the raw driver: what @neo4j/graphql is given instead of names
// (pre-expanded id lists), the Lucene query the API would build, and the versions the report names.
import { readFileSync } from 'node:fs';
import { cypher, type Executor } from '../../src/db/executor.ts';
import { exactQuery, fuzzyQuery } from '../../src/text/search-text.ts';
import { nameKey } from '../../src/text/fold.ts';
import { API_CONTRACT } from '../../src/cypher/api-contract.ts';
import type { Anchors } from './anchors.ts';
import type { Prepared } from './questions.ts';
import * as raw from './raw-cypher.ts';

const components = cypher('bench.components', `CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS version, edition`);
const apocVersion = cypher('bench.apocVersion', `RETURN apoc.version() AS version`);
const policyCount = cypher('bench.policyCount', `MATCH (p:Policy) RETURN count(p) AS total`);

/** A target is "broad" for the hand-written statement when at least this share of all policies fall under it. */
export const BROAD_SHARE = 0.5;

/** A timeline's entity set is "large" for the hand-written statement from this many ids (a hub country with its officials). */
export const LARGE_TIMELINE_SET = 100;

export async function prepare(executor: Executor, anchors: Anchors): Promise<Prepared> {
  const ids = async (target: string) => (await executor.read(raw.withNarrower, { target })).map((row) => String(row.id)).sort();
  const governmentTypes = API_CONTRACT.governmentActorTypes;
  const searchQuery = exactQuery(anchors.searchText);
  const searchFuzzyQuery = fuzzyQuery(anchors.searchText);
  if (!searchQuery || !searchFuzzyQuery) throw new Error(`the search anchor "${anchors.searchText}" has no letters or digits`);
  // An expert picks the plan by the data: walking policies in date order pays only when most match.
  const [all] = await executor.read(policyCount);
  const [under] = await executor.read(raw.headlineCount, { target: anchors.broadTarget.id });
  const broadShare = Number(under?.total ?? 0) / Math.max(1, Number(all?.total ?? 0));
  const timelineIds = (await executor.read(raw.involvedIds, { hub: anchors.timelineHub.id, governmentTypes })).map((row) => String(row.id)).sort();
  return {
    broadStatement: broadShare >= BROAD_SHARE ? 'walk' : 'anchored',
    broadShare,
    narrowIds: await ids(anchors.narrowTarget.id),
    broadIds: await ids(anchors.broadTarget.id),
    timelineIds,
    timelineStatement: timelineIds.length >= LARGE_TIMELINE_SET ? 'walk' : 'anchored',
    searchQuery,
    searchFuzzyQuery,
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
