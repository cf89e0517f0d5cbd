// Dated policies and dated relationships in one ordered, keyset-paged stream.
import { cypher } from '../db/executor.ts';

const EVENTS = `
CALL () {
  MATCH (p:Policy)
  WHERE p.whenStart IS NOT NULL
    AND ($entityIds IS NULL OR p.id IN $entityIds OR EXISTS { MATCH (p)--(x:Entity) WHERE x.id IN $entityIds })
  RETURN p.whenStart AS start, p.whenEnd AS end, 'policy:' + p.id AS key
  UNION ALL
  MATCH (c:Claim)
  WHERE c.whenStart IS NOT NULL
    AND ($entityIds IS NULL OR c.fromId IN $entityIds OR c.toId IN $entityIds)
  RETURN c.whenStart AS start, c.whenEnd AS end, 'relationship:' + c.id AS key
}
WITH start, end, key
WHERE ($from IS NULL OR end >= $from) AND ($to IS NULL OR start <= $to)`;

export const timelinePage = cypher(
  'timeline.page',
  `${EVENTS}
  AND ($afterDate IS NULL OR start > $afterDate OR (start = $afterDate AND key > $afterKey))
RETURN start, key
ORDER BY start, key
LIMIT $limit`,
);

export const timelineCount = cypher(
  'timeline.count',
  `${EVENTS}
RETURN count(*) AS total`,
);
