// What reviewed changes (src/curation/) did to loader-owned relationships: Claims a change wrote
// (`curatedSeq`) and retracted ones, which the loader leaves as they are (src/cypher/seed.ts
// CURATED_GUARD). A load reads them afterwards to report how the graph now differs from its files.
import { cypher } from '../db/executor.ts';

export const curatedLoaderClaims = cypher(
  'seed.curatedLoaderClaims',
  `
CALL () {
  MATCH (c:Claim) WHERE c.curatedSeq IS NOT NULL AND c.origin IN $origins RETURN c, false AS retracted
  UNION
  MATCH (c:RetractedClaim) WHERE c.origin IN $origins RETURN c, true AS retracted
}
WITH c, retracted ORDER BY c.id LIMIT $limit
RETURN properties(c) AS props, retracted, [(c)-[k:CITES]->(s:Source) | {source: s.id, quote: k.quote}] AS cites
`,
);
