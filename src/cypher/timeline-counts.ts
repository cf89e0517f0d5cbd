// Stored timeline totals of the large entity sets (a country or government body with its bodies and
// officials, issue 24, decision 0036): counted at load for every country, read in the page's own
// statement, dropped by any accepted change that touches a member of the set's country, and counted
// again (then stored) by the first request that finds none. `(:TimelineCount {key, country, total})`
// is bookkeeping like GraphState: no read or export of the graph sees it.
import { createHash } from 'node:crypto';
import { cypher, type CypherQuery } from '../db/executor.ts';
import { API_CONTRACT } from './api-contract.ts';

/** Sets smaller than this are counted from their own index ranges on each request (cheap), never stored. */
export const STORED_COUNT_MIN_IDS = 2;

/** The stored count's key: the set itself (sorted ids), so a set whose members changed never meets an old count. */
export function timelineCountKey(ids: readonly string[]): string {
  return createHash('sha256').update([...ids].sort().join('\n')).digest('hex');
}

export const timelineCountSchemaStatements: CypherQuery[] = [
  cypher('schema.timeline_count_key', 'CREATE CONSTRAINT timeline_count_key IF NOT EXISTS FOR (n:TimelineCount) REQUIRE n.key IS UNIQUE'),
  cypher('schema.timeline_count_country', 'CREATE INDEX timeline_count_country IF NOT EXISTS FOR (n:TimelineCount) ON (n.country)'),
];

const STORE = `MATCH (e:Entity {id: $anchor})
WITH CASE WHEN e:Country THEN e.id ELSE e.country END AS country
WHERE country IS NOT NULL
MERGE (t:TimelineCount {key: $key})
SET t.country = country, t.total = $total
RETURN t.total AS total`;

/**
 * Stores a set's count, only if the graph is still at the version it was counted on. The graph state's
 * write lock comes first (as every writer of a change takes it): an acceptance either committed before
 * — then the version differs and nothing is stored — or waits until this commits, then drops the count
 * if its change touches the set's country. `$anchor` is the entity the set was expanded from.
 */
export const storeTimelineCount = cypher(
  'timelineCounts.store',
  `
MATCH (g:GraphState {id: 'graph'})
SET g.status = g.status
WITH g WHERE g.version = $version AND g.status = 'ready'
${STORE}`,
);

/** The same during a load, which holds the load lock and writes the version last. */
export const storeLoadedTimelineCount = cypher('timelineCounts.storeLoaded', STORE);

/**
 * Drops the stored counts of every country whose expanded set may contain one of `$ids`: a country
 * itself, an actor's country (its government bodies; more than needed for others, which is only a
 * recount), and the country of each government body an official is affiliated with. Work: the ids'
 * own seeks and AFFILIATED_WITH edges, then an index seek per country.
 */
export const forgetTimelineCounts = cypher(
  'timelineCounts.forget',
  `
UNWIND $ids AS id
MATCH (e:Entity {id: id})
CALL (e) {
  RETURN CASE WHEN e:Country THEN e.id ELSE e.country END AS country
  UNION
  MATCH (e)-[:AFFILIATED_WITH]->(a:Actor) WHERE a.type IN $governmentTypes RETURN a.country AS country
}
WITH DISTINCT country WHERE country IS NOT NULL
MATCH (t:TimelineCount {country: country})
DETACH DELETE t
RETURN count(*) AS forgotten`,
);

/** The parameters `forgetTimelineCounts` takes besides the ids. */
export const FORGET_PARAMS = { governmentTypes: [...API_CONTRACT.governmentActorTypes] };

/** Stored counts of sets the load did not count again (a country gone, members changed): dropped. */
export const pruneTimelineCounts = cypher(
  'timelineCounts.prune',
  'MATCH (t:TimelineCount) WHERE NOT t.key IN $keys DETACH DELETE t RETURN count(*) AS pruned',
);

/** Country ids after $after, in id order (the load's batches). */
export const countryIds = cypher(
  'timelineCounts.countryIds',
  `
MATCH (c:Country) WHERE c.id > $after
RETURN c.id AS id ORDER BY id LIMIT $limit`,
);
