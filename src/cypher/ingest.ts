// What the ingestion assistant reads from a running graph: entities, claims with their citations, and
// sources, each a keyset page in id order on its unique index (never one result holding the whole graph).
import { cypher } from '../db/executor.ts';

/** A page of entities after `$after`: names, aliases and the few properties mentions and descriptions use. */
export const ingestEntitiesPage = cypher(
  'ingest.entitiesPage',
  `
MATCH (n:Entity) WHERE n.id > $after
WITH n ORDER BY n.id LIMIT $limit
RETURN n.id AS id, labels(n) AS labels, n.type AS type, n.name AS name, coalesce(n.aliases, []) AS aliases,
       coalesce(n.named, true) AS named, n.country AS country, n.status AS status,
       [d IN [n.announcedStart, n.effectiveStart, n.asOfStart] WHERE d IS NOT NULL | toString(d)] AS starts,
       [d IN [n.announcedEnd, n.effectiveEnd, n.asOfEnd] WHERE d IS NOT NULL | toString(d)] AS ends`,
);

/** A page of claims after `$after`, each with its citations in order. */
export const ingestClaimsPage = cypher(
  'ingest.claimsPage',
  `
MATCH (c:Claim) WHERE c.id > $after
WITH c ORDER BY c.id LIMIT $limit
CALL (c) {
  MATCH (c)-[k:CITES]->(s:Source)
  WITH k, s ORDER BY k.ordinal
  RETURN collect({sourceId: s.id, quote: k.quote, mentionsFrom: k.mentionsFrom, mentionsTo: k.mentionsTo}) AS citations
}
RETURN c.id AS id, c.type AS type, c.fromId AS from, c.toId AS to, c.modality AS modality, citations`,
);

/** A page of sources after `$after`, with their story and publication date. */
export const ingestSourcesPage = cypher(
  'ingest.sourcesPage',
  `
MATCH (s:Source) WHERE s.id > $after
WITH s ORDER BY s.id LIMIT $limit
RETURN s.id AS id, coalesce(s.story, s.id) AS story, coalesce(s.counted, true) AS counted, s.file AS file,
       toString(s.publishedStart) AS start, toString(s.publishedEnd) AS end, s.publishedPrecision AS precision`,
);
