// The write side's statements about entities (proposeEntity): which existing entities already carry a
// proposed name or alias (full-text candidates by phrase, then the exact folded key against `nameKeys`,
// as name resolution compares them: src/cypher/names.ts), and whether an id is taken. The entity itself
// is written by the loader's own per-kind statement (src/cypher/seed.ts createEntities).
import { cypher } from '../db/executor.ts';
import { FULLTEXT_INDEX } from './schema.ts';

/**
 * For each proposed name (`{field, key, phrase}`), the first existing entity (other than those in
 * `$except`: an edited entity's own names) whose name or alias folds to the same key.
 */
export const entitiesNamed = cypher(
  'curation.entitiesNamed',
  `
UNWIND $names AS q
CALL (q) {
  CALL db.index.fulltext.queryNodes('${FULLTEXT_INDEX}', q.phrase) YIELD node
  WITH node AS n LIMIT 200
  WHERE q.key IN n.nameKeys AND NOT n.id IN $except
  RETURN n.id AS id, n.name AS name ORDER BY n.id LIMIT 1
}
RETURN q.field AS field, q.value AS value, id, name
`,
);

/** Kinds of the entities and sources with these ids (an entity's references, its dates' sources). */
export const nodesByIds = cypher(
  'curation.nodesByIds',
  `
UNWIND $ids AS id
CALL (id) {
  MATCH (n:Entity {id: id}) RETURN [l IN labels(n) WHERE l <> 'Entity'][0] AS kind
  UNION
  MATCH (s:Source {id: id}) RETURN 'Source' AS kind
}
RETURN id, kind
`,
);
