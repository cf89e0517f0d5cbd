// What the Cypher planner reads: the selected fields of an API shape, each with its response key,
// validated options and sub-fields. Built from the GraphQL selection by src/graphql/field-plans.ts;
// the planner never sees GraphQL AST, and it never validates input (that happened before).

export interface FieldPlan {
  /** Response key (alias or field name): the key the projected value is stored under. */
  key: string;
  /** The API field name (`issuers`, `relationships`, …). */
  field: string;
  /** The type that owns the field (`Policy`, `Entity`, `Relationship`, …). */
  owner: string;
  /** Validated options of the field (page size, cursor position, relationship types, …). */
  options: Record<string, unknown>;
  children: FieldPlan[];
  /** Set when the field's arguments were refused: the planner projects null and the resolver reports this. */
  error?: Error;
}

/** The sub-fields of `plans` named `field`, merged (a connection's `nodes` and `edges { node }`). */
export function mergedChildren(plans: readonly FieldPlan[], ...path: string[]): FieldPlan[] {
  let level: readonly FieldPlan[] = plans;
  for (const field of path) level = level.filter((p) => p.field === field).flatMap((p) => p.children);
  return [...level];
}

export function selected(plans: readonly FieldPlan[], field: string): boolean {
  return plans.some((p) => p.field === field);
}
