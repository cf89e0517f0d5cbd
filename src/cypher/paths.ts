// Connections between two entities over domain relationships (Claim and Source nodes are not connected
// to entities, so paths run through entities only). The candidates are the k shortest trails up to
// maxHops (GQL `SHORTEST k`, a bidirectional search from both ids), optionally only through named
// entities and only over hops with enough independent sources; each comes back as ids and the evidence of
// its hops. Ranking and choosing diverse routes happen in the repository; the chosen paths' nodes and
// relationships are then projected with the selected fields by id.
import { GRAPH_VERSION } from './fragments.ts';
import type { CypherBuilder } from './projection/builder.ts';
import type { FieldPlan } from './projection/field-plan.ts';
import { projectClaim, projectEntity } from './projection/projections.ts';

export const MAX_PATH_HOPS = 6;
/** Shortest trails considered before ranking (Cypher needs it as a literal). */
export const PATH_CANDIDATES = 40;

export interface PathSearch {
  from: string;
  to: string;
  /** 1 to MAX_PATH_HOPS (validated; written into the pattern's quantifier). */
  maxHops: number;
  /** Skip entities the sources do not name ("a former employee") between the two ends. */
  excludeUnnamed: boolean;
  /** Only hops supported by at least this many independent sources (1 leaves out editorial links). */
  minSources: number;
}

export function pathCandidatesStatement(b: CypherBuilder, search: PathSearch): string {
  if (!Number.isInteger(search.maxHops) || search.maxHops < 1 || search.maxHops > MAX_PATH_HOPS) {
    throw new Error(`maxHops must be a whole number from 1 to ${MAX_PATH_HOPS}`);
  }
  const to = b.param(search.to);
  const hop = search.minSources > 0 ? `[r WHERE r.independentSources >= ${b.param(search.minSources)}]` : '[r]';
  const node = search.excludeUnnamed ? `(x:Entity WHERE x.named IS NULL OR x.named <> false OR x.id = ${to})` : '(x:Entity)';
  return `${GRAPH_VERSION}
CALL () {
  MATCH p = SHORTEST ${PATH_CANDIDATES} (a:Entity {id: ${b.param(search.from)}}) (()-${hop}-${node}){1,${search.maxHops}} (z:Entity {id: ${to}})
  RETURN collect({
    nodeIds: [n IN nodes(p) | n.id],
    named: [n IN nodes(p) | n.named IS NULL OR n.named <> false],
    hops: [h IN relationships(p) | {id: h.id, fromId: startNode(h).id, independentSources: coalesce(h.independentSources, 0)}]
  }) AS paths
}
RETURN graphVersion, paths`;
}

/** The nodes and relationships of the chosen paths, by id, with the selected fields. */
export function pathPartsStatement(
  b: CypherBuilder,
  nodeIds: readonly string[],
  relationshipIds: readonly string[],
  nodeFields: readonly FieldPlan[],
  relationshipFields: readonly FieldPlan[],
): string {
  const n = b.variable('n');
  const c = b.variable('c');
  // Only what the request selected: no look-up of hops' relationships it did not ask for.
  const nodes = nodeIds.length > 0 ? `CALL () { UNWIND ${b.param(nodeIds)} AS id MATCH (${n}:Entity {id: id}) RETURN collect(${projectEntity(b, n, nodeFields)}) AS nodes }` : 'WITH graphVersion, [] AS nodes';
  const relationships =
    relationshipIds.length > 0
      ? `CALL () { UNWIND ${b.param(relationshipIds)} AS id MATCH (${c}:Claim {id: id}) RETURN collect(${projectClaim(b, c, relationshipFields)}) AS relationships }`
      : 'WITH graphVersion, nodes, [] AS relationships';
  return `${GRAPH_VERSION}
${nodes}
${relationships}
RETURN graphVersion, nodes, relationships`;
}
