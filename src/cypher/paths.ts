// Shortest connections between two entities over domain relationships (Claim and Source nodes are not
// connected to entities, so paths run through entities only), with the selected fields of every node
// and hop projected in the same statement. The upper bound is a fixed literal; maxHops is a parameter.
import { GRAPH_VERSION } from './fragments.ts';
import type { CypherBuilder } from './projection/builder.ts';
import type { FieldPlan } from './projection/field-plan.ts';
import { projectClaim, projectEntity } from './projection/projections.ts';

export const MAX_PATH_HOPS = 6;

export interface PathQuery {
  from: string;
  to: string;
  maxHops: number;
  limit: number;
  nodeFields: readonly FieldPlan[];
  relationshipFields: readonly FieldPlan[];
}

export function pathsStatement(b: CypherBuilder, q: PathQuery): string {
  const n = b.variable('n');
  const r = b.variable('r');
  const c = b.variable('c');
  return `${GRAPH_VERSION}
CALL () {
  MATCH (a:Entity {id: ${b.param(q.from)}}), (z:Entity {id: ${b.param(q.to)}})
  MATCH p = allShortestPaths((a)-[*..${MAX_PATH_HOPS}]-(z))
  WHERE length(p) <= ${b.param(q.maxHops)}
  WITH p LIMIT ${b.param(q.limit)}
  RETURN collect({
    nodes: [${n} IN nodes(p) | ${projectEntity(b, n, q.nodeFields)}],
    hops: [${r} IN relationships(p) | {fromId: startNode(${r}).id,
            relationship: COLLECT { MATCH (${c}:Claim {id: ${r}.id}) RETURN ${projectClaim(b, c, q.relationshipFields)} }[0]}]
  }) AS rows
}
RETURN graphVersion, rows`;
}
