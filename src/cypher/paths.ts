// Shortest connections between two entities over domain relationships (Claim and Source nodes are
// not connected to entities, so paths run through entities only). The upper bound is a fixed literal;
// the caller's maxHops is a parameter.
import { cypher } from '../db/executor.ts';

export const MAX_PATH_HOPS = 6;

export const shortestPaths = cypher(
  'paths.shortest',
  `
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
MATCH p = allShortestPaths((a)-[*..${MAX_PATH_HOPS}]-(b))
WHERE length(p) <= $maxHops
WITH p LIMIT $limit
RETURN [n IN nodes(p) | n.id] AS nodeIds,
       [r IN relationships(p) | {id: r.id, fromId: startNode(r).id}] AS hops`,
);
