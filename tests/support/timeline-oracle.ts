// The tests' own count of a timeline's events (not the API's statement): each dated claim and each dated
// policy that involves one of the set's ids, counted once. The yardstick for `totalCount`.
import { cypher } from '../../src/db/executor.ts';

export const plainTimelineTotal = cypher(
  'test.timelinePlainTotal',
  `CALL () {
     MATCH (c:Claim) WHERE c.relKey IS NOT NULL AND (c.fromId IN $ids OR c.toId IN $ids) RETURN c.relKey AS key
     UNION
     MATCH (p:Policy) WHERE p.eventKey IS NOT NULL AND (p.id IN $ids OR EXISTS { (p)--(y:Entity) WHERE y.id IN $ids }) RETURN p.eventKey AS key
   }
   RETURN count(DISTINCT key) AS n`,
);
