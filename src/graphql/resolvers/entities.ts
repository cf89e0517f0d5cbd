// Resolvers of the Entity interface and its kinds. Fields that need the database read what was planned
// with the entity (see planned.ts); everything else derives from the entity's properties.
import type { GraphQLResolveInfo } from 'graphql';
import { toEntity, toRelationship, type EntityRecord } from '../../repository/records.ts';
import type { Direction } from '../../cypher/projection/projections.ts';
import type { AppContext } from '../context.ts';
import { connection } from '../connection.ts';
import { encodeCursor } from '../cursor.ts';
import { LIST_DEFAULTS } from '../field-plans.ts';
import { pageSize } from '../../limits/limits.ts';
import { exactDay, partialDate, whenDate, type PartialDateView } from '../partial-dates.ts';
import { figuresOf } from './figures.ts';
import { mapPlanned, planned } from './planned.ts';

type Args = Record<string, unknown>;
type Resolver = (e: EntityRecord, args: Args, ctx: AppContext, info: GraphQLResolveInfo) => unknown;

const prop = (name: string) => (e: EntityRecord) => e.props[name] ?? null;

export const relationshipCursor = (ctx: AppContext) => (id: string) => encodeCursor('rel', ctx.graph.current, id);
export const policyCursor = (ctx: AppContext) => (policy: EntityRecord) => encodeCursor('pol', ctx.graph.current, String(policy.props.sortKey));

interface RawConnection {
  rows?: unknown[];
  total?: number;
}

/** A planned connection `{rows, total}` as a GraphQL connection. */
export function plannedConnection<T>(raw: unknown, first: number, toRecord: (raw: unknown) => T, cursorOf: (record: T) => string) {
  const { rows = [], total } = (raw ?? {}) as RawConnection;
  return connection(rows.map(toRecord), first, cursorOf, () => Promise.resolve(total ?? 0));
}

const entities = (ctx: AppContext) => (raw: unknown) => ((raw as unknown[]) ?? []).map((e) => toEntity(e, ctx.ontology));

/** A list of entities planned with the parent. */
const entityList: Resolver = (e, args, ctx, info) => mapPlanned(planned('Entity', e, args, ctx, info), entities(ctx));

/** A partial date of the entity, with its planned `resolvedAgainst` source when asked for. */
const dateField =
  (view: (e: EntityRecord) => PartialDateView | null): Resolver =>
  (e, args, ctx, info) => {
    const date = view(e);
    if (!date) return null;
    const key = info.path.key as string;
    return { ...date, $: e.$?.[key] as Record<string, unknown> | undefined };
  };

const entityFields = {
  kind: (e: EntityRecord) => e.kind,
  description: prop('description'),
  relationships: ((e, args, ctx, info) =>
    mapPlanned(planned('Entity', e, args, ctx, info), (raw) =>
      plannedConnection(raw, pageSize('first', args.first as number | null, LIST_DEFAULTS.relationships), toRelationship, (r) => relationshipCursor(ctx)(r.id)),
    )) as Resolver,
};

export type { Direction };

export const entityResolvers = {
  Entity: {
    __resolveType: (e: EntityRecord) => e.kind,
  },
  Actor: {
    ...entityFields,
    type: prop('type'),
    named: (e: EntityRecord) => e.props.named !== false,
    country: ((e, args, ctx, info) => mapPlanned(planned('Entity', e, args, ctx, info), (raw) => (raw ? toEntity(raw, ctx.ontology) : null))) as Resolver,
    figures: figuresOf,
    measures: ((e, args, ctx, info) =>
      mapPlanned(planned('Entity', e, args, ctx, info), (raw) =>
        plannedConnection(raw, pageSize('first', args.first as number | null, LIST_DEFAULTS.measures), (p) => toEntity(p, ctx.ontology), policyCursor(ctx)),
      )) as Resolver,
  },
  Policy: {
    ...entityFields,
    type: prop('type'),
    status: prop('status'),
    announced: dateField((e) => partialDate(e.props, 'announced')),
    announcedOn: (e: EntityRecord) => exactDay(partialDate(e.props, 'announced')),
    effective: dateField((e) => partialDate(e.props, 'effective')),
    asOf: dateField((e) => partialDate(e.props, 'asOf')),
    date: dateField((e) => whenDate(e.props) ?? partialDate(e.props, 'announced') ?? partialDate(e.props, 'asOf')),
    place: prop('place'),
    occasion: prop('occasion'),
    purpose: prop('purpose'),
    figures: figuresOf,
    issuers: entityList,
    parties: entityList,
    targets: entityList,
    promotes: entityList,
    evidence: ((e, args, ctx, info) => mapPlanned(planned('Entity', e, args, ctx, info), (raw) => ((raw as unknown[]) ?? []).map(toRelationship))) as Resolver,
  },
  Technology: {
    ...entityFields,
    type: prop('type'),
    named: (e: EntityRecord) => e.props.named !== false,
    figures: figuresOf,
    broader: entityList,
    narrower: entityList,
    areas: entityList,
    areaOf: entityList,
  },
  Country: {
    ...entityFields,
    iso2: prop('iso2'),
    governmentBodies: entityList,
  },
  Goal: {
    ...entityFields,
    type: prop('type'),
    targetDate: dateField((e) => partialDate(e.props, 'targetDate')),
  },
};
