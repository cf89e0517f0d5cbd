// The write side's statements about editing an existing entity (src/curation/edit-entity.ts): reading
// its stored record (a unique-constraint seek on Entity.id), and writing the properties an accepted edit
// changes. The full-text index `entity_names` follows `name`, `aliasText` and `nameKeyText` in the same
// transaction, so search and name resolution see the edit when it commits.
import { cypher } from '../db/executor.ts';

/** An entity's kind and stored properties, or where its id went when it was merged. */
export const entityForEdit = cypher(
  'curation.entityForEdit',
  `
OPTIONAL MATCH (n:Entity {id: $id})
OPTIONAL MATCH (m:MergedEntity {id: $id})
RETURN n IS NOT NULL AS live, [l IN labels(n) WHERE l <> 'Entity'][0] AS kind, properties(n) AS props, m.mergedInto AS mergedInto
`,
);

/**
 * The properties an edit changes (a null value removes one: `+=` drops null-valued keys), and the change
 * that wrote it: `curatedSeq` marks it as the API's, so a reseed leaves it as the review left it.
 */
export const setEntityProps = cypher(
  'curation.setEntityProps',
  `
MATCH (n:Entity {id: $id})
SET n += $props, n.curatedSeq = $seq
RETURN n.id AS id
`,
);
