// The write side's statements about merging two entities (src/curation/merge-entities.ts): reading both
// ends, listing the dropped entity's relationships by the Claim endpoint indexes, the kept entity's new
// names, and the dropped node leaving every entity read (it becomes a :MergedEntity that points to the
// kept one). Relationships are moved by the acceptance's own statements (apply-change.ts).
import { cypher, type CypherQuery } from '../db/executor.ts';
import type { Ontology } from '../ontology/ontology.ts';

/** An entity or a merged one by id (both unique-constraint seeks): what a merge proposal checks. */
export const mergeEnd = cypher(
  'curation.mergeEnd',
  `
OPTIONAL MATCH (n:Entity {id: $id})
OPTIONAL MATCH (m:MergedEntity {id: $id})
RETURN n IS NOT NULL AS live, [l IN labels(n) WHERE l <> 'Entity'][0] AS kind, n.name AS name, coalesce(n.aliases, []) AS aliases,
       n.origin AS origin, m.mergedInto AS mergedInto
`,
);

/**
 * The live relationships of an entity, both directions, each by its endpoint index (hinted: the planner
 * would scan the label on a small graph; the composite index needs the `id IS NOT NULL` of its second key).
 */
export const liveRelationshipsOf = cypher(
  'curation.liveRelationshipsOf',
  `
CALL () {
  MATCH (c:Claim) USING INDEX c:Claim(fromId, id) WHERE c.fromId = $id AND c.id IS NOT NULL RETURN c.id AS id
  UNION
  MATCH (c:Claim) USING INDEX c:Claim(toId, id) WHERE c.toId = $id AND c.id IS NOT NULL RETURN c.id AS id
}
RETURN id ORDER BY id LIMIT $limit
`,
);

/** Whether a relationship id is taken, live or retracted (the target of a moved relationship). */
export const relationshipState = cypher(
  'curation.relationshipState',
  `OPTIONAL MATCH (c:Claim {id: $id}) OPTIONAL MATCH (r:RetractedClaim {id: $id}) RETURN c IS NOT NULL AS live, r IS NOT NULL AS retracted`,
);

/**
 * The kept entity's names after the merge: the dropped entity's name and aliases join its aliases; the
 * folded keys and the full-text properties follow (src/seed/graph-rows.ts nodeProps writes the same
 * three), so name resolution and search find it by the dropped names in the same transaction.
 */
export const setMergedNames = cypher(
  'curation.setMergedNames',
  `
MATCH (n:Entity {id: $id})
SET n.aliases = $aliases, n.aliasText = $aliasText, n.nameKeys = $nameKeys, n.nameKeyText = $nameKeyText,
    n.mergedIds = coalesce(n.mergedIds, []) + $dropId, n.curatedSeq = $seq
`,
);

/**
 * The dropped entity leaves every entity read: without `:Entity` and its kind's label it is in no
 * kind scan, name index or count; it keeps its properties and says where it went, who, when and why.
 * Earlier merges into it now point to the kept entity, so a redirect is always one hop.
 */
export function retireMerged(ontology: Ontology, kind: string): CypherQuery {
  const label = ontology.kinds.get(kind);
  if (!label || !label.entity || !/^[A-Za-z][A-Za-z_]*$/.test(kind)) throw new Error(`refusing to use '${kind}' as a label`);
  return cypher(
    `curation.retireMerged.${kind}`,
    `
MATCH (n:Entity:${kind} {id: $id})
REMOVE n:Entity:${kind}
SET n:MergedEntity, n.mergedKind = $kind, n.mergedInto = $keep, n.mergedAt = $at, n.mergedBy = $by, n.mergedReason = $reason, n.mergedSeq = $seq
WITH n
OPTIONAL MATCH (earlier:MergedEntity {mergedInto: $id})
SET earlier.mergedInto = $keep
`,
  );
}

/** A merged id's record: where it went (entity(id:) answers the kept entity with this). */
export const mergedEntity = cypher(
  'curation.mergedEntity',
  `
MATCH (m:MergedEntity {id: $id})
RETURN m.id AS id, m.mergedKind AS kind, m.name AS name, m.mergedInto AS mergedInto, m.mergedAt AS at, m.mergedBy AS by,
       m.mergedReason AS reason, m.mergedSeq AS seq
`,
);

/**
 * Entities whose reference properties (schema/ontology: `type: ref`) name `$id` — a merge does not
 * rewrite definitional references, so it is refused while any exists. One statement per (kind, property),
 * built from the ontology.
 */
export function referencesTo(ontology: Ontology, kind: string): CypherQuery | null {
  const refs: string[] = [];
  for (const def of ontology.kinds.values()) {
    if (!def.entity) continue;
    for (const prop of Object.values(def.properties)) {
      if (prop.type === 'ref' && prop.kind === kind && /^[A-Za-z][A-Za-z_]*$/.test(def.kind) && /^[A-Za-z][A-Za-z_]*$/.test(prop.name)) {
        refs.push(`MATCH (n:${def.kind}) WHERE n.${prop.name} = $id RETURN n.id AS id, '${prop.name}' AS property`);
      }
    }
  }
  if (refs.length === 0) return null;
  return cypher(`curation.referencesTo.${kind}`, `CALL () {\n  ${refs.join('\n  UNION\n  ')}\n}\nRETURN id, property ORDER BY id LIMIT 5`);
}

/**
 * A merge undone: the merged node is its kind's entity again (only if it is still the one that change
 * merged into `$keep`); the name index and every read find it once the transaction commits.
 */
export function restoreMerged(ontology: Ontology, kind: string): CypherQuery {
  const def = ontology.kinds.get(kind);
  if (!def || !def.entity || !/^[A-Za-z][A-Za-z_]*$/.test(kind)) throw new Error(`refusing to use '${kind}' as a label`);
  return cypher(
    `curation.restoreMerged.${kind}`,
    `
MATCH (n:MergedEntity {id: $id}) WHERE n.mergedInto = $keep AND n.mergedSeq = $seq
REMOVE n:MergedEntity, n.mergedKind, n.mergedInto, n.mergedAt, n.mergedBy, n.mergedReason, n.mergedSeq
SET n:Entity:${kind}
RETURN n.id AS id
`,
  );
}

/** The kept entity's names as they were before a merge (a revert of it). */
export const restoreNames = cypher(
  'curation.restoreNames',
  `
MATCH (n:Entity {id: $id})
SET n.aliases = $aliases, n.aliasText = $aliasText, n.nameKeys = $nameKeys, n.nameKeyText = $nameKeyText,
    n.mergedIds = [x IN coalesce(n.mergedIds, []) WHERE x <> $dropId], n.curatedSeq = $seq
`,
);

/** Which change last wrote a live relationship (a revert of a merge only undoes what nothing touched since). */
export const claimCuratedSeq = cypher('curation.claimCuratedSeq', `MATCH (c:Claim {id: $id}) RETURN c.curatedSeq AS seq`);
