// Measures the shape of an operation before it is validated or run: nesting depth, aliases, and the
// number of fields once fragments are expanded. Each fragment is measured once and its figures reused
// at every spread, so the work is linear in the document even when fragments spread fragments that
// spread fragments (a few hundred bytes can otherwise stand for billions of fields).
import {
  getNamedType,
  getOperationAST,
  isInterfaceType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
} from 'graphql';

export interface QueryShape {
  /** Levels of fields: `{ a { b } }` is 2. `ofType` (a type wrapper in introspection) adds no level. */
  depth: number;
  /** Aliased fields, counted at every place a fragment is spread. */
  aliases: number;
  /** Fields after expanding every fragment spread. */
  fields: number;
  /** Selections looked at while measuring: the work done, linear in the document. */
  visits: number;
}

/** Figures of one selection set, relative to where it sits. */
interface Figures {
  depth: number;
  aliases: number;
  fields: number;
}

/** Large enough to exceed any limit, small enough to stay an exact integer. */
const SATURATED = Number.MAX_SAFE_INTEGER;
const add = (a: number, b: number) => Math.min(a + b, SATURATED);

/**
 * Measures the operation `operationName` selects (or the only one). When none is selected (a document
 * of several operations and no name), every operation is measured and the largest figures kept: such a
 * document is still validated, so it must be bounded too. Undefined for a document without operations.
 */
export function measureShape(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): QueryShape | undefined {
  const selected = getOperationAST(document, operationName);
  const operations = selected ? [selected] : document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length === 0) return undefined;
  const measurer = new ShapeMeasurer(schema, fragmentsOf(document));
  const shape: QueryShape = { depth: 0, aliases: 0, fields: 0, visits: 0 };
  for (const operation of operations) {
    const figures = measurer.selectionSet(operation.selectionSet, schema.getRootType(operation.operation) ?? undefined);
    shape.depth = Math.max(shape.depth, figures.depth);
    shape.aliases = Math.max(shape.aliases, figures.aliases);
    shape.fields = Math.max(shape.fields, figures.fields);
  }
  shape.visits = measurer.visits;
  return shape;
}

export function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

class ShapeMeasurer {
  visits = 0;
  private readonly memo = new Map<string, Figures>();
  private readonly inProgress = new Set<string>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  ) {}

  selectionSet(selectionSet: SelectionSetNode, parent: GraphQLNamedType | undefined): Figures {
    const total: Figures = { depth: 0, aliases: 0, fields: 0 };
    for (const selection of selectionSet.selections) {
      this.visits++;
      let figures: Figures;
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        figures = this.fragment(selection.name.value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? this.schema.getType(selection.typeCondition.name.value) : parent;
        figures = this.selectionSet(selection.selectionSet, type ?? undefined);
      } else {
        const field = fieldOf(this.schema, parent, selection.name.value);
        const below = selection.selectionSet
          ? this.selectionSet(selection.selectionSet, field ? getNamedType(field.type) : undefined)
          : { depth: 0, aliases: 0, fields: 0 };
        const wrapper = selection.name.value === 'ofType' && parent?.name === '__Type';
        figures = {
          depth: below.depth + (wrapper ? 0 : 1),
          aliases: add(below.aliases, selection.alias ? 1 : 0),
          fields: add(below.fields, 1),
        };
      }
      total.depth = Math.max(total.depth, figures.depth);
      total.aliases = add(total.aliases, figures.aliases);
      total.fields = add(total.fields, figures.fields);
    }
    return total;
  }

  /** A fragment's figures do not depend on where it is spread: measure it once. */
  private fragment(name: string): Figures {
    const known = this.memo.get(name);
    if (known) return known;
    const fragment = this.fragments.get(name);
    // Unknown fragments and cycles are validation errors; they add nothing here.
    if (!fragment || this.inProgress.has(name)) return { depth: 0, aliases: 0, fields: 0 };
    this.inProgress.add(name);
    const figures = this.selectionSet(fragment.selectionSet, this.schema.getType(fragment.typeCondition.name.value) ?? undefined);
    this.inProgress.delete(name);
    this.memo.set(name, figures);
    return figures;
  }
}

/** The field definition, including the introspection root fields `__schema` and `__type`. */
export function fieldOf(schema: GraphQLSchema, parent: GraphQLNamedType | undefined, name: string): GraphQLField<unknown, unknown> | undefined {
  if (!parent || !(isObjectType(parent) || isInterfaceType(parent))) return undefined;
  if (parent === schema.getQueryType()) {
    // graphql-js keeps these outside every type's field map.
    if (name === '__schema') return SchemaMetaFieldDef;
    if (name === '__type') return TypeMetaFieldDef;
  }
  return parent.getFields()[name];
}
