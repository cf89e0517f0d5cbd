// Turns the selection of a request into FieldPlans for the Cypher planner: each field's arguments are
// checked here (page sizes, relationship types, cursors) with the same messages as everywhere else. A
// field whose arguments are refused is still planned — as null — and its error is kept for the resolver
// of that field to report at its own path, so the rest of the answer stands.
import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import type { FieldPlan } from '../cypher/projection/field-plan.ts';
import type { AppContext } from './context.ts';
import { decodeCursor, type CursorKind } from './cursor.ts';
import { pageSize } from '../limits/limits.ts';
import { relationshipTypesArg } from './resolvers/arguments.ts';
import { selectionOf, type Selection } from './selection.ts';

type Args = Record<string, unknown>;
type Options = (args: Args, ctx: AppContext) => Record<string, unknown>;

/** Default page sizes of list fields, as the SDL documents them. */
export const LIST_DEFAULTS = {
  relationships: 50,
  measures: 50,
  targets: 25,
  evidence: 25,
  taxonomy: 100,
  governmentBodies: 100,
  sourceRelationships: 50,
  citations: 10,
} as const;

/** A cursor's keyset position; its graph version is remembered to be checked against the graph read. */
export function cursorKey(ctx: AppContext, value: unknown, kind: CursorKind, argument = 'after'): string | null {
  const position = decodeCursor(value as string | null, kind, argument);
  if (!position) return null;
  ctx.graph.expect(position.version);
  return position.key;
}

/** `first` and the rows to fetch for a page (one more: it only tells whether there is a next page). */
function page(args: Args, fallback: number) {
  const first = pageSize('first', args.first as number | null, fallback);
  return { first, limit: first + 1 };
}

const firstOnly = (fallback: number): Options => (args) => ({ first: pageSize('first', args.first as number | null, fallback) });

const OPTIONS: Record<string, Options> = {
  'Entity.relationships': (args, ctx) => ({
    direction: (args.direction as string | null) ?? 'BOTH',
    types: relationshipTypesArg(ctx, args.types),
    ...page(args, LIST_DEFAULTS.relationships),
    after: cursorKey(ctx, args.after, 'rel'),
    // Only when asked: the default plan (and statement) stays the one without retracted relationships.
    ...(args.includeRetracted === true ? { includeRetracted: true } : {}),
  }),
  'Actor.measures': (args, ctx) => ({ ...page(args, LIST_DEFAULTS.measures), after: cursorKey(ctx, args.after, 'pol') }),
  'Policy.targets': firstOnly(LIST_DEFAULTS.targets),
  'Policy.promotes': firstOnly(LIST_DEFAULTS.targets),
  'Relationship.citations': firstOnly(LIST_DEFAULTS.citations),
  'Policy.evidence': (args, ctx) => ({
    types: relationshipTypesArg(ctx, args.types),
    first: pageSize('first', args.first as number | null, LIST_DEFAULTS.evidence),
    ...(args.includeRetracted === true ? { includeRetracted: true } : {}),
  }),
  'Technology.broader': firstOnly(LIST_DEFAULTS.taxonomy),
  'Technology.narrower': firstOnly(LIST_DEFAULTS.taxonomy),
  'Technology.areas': firstOnly(LIST_DEFAULTS.taxonomy),
  'Technology.areaOf': firstOnly(LIST_DEFAULTS.taxonomy),
  'Country.governmentBodies': firstOnly(LIST_DEFAULTS.governmentBodies),
  'Source.relationships': (args, ctx) => ({ ...page(args, LIST_DEFAULTS.sourceRelationships), after: cursorKey(ctx, args.after, 'rel') }),
};

function optionsFor(ctx: AppContext, owner: string, field: string): Options | undefined {
  return OPTIONS[`${owner}.${field}`] ?? (ctx.ontology.entityKinds.includes(owner) ? OPTIONS[`Entity.${field}`] : undefined);
}

/** FieldPlans of `selections`; refused arguments are recorded in `ctx.planErrors` under the field's node. */
export function fieldPlans(selections: readonly Selection[], ctx: AppContext): FieldPlan[] {
  return selections.map((s) => {
    const normalise = optionsFor(ctx, s.owner, s.field);
    let options: Record<string, unknown> = {};
    let error: Error | undefined;
    try {
      if (normalise) options = normalise(s.args, ctx);
    } catch (caught) {
      error = caught as Error;
      ctx.planErrors.set(s.node, error);
    }
    return { key: s.key, field: s.field, owner: s.owner, options, children: fieldPlans(s.children, ctx), error };
  });
}

/** FieldPlans of the selection below the field being resolved. */
export function plansBelow(info: GraphQLResolveInfo, ctx: AppContext): FieldPlan[] {
  return fieldPlans(selectionOf(info), ctx);
}

/** The plan of the field being resolved itself (its arguments checked now: an error is thrown at its path). */
export function planOfField(info: GraphQLResolveInfo, args: Args, ctx: AppContext): FieldPlan {
  const normalise = optionsFor(ctx, info.parentType.name, info.fieldName);
  return {
    key: info.path.key as string,
    field: info.fieldName,
    owner: info.parentType.name,
    options: normalise ? normalise(args, ctx) : {},
    children: plansBelow(info, ctx),
  };
}

/** The error recorded for a field whose arguments were refused while its parent was planned. */
export function planError(ctx: AppContext, node: FieldNode): Error | undefined {
  return ctx.planErrors.get(node);
}
