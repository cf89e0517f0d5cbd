// The one place that estimates what an operation costs: the number of items it could fetch, multiplying
// each list's largest possible length down nested lists. Every list field of the schema has its real
// cap here (a `first` argument, a resolver's fixed limit, the ontology's size, the schema's own size for
// introspection) or, where the API sets none, a documented bound. Argument values are taken after
// variables are coerced, so `first: $n` counts at its value or at the variable's default.
import {
  getArgumentValues,
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Ontology } from '../ontology/ontology.ts';
import { LIST_DEFAULTS } from './field-plans.ts';
import { LIMITS } from '../limits/limits.ts';
import { searchCost } from '../text/search-text.ts';
import { fieldOf, fragmentsOf } from './query-limits.ts';
import { HISTORY_MAX } from '../curation/curation.ts';
import { MERGE_MAX_RELATIONSHIPS } from '../curation/merge-entities.ts';
import { ENTITY_EDIT_MAX_FIELDS } from '../curation/edit-entity.ts';

/**
 * Items counted for a list the API does not cap: an entity's figures, copies of one story, the
 * editorial links of a taxonomy expansion, the matched passages of a quote (each a handful in the
 * seed); a longer list is counted short, which is why these lists should get caps (docs/api.md,
 * "Limits"). A relationship's citations are capped by `first`.
 */
export const UNCAPPED_LIST_SIZE = 10;

type Args = Record<string, unknown>;
/** A list's largest length, from its own arguments and those of the field above it. */
type Cap = (args: Args, parentArgs: Args) => number;

const num = (value: unknown, fallback: number) => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);

export interface CostModel {
  schema: GraphQLSchema;
  /** Caps of data lists without a `first` argument, by `Type.field`. */
  caps: ReadonlyMap<string, Cap>;
  /** Introspection lists: the longest under one parent, and how many the whole schema holds. */
  introspection: ReadonlyMap<string, { perParent: number; total: number }>;
}

/** Builds the caps once per schema. Ontology sizes bound the lists generated from it. */
export function createCostModel(schema: GraphQLSchema, ontology: Ontology): CostModel {
  const relationshipTypes = ontology.relationshipTypes.size;
  const qualifiers = Math.max(0, ...[...ontology.relationshipTypes.values()].map((d) => Object.keys(d.properties).length));
  const uncapped: Cap = () => UNCAPPED_LIST_SIZE;
  const caps = new Map<string, Cap>([
    // path(limit) shortest paths, each of at most maxHops hops and maxHops + 1 nodes.
    ['Query.path', (a) => num(a.limit, 5)],
    ['Path.hops', (_, p) => num(p.maxHops, 4)],
    ['Path.nodes', (_, p) => num(p.maxHops, 4) + 1],
    // The Cypher projection asks for at most this many issuers or parties of a policy.
    ['Policy.issuers', () => LIMITS.maxPolicyActors],
    ['Policy.parties', () => LIMITS.maxPolicyActors],
    // Sized by the ontology.
    ['Query.relationshipTypes', () => relationshipTypes],
    ['GraphStats.byRelationshipType', () => relationshipTypes],
    ['GraphStats.byKind', () => ontology.entityKinds.length],
    ['Relationship.qualifiers', () => qualifiers],
    // A relationship's citations: the projection stops at `first`.
    ['Relationship.citations', (a) => num(a.first, LIST_DEFAULTS.citations)],
    // Not capped by the API: documented bounds.
    ['Source.sameStoryAs', uncapped],
    ['Actor.figures', uncapped],
    ['Policy.figures', uncapped],
    ['Technology.figures', uncapped],
    ['TaxonomyExpansion.editorialLinks', uncapped],
    ['EvidenceHit.passages', uncapped],
    // The write side's log (src/curation/): a page of `changes(first)`, an item's history.
    ['ChangePage.changes', (_, p) => num(p.first, 100)],
    ['Query.history', () => HISTORY_MAX],
    // One run of the ingestion assistant (proposeFromSource): at most `max` queued; what it skipped is
    // as long as the article's proposals (a held text is bounded), priced as uncapped.
    ['AssistantRun.proposals', (_, p) => num(p.max, 50)],
    ['AssistantRun.skipped', uncapped],
    // A merge's preview: one move per relationship of the dropped entity, at most the merge's own cap.
    ['MergePreview.moves', () => MERGE_MAX_RELATIONSHIPS],
    // An entity edit's preview: one row per field it sets or removes, at most what its input may hold.
    ['EntityEditPreview.fields', () => ENTITY_EDIT_MAX_FIELDS],
  ]);
  return { schema, caps, introspection: introspectionSizes(schema) };
}

/** How long each introspection list can be in this schema. */
function introspectionSizes(schema: GraphQLSchema): Map<string, { perParent: number; total: number }> {
  const sizes = new Map<string, { perParent: number; total: number }>();
  const count = (key: string, n: number) => {
    const size = sizes.get(key) ?? { perParent: 0, total: 0 };
    sizes.set(key, { perParent: Math.max(size.perParent, n), total: size.total + n });
  };
  const types = Object.values(schema.getTypeMap());
  count('__Schema.types', types.length);
  count('__Schema.directives', schema.getDirectives().length);
  for (const type of types) {
    const fields = isObjectType(type) || isInterfaceType(type) ? Object.values(type.getFields()) : [];
    count('__Type.fields', fields.length);
    for (const field of fields) count('__Field.args', field.args.length);
    count('__Type.interfaces', isObjectType(type) || isInterfaceType(type) ? type.getInterfaces().length : 0);
    count('__Type.possibleTypes', isAbstractType(type) ? schema.getPossibleTypes(type).length : 0);
    count('__Type.enumValues', isEnumType(type) ? type.getValues().length : 0);
    count('__Type.inputFields', isInputObjectType(type) ? Object.keys(type.getFields()).length : 0);
  }
  for (const directive of schema.getDirectives()) count('__Directive.args', directive.args.length);
  return sizes;
}

export interface CostEstimate {
  cost: number;
  /** Fields looked at: bounded by the shape limit on expanded fields, checked before this runs. */
  visits: number;
}

const SATURATED = Number.MAX_SAFE_INTEGER;
const mul = (a: number, b: number) => Math.min(a * b, SATURATED);
const add = (a: number, b: number) => Math.min(a + b, SATURATED);

/**
 * Estimates the operation's cost with coerced `variables` (defaults applied). It walks the expanded
 * operation, so it must run only after the shape check has bounded the expanded field count; past
 * `maxVisits` it stops and reports a saturated cost.
 */
export function estimateCost(
  model: CostModel,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  maxVisits = 100_000,
): CostEstimate {
  const walker = new CostWalker(model, fragments, variables, maxVisits);
  const root = model.schema.getRootType(operation.operation) ?? undefined;
  const cost = walker.selectionSet(operation.selectionSet, root, { multiplier: 1, args: {} });
  // Introspection lists count a share of the schema's total per parent, a fraction: round the sum
  // (472.0000000000001 is 472 items, and error messages quote the figure).
  return { cost: walker.visits > maxVisits ? SATURATED : Math.round(cost), visits: walker.visits };
}

interface Place {
  /** Items of the enclosing lists multiplied together. */
  multiplier: number;
  /** Arguments of the enclosing field. */
  args: Args;
  /** Inside introspection: the multiplier where `__schema`/`__type` was asked. */
  introspectionRoot?: number;
}

class CostWalker {
  visits = 0;
  private readonly inProgress = new Set<string>();

  constructor(
    private readonly model: CostModel,
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
    private readonly variables: Record<string, unknown>,
    private readonly maxVisits: number,
  ) {}

  selectionSet(selectionSet: SelectionSetNode, parent: GraphQLNamedType | undefined, place: Place): number {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (++this.visits > this.maxVisits) return SATURATED;
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = this.fragments.get(selection.name.value);
        if (!fragment || this.inProgress.has(fragment.name.value)) continue;
        this.inProgress.add(fragment.name.value);
        const type = this.model.schema.getType(fragment.typeCondition.name.value) ?? parent;
        cost = add(cost, this.selectionSet(fragment.selectionSet, type, place));
        this.inProgress.delete(fragment.name.value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? (this.model.schema.getType(selection.typeCondition.name.value) ?? parent) : parent;
        cost = add(cost, this.selectionSet(selection.selectionSet, type, place));
      } else if (selection.selectionSet) {
        cost = add(cost, this.field(selection, parent, place));
      }
    }
    return cost;
  }

  /** A field with a selection set costs one item per object it can return, plus what it selects. */
  private field(node: FieldNode, parent: GraphQLNamedType | undefined, place: Place): number {
    const field = fieldOf(this.model.schema, parent, node.name.value);
    if (!field || !parent || !node.selectionSet) return 0;
    const args = this.argumentsOf(field, node);
    const name = node.name.value;
    // A connection's nodes/edges are the items its `first` already counted.
    const inConnection = parent.name.endsWith('Connection') && (name === 'nodes' || name === 'edges');
    const introspectionRoot = name === '__schema' || name === '__type' ? place.multiplier : place.introspectionRoot;
    const items = inConnection ? 1 : this.items(parent, field, args, place, introspectionRoot);
    const multiplier = mul(place.multiplier, Math.max(items, 1));
    const below = this.selectionSet(node.selectionSet, getNamedType(field.type), { multiplier, args, introspectionRoot });
    // Full-text search costs by its text, not only by its hits (src/text/search-text.ts searchCost).
    const work = parent.name === 'Query' && (name === 'search' || name === 'searchEvidence') && typeof args.text === 'string' ? mul(place.multiplier, searchCost(args.text)) : 0;
    return add(add(inConnection ? 0 : multiplier, below), work);
  }

  /** The largest number of items this field returns for one parent. */
  private items(parent: GraphQLNamedType, field: GraphQLField<unknown, unknown>, args: Args, place: Place, introspectionRoot: number | undefined): number {
    const key = `${parent.name}.${field.name}`;
    const introspection = this.model.introspection.get(key);
    if (introspection) {
      // No more items than the schema holds, per `__schema`/`__type` asked for.
      const all = mul(introspectionRoot ?? 1, introspection.total);
      return Math.max(1, Math.min(mul(place.multiplier, introspection.perParent), all) / place.multiplier);
    }
    // `first` sizes a list or a connection; a page object that takes it (ChangePage) is one item whose list the cap sizes.
    const pages = isListType(getNullableType(field.type)) || getNamedType(field.type).name.endsWith('Connection');
    if (pages && field.args.some((a) => a.name === 'first')) return num(args.first, num(field.args.find((a) => a.name === 'first')!.defaultValue, UNCAPPED_LIST_SIZE));
    const cap = this.model.caps.get(key);
    if (cap) return cap(args, place.args);
    return isListType(getNullableType(field.type)) ? UNCAPPED_LIST_SIZE : 1;
  }

  private argumentsOf(field: GraphQLField<unknown, unknown>, node: FieldNode): Args {
    try {
      return getArgumentValues(field, node, this.variables);
    } catch {
      // An invalid argument fails at execution with its own error; estimate with defaults meanwhile.
      return {};
    }
  }
}

/**
 * The cost of the operation `operationName` selects, with `rawVariables` coerced as execution would;
 * undefined when there is no such operation or the variables do not coerce (execution reports those).
 */
export function operationCost(
  model: CostModel,
  document: DocumentNode,
  operationName: string | null | undefined,
  rawVariables: Record<string, unknown> | null | undefined,
): CostEstimate | undefined {
  const operation = getOperationAST(document, operationName);
  if (!operation) return undefined;
  const coerced = getVariableValues(model.schema, operation.variableDefinitions ?? [], rawVariables ?? {});
  if (coerced.errors) return undefined;
  return estimateCost(model, operation, fragmentsOf(document), coerced.coerced);
}
