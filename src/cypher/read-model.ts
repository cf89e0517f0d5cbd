// Read-model figures computed once a load has written every row: counts that would otherwise need a walk
// of the whole graph at query time. The loader runs them after its batches, before it marks the graph
// ready (src/seed/finalize-read-model.ts).
import { cypher } from '../db/executor.ts';

/** Technology ids after $after, in id order (the batches of the pass below). */
export const technologyIds = cypher(
  'readModel.technologyIds',
  `
MATCH (t:Technology) WHERE t.id > $after
RETURN t.id AS id ORDER BY id LIMIT $limit`,
);

/**
 * For each technology of the batch: how many distinct policies target it or a narrower technology (over
 * taxonomy links of any support) — the totalCount of measures(targeting:) with its default expansion.
 */
export const setSubtreeTargetCounts = cypher(
  'readModel.subtreeTargetCounts',
  `
UNWIND $ids AS id
MATCH (t:Entity {id: id})
CALL (t) {
  MATCH (x:Technology) (()-[:BROADER]->())* (t)
  WITH DISTINCT x
  MATCH (x)<-[:TARGETS]-(p:Policy)
  RETURN count(DISTINCT p) AS policies
}
SET t.policiesTargetingSubtree = policies`,
);
