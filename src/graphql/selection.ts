// Turns the GraphQL selection under a field into a plain tree the Cypher planner reads: each field with
// its response key, coerced arguments (variables and defaults applied), the concrete type it was
// selected on (for fragments on interfaces), and its own sub-selection. Fragments are expanded and
// @skip/@include applied, so the planner never sees GraphQL AST.
import {
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isAbstractType,
  isObjectType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';

export interface Selection {
  /** The response key: the alias, else the field name. */
  key: string;
  field: string;
  args: Record<string, unknown>;
  /** The type the field was selected on: the parent type, or the concrete type of a fragment on an interface (`... on Policy`). */
  owner: string;
  /** The AST node of the field (planning errors are reported against it). */
  node: FieldNode;
  children: Selection[];
}

interface Walk {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

function included(walk: Walk, node: { directives?: readonly unknown[] } & Parameters<typeof getDirectiveValues>[1]): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, node, walk.variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, walk.variables)?.if !== false;
}

function fieldDef(type: GraphQLNamedType, name: string): GraphQLField<unknown, unknown> | undefined {
  return isObjectType(type) || isAbstractType(type) ? (type as { getFields?: () => Record<string, GraphQLField<unknown, unknown>> }).getFields?.()[name] : undefined;
}

/**
 * Collects the fields of `selectionSet` on `parent`. For an abstract parent, fields inside a fragment
 * on a concrete type carry `on`; fields on the interface itself do not. `visited` guards fragment cycles
 * (validation already refuses them; this keeps the walk linear in the document).
 */
function collect(walk: Walk, parent: GraphQLNamedType, selectionSet: SelectionSetNode, on: string | undefined, out: Selection[], visited: Set<string>): void {
  for (const node of selectionSet.selections) {
    if (!included(walk, node)) continue;
    if (node.kind === Kind.FIELD) {
      if (node.name.value.startsWith('__')) continue;
      const owner = on ? (walk.schema.getType(on) ?? parent) : parent;
      const def = fieldDef(owner, node.name.value) ?? fieldDef(parent, node.name.value);
      if (!def) continue;
      const children: Selection[] = [];
      if (node.selectionSet) collect(walk, getNamedType(def.type), node.selectionSet, undefined, children, new Set(visited));
      out.push({
        key: node.alias?.value ?? node.name.value,
        field: node.name.value,
        args: getArgumentValues(def, node, walk.variables),
        owner: isAbstractType(parent) && on ? on : parent.name,
        node,
        children,
      });
      continue;
    }
    const fragment = node.kind === Kind.FRAGMENT_SPREAD ? walk.fragments[node.name.value] : node;
    if (!fragment) continue;
    if (node.kind === Kind.FRAGMENT_SPREAD) {
      if (visited.has(node.name.value)) continue;
      visited.add(node.name.value);
    }
    const condition = fragment.typeCondition?.name.value;
    // A fragment on the parent's own (abstract) type adds interface fields; on a concrete type, fields of that type.
    const narrowed = condition && condition !== parent.name ? condition : on;
    collect(walk, parent, fragment.selectionSet, narrowed, out, visited);
  }
}

/** The selection below the field being resolved (merged over all of its field nodes). */
export function selectionOf(info: GraphQLResolveInfo): Selection[] {
  const walk: Walk = { schema: info.schema, fragments: info.fragments, variables: info.variableValues };
  const type = getNamedType(info.returnType);
  const out: Selection[] = [];
  for (const node of info.fieldNodes) {
    if (node.selectionSet) collect(walk, type, node.selectionSet, undefined, out, new Set());
  }
  return out;
}

/** The fields selected under `key` (or any field named `field`), merged: e.g. a connection's `nodes` and `edges.node`. */
export function childrenOf(selections: Selection[], field: string): Selection[] {
  return selections.filter((s) => s.field === field).flatMap((s) => s.children);
}

/** True when any field named `field` is selected. */
export function selects(selections: Selection[], field: string): boolean {
  return selections.some((s) => s.field === field);
}
