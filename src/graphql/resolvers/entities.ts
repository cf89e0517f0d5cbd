// Resolvers of the Entity interface and its four kinds.
import type { EntityRecord } from '../../repository/records.ts';
import type { Direction } from '../../repository/repository.ts';
import type { AppContext } from '../context.ts';
import { connection } from '../connection.ts';
import { decodeCursor } from '../cursor.ts';
import { pageSize } from '../limits.ts';
import { exactDay, partialDate, whenDate } from '../partial-dates.ts';
import { decodePolicyCursor, policyCursor, relationshipCursor } from './query.ts';
import { relationshipTypesArg } from './arguments.ts';
import { figuresOf } from './figures.ts';

type Args = Record<string, unknown>;
const prop = (name: string) => (e: EntityRecord) => e.props[name] ?? null;

const entityFields = {
  kind: (e: EntityRecord) => e.kind,
  description: prop('description'),
  async relationships(e: EntityRecord, args: Args, ctx: AppContext) {
    const direction = ((args.direction as Direction | null) ?? 'BOTH') as Direction;
    const types = relationshipTypesArg(ctx, args.types);
    const first = pageSize('first', args.first as number | null, 50);
    const after = decodeCursor(args.after as string | null, 'rel', 1)?.[0] ?? null;
    const rows = await ctx.repo.entityRelationships(e.id, direction, types, after, first + 1);
    return connection(rows, first, relationshipCursor, () => ctx.repo.entityRelationshipCount(e.id, direction, types));
  },
};

const limit = (args: Args) => pageSize('first', args.first as number | null, 25);

export const entityResolvers = {
  Entity: {
    __resolveType: (e: EntityRecord) => e.kind,
  },
  Actor: {
    ...entityFields,
    type: prop('type'),
    named: (e: EntityRecord) => e.props.named !== false,
    country: (e: EntityRecord, _: Args, ctx: AppContext) => (e.props.country ? ctx.repo.entity(String(e.props.country)) : null),
    figures: figuresOf,
    async measures(e: EntityRecord, args: Args, ctx: AppContext) {
      const first = pageSize('first', args.first as number | null, 50);
      const rows = await ctx.repo.actorMeasures(e.id, decodePolicyCursor(args.after), first + 1);
      return connection(rows, first, policyCursor, () => ctx.repo.actorMeasuresCount(e.id), (row) => row.entity);
    },
  },
  Policy: {
    ...entityFields,
    type: prop('type'),
    status: prop('status'),
    announced: (e: EntityRecord) => partialDate(e.props, 'announced'),
    announcedOn: (e: EntityRecord) => exactDay(partialDate(e.props, 'announced')),
    effective: (e: EntityRecord) => partialDate(e.props, 'effective'),
    asOf: (e: EntityRecord) => partialDate(e.props, 'asOf'),
    date: (e: EntityRecord) => whenDate(e.props) ?? partialDate(e.props, 'announced') ?? partialDate(e.props, 'asOf'),
    place: prop('place'),
    occasion: prop('occasion'),
    purpose: prop('purpose'),
    figures: figuresOf,
    issuers: (e: EntityRecord, _: Args, ctx: AppContext) => ctx.repo.policyNeighbours(e.id, 'ISSUED', 'IN', 100),
    parties: (e: EntityRecord, _: Args, ctx: AppContext) => ctx.repo.policyNeighbours(e.id, 'PARTY_TO', 'IN', 100),
    targets: (e: EntityRecord, args: Args, ctx: AppContext) => ctx.repo.policyNeighbours(e.id, 'TARGETS', 'OUT', limit(args)),
    promotes: (e: EntityRecord, args: Args, ctx: AppContext) => ctx.repo.policyNeighbours(e.id, 'PROMOTES', 'OUT', limit(args)),
    evidence: (e: EntityRecord, args: Args, ctx: AppContext) =>
      ctx.repo.policyEvidence(e.id, relationshipTypesArg(ctx, args.types), limit(args)),
  },
  Technology: {
    ...entityFields,
    type: prop('type'),
    named: (e: EntityRecord) => e.props.named !== false,
    figures: figuresOf,
    broader: (e: EntityRecord, _: Args, ctx: AppContext) => ctx.repo.broader(e.id),
    narrower: (e: EntityRecord, _: Args, ctx: AppContext) => ctx.repo.narrower(e.id),
  },
  Country: {
    ...entityFields,
    iso2: prop('iso2'),
    governmentBodies: (e: EntityRecord, _: Args, ctx: AppContext) => ctx.repo.governmentBodies(e.id),
  },
};
