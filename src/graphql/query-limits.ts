// Measures an operation before it runs: nesting depth, number of aliases, and an estimated cost — the
// number of items it could fetch, multiplying `first` (or a list's default size) down nested lists.
// Variables are known at this point, so `first: $n` counts at its real value.
import {
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  valueFromAST,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

export interface QueryShape {
  /** Levels of fields: `{ a { b } }` is 2. */
  depth: number;
  aliases: number;
  cost: number;
}

/** Size assumed for a list field without a `first` argument (citations, issuers, …). */
export const DEFAULT_LIST_SIZE = 10;

export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): QueryShape {
  const shape: QueryShape = { depth: 0, aliases: 0, cost: 0 };
  const root = schema.getQueryType();
  if (root) walk(schema, root, operation.selectionSet, fragments, variables, 1, 1, shape, new Set());
  return shape;
}

function walk(
  schema: GraphQLSchema,
  parent: GraphQLNamedType,
  selectionSet: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  multiplier: number,
  depth: number,
  shape: QueryShape,
  visiting: Set<string>,
): void {
  shape.depth = Math.max(shape.depth, depth);
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const name = selection.name.value;
      const fragment = fragments[name];
      if (!fragment || visiting.has(name)) continue;
      const type = schema.getType(fragment.typeCondition.name.value) ?? parent;
      visiting.add(name);
      walk(schema, type, fragment.selectionSet, fragments, variables, multiplier, depth, shape, visiting);
      visiting.delete(name);
      continue;
    }
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition ? (schema.getType(selection.typeCondition.name.value) ?? parent) : parent;
      walk(schema, type, selection.selectionSet, fragments, variables, multiplier, depth, shape, visiting);
      continue;
    }
    if (selection.alias) shape.aliases++;
    if (!selection.selectionSet) continue;
    const field = fieldOf(parent, selection.name.value);
    if (!field) continue;
    let items = 1;
    const firstArg = field.args.find((a) => a.name === 'first');
    const inConnection = parent.name.endsWith('Connection') && (selection.name.value === 'nodes' || selection.name.value === 'edges');
    if (firstArg) {
      const node = selection.arguments?.find((a) => a.name.value === 'first');
      const value = node ? valueFromAST(node.value, firstArg.type, variables) : undefined;
      items = typeof value === 'number' ? value : typeof firstArg.defaultValue === 'number' ? firstArg.defaultValue : DEFAULT_LIST_SIZE;
    } else if (isListType(getNullableType(field.type)) && !inConnection) {
      items = DEFAULT_LIST_SIZE;
    }
    const next = multiplier * Math.max(items, 1);
    // A connection's nodes/edges are the items its `first` already counted.
    if (!inConnection) shape.cost += next;
    walk(schema, getNamedType(field.type), selection.selectionSet, fragments, variables, next, depth + 1, shape, visiting);
  }
}

function fieldOf(type: GraphQLNamedType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (isObjectType(type) || isInterfaceType(type)) return type.getFields()[name];
  return undefined;
}

/** True when every root field is introspection (__schema, __type, __typename): GraphiQL's own queries. */
export function isIntrospectionOnly(operation: OperationDefinitionNode): boolean {
  return operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && s.name.value.startsWith('__'));
}
