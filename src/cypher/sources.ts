// Sources and what they support.
import { cypher } from '../db/executor.ts';

export const allSources = cypher('sources.all', `MATCH (s:Source) RETURN s AS n ORDER BY s.id`);

export const sourcesByIds = cypher(
  'sources.byIds',
  `
UNWIND $ids AS id
MATCH (s:Source {id: id})
RETURN s AS n`,
);

export const sourcesByStory = cypher(
  'sources.byStory',
  `
UNWIND $stories AS key
MATCH (s:Source {story: key})
RETURN key, s AS n ORDER BY s.id`,
);

export const citationCounts = cypher(
  'sources.citationCounts',
  `
UNWIND $ids AS key
MATCH (s:Source {id: key})
RETURN key, COUNT { (s)<-[:CITES]-(:Claim) } AS total`,
);

/** Counts by entity kind ($kinds from the ontology; kinds with none are absent) and by relationship type. */
export const graphStats = cypher(
  'stats.graph',
  `
CALL () {
  MATCH (n:Entity) UNWIND labels(n) AS label
  WITH label WHERE label IN $kinds
  RETURN label, count(*) AS c
}
WITH collect({name: label, count: c}) AS byKind
CALL () {
  MATCH (c:Claim) RETURN c.type AS type, count(*) AS c
}
WITH byKind, collect({name: type, count: c}) AS byType
RETURN COUNT { (n:Entity) } AS entities, byKind, byType,
       COUNT { (n:Source) } AS sources,
       COUNT { (n:Claim) } AS relationships,
       COUNT { (:Claim)-[:CITES]->(:Source) } AS citations`,
);
