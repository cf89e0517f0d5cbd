// One relationship by id, projected with the selected fields: its live Claim, or — only when asked
// (`includeRetracted`) — its retracted one, as a second label-anchored branch (both unique-id seeks).
import { GRAPH_VERSION, returnRows } from './fragments.ts';
import type { CypherBuilder } from './projection/builder.ts';
import type { FieldPlan } from './projection/field-plan.ts';
import { projectClaim } from './projection/projections.ts';

export function relationshipByIdStatement(b: CypherBuilder, id: string, fields: readonly FieldPlan[], includeRetracted: boolean): string {
  const c = b.variable('c');
  const key = b.param(id);
  const match = includeRetracted
    ? `CALL () { MATCH (${c}:Claim {id: ${key}}) RETURN ${c} UNION MATCH (${c}:RetractedClaim {id: ${key}}) RETURN ${c} }`
    : `MATCH (${c}:Claim {id: ${key}})`;
  return `${GRAPH_VERSION}
CALL () { ${match} RETURN collect(${projectClaim(b, c, fields)}) AS rows }
${returnRows(['graphVersion', 'rows'])}`;
}
