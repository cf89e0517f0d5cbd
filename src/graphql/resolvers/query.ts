// Root query resolvers: check arguments, resolve names, then ask the repository. No Cypher here.
import type { EntityRecord, RelationshipRecord } from '../../repository/records.ts';
import type { MeasureFilter, PolicyRow, RelationshipFilter } from '../../repository/repository.ts';
import { API_CONTRACT } from '../../repository/api-contract.ts';
import type { AppContext } from '../context.ts';
import { connection } from '../connection.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { badUserInput, notFound } from '../errors.ts';
import { checkDateOrder, checkList, checkRange, checkText, LIMITS, pageSize } from '../limits.ts';
import { resolveEntities, resolveEntity, suggestionIds } from '../name-resolution.ts';
import { bestMatch, fuzzyQuery } from '../search-text.ts';
import { relationshipTypesArg } from './arguments.ts';

type Args = Record<string, unknown>;

export const policyCursor = (row: PolicyRow) => encodeCursor('pol', row.sortDate, row.entity.id);
export const relationshipCursor = (rel: RelationshipRecord) => encodeCursor('rel', rel.id);

export function decodePolicyCursor(after: unknown) {
  const key = decodeCursor(after as string | null, 'pol', 2);
  return key ? { date: key[0]!, id: key[1]! } : null;
}

/** Ids a technology argument stands for: itself and, unless turned off, every narrower technology. */
async function technologyIds(ctx: AppContext, matches: EntityRecord[], includeNarrower: boolean): Promise<string[]> {
  const ids = matches.map((e) => e.id);
  const technologies = matches.filter((e) => e.kind === 'Technology').map((e) => e.id);
  if (!includeNarrower || technologies.length === 0) return ids;
  return [...new Set([...ids, ...(await ctx.repo.withNarrower(technologies))])];
}

/** Actors an `imposedBy` value stands for: an actor itself; for a country, or a government or agency,
 * also the country's government bodies and the officials affiliated with them. */
async function issuerIds(ctx: AppContext, matches: EntityRecord[]): Promise<string[]> {
  const ids = new Set<string>();
  for (const entity of matches) {
    if (entity.kind !== 'Country') ids.add(entity.id);
    const isGovernment = entity.kind === 'Actor' && (API_CONTRACT.governmentActorTypes as readonly string[]).includes(String(entity.props.type));
    if (entity.kind === 'Country' || isGovernment) {
      for (const body of await ctx.repo.governmentBodies(entity.id, true)) ids.add(body.id);
    }
  }
  return [...ids];
}

/** Entity ids an event filter stands for: the entity, plus, for a country or a government, its government
 * bodies and their officials. */
async function involvedIds(ctx: AppContext, entity: EntityRecord): Promise<string[]> {
  const bodies = entity.kind === 'Country' || entity.kind === 'Actor' ? await ctx.repo.governmentBodies(entity.id, true) : [];
  return [...new Set([entity.id, ...bodies.map((b) => b.id)])];
}

/** An entity id argument: it must exist; if not, NOT_FOUND suggests entities whose names come close. */
async function requireEntityId(ctx: AppContext, argument: string, value: unknown): Promise<string | null> {
  const id = checkText(argument, value as string | null);
  if (id === null) return null;
  if (!(await ctx.repo.entity(id))) {
    const close = await ctx.repo.byName(id, null);
    const suggested = close.length > 0 ? close.map((e) => e.id) : await suggestionIds(ctx, id);
    throw notFound(`No entity has the id "${id}" (for '${argument}'; it takes an id — names and aliases resolve in measures, path and timeline).`, suggested, {
      argument,
      value: id,
    });
  }
  return id;
}

export const queryResolvers = {
  async search(_: unknown, args: Args, ctx: AppContext) {
    const text = checkText('text', args.text as string, LIMITS.maxSearchTextLength)!;
    const first = pageSize('first', args.first as number | null, 10, LIMITS.maxSearchResults);
    const kinds = checkList('kinds', args.kinds as string[] | null);
    const query = fuzzyQuery(text);
    if (!query) throw badUserInput(`'text' must contain letters or digits; got "${text}".`, { argument: 'text', value: text });
    const hits = await ctx.repo.search(query, kinds, first);
    return hits.map(({ entity, score }) => ({ entity, score, matched: bestMatch(text, [entity.name, ...entity.aliases]) }));
  },

  entity(_: unknown, args: Args, ctx: AppContext) {
    return ctx.repo.entity(checkText('id', args.id as string)!);
  },

  async measures(_: unknown, args: Args, ctx: AppContext) {
    const first = pageSize('first', args.first as number | null, 50);
    checkDateOrder(args.from as string | null, args.to as string | null);
    const after = decodePolicyCursor(args.after);
    const includeNarrower = args.includeNarrower !== false;
    const filter: MeasureFilter = {
      targetIds: null,
      promotingIds: null,
      issuerIds: null,
      statuses: checkList('status', args.status as string[] | null),
      types: checkList('types', args.types as string[] | null),
      from: (args.from as string | null) ?? null,
      to: (args.to as string | null) ?? null,
    };
    if (args.targeting != null) {
      const matches = await resolveEntities(ctx, 'targeting', args.targeting as string, ['Technology', 'Country', 'Actor']);
      filter.targetIds = await technologyIds(ctx, matches, includeNarrower);
    }
    if (args.promoting != null) {
      const matches = await resolveEntities(ctx, 'promoting', args.promoting as string, ['Technology']);
      filter.promotingIds = await technologyIds(ctx, matches, includeNarrower);
    }
    if (args.imposedBy != null) {
      const matches = await resolveEntities(ctx, 'imposedBy', args.imposedBy as string, ['Actor', 'Country']);
      filter.issuerIds = await issuerIds(ctx, matches);
    }
    const rows = await ctx.repo.measures(filter, after, first + 1);
    return connection(rows, first, policyCursor, () => ctx.repo.measuresCount(filter), (row) => row.entity);
  },

  async relationships(_: unknown, args: Args, ctx: AppContext) {
    const first = pageSize('first', args.first as number | null, 100);
    checkRange('minSources', args.minSources as number | null, 0, 1000);
    checkRange('maxSources', args.maxSources as number | null, 0, 1000);
    if (args.minSources != null && args.maxSources != null && (args.minSources as number) > (args.maxSources as number)) {
      throw badUserInput(`'minSources' (${args.minSources}) is more than 'maxSources' (${args.maxSources}); it must be at most 'maxSources'.`, {
        argument: 'minSources',
        minSources: args.minSources,
        maxSources: args.maxSources,
      });
    }
    const after = decodeCursor(args.after as string | null, 'rel', 1)?.[0] ?? null;
    const sourceId = checkText('source', args.source as string | null);
    if (sourceId && !(await ctx.repo.source(sourceId))) {
      throw notFound(`No source has the id "${sourceId}" (for 'source').`, (await ctx.repo.sources()).map((s) => s.id), {
        argument: 'source',
        value: sourceId,
      });
    }
    const filter: RelationshipFilter = {
      types: relationshipTypesArg(ctx, args.types),
      from: await requireEntityId(ctx, 'from', args.from),
      to: await requireEntityId(ctx, 'to', args.to),
      source: sourceId,
      minSources: (args.minSources as number | null) ?? null,
      maxSources: (args.maxSources as number | null) ?? null,
    };
    const rows = await ctx.repo.relationshipTable(filter, after, first + 1);
    return connection(rows, first, relationshipCursor, () => ctx.repo.relationshipTableCount(filter));
  },

  sources(_: unknown, __: Args, ctx: AppContext) {
    return ctx.repo.sources();
  },

  source(_: unknown, args: Args, ctx: AppContext) {
    return ctx.repo.source(checkText('id', args.id as string)!);
  },

  async path(_: unknown, args: Args, ctx: AppContext) {
    checkRange('maxHops', args.maxHops as number | null, 1, LIMITS.maxPathHops);
    checkRange('limit', args.limit as number | null, 1, LIMITS.maxPaths);
    const maxHops = (args.maxHops as number | null) ?? 4;
    const limit = (args.limit as number | null) ?? 5;
    const [from, to] = await Promise.all([
      resolveEntity(ctx, 'from', args.from as string, null),
      resolveEntity(ctx, 'to', args.to as string, null),
    ]);
    if (from.id === to.id) {
      throw badUserInput(`'from' and 'to' are the same entity ("${from.name}"); give two different entities.`, { argument: 'to', value: args.to });
    }
    const rows = await ctx.repo.shortestPaths(from.id, to.id, maxHops, limit);
    return rows.map((row) => ({
      length: row.hops.length,
      nodes: row.nodeIds.map((id) => ctx.repo.entity(id)),
      hops: row.hops.map((hop, i) => ({
        from: ctx.repo.entity(row.nodeIds[i]!),
        to: ctx.repo.entity(row.nodeIds[i + 1]!),
        relationship: ctx.repo.relationship(hop.id),
        forward: hop.fromId === row.nodeIds[i],
      })),
    }));
  },

  async timeline(_: unknown, args: Args, ctx: AppContext) {
    const first = pageSize('first', args.first as number | null, 50);
    checkDateOrder(args.from as string | null, args.to as string | null);
    const key = decodeCursor(args.after as string | null, 'tl', 2);
    const after = key ? { date: key[0]!, key: key[1]! } : null;
    const entityIds = args.entity != null ? await involvedIds(ctx, await resolveEntity(ctx, 'entity', args.entity as string, null)) : null;
    const from = (args.from as string | null) ?? null;
    const to = (args.to as string | null) ?? null;
    const rows = await ctx.repo.timeline(entityIds, from, to, after, first + 1);
    const events = rows.map((row) => ({ ...row, kind: row.key.startsWith('policy:') ? 'POLICY' : 'RELATIONSHIP' }));
    return connection(events, first, (e) => encodeCursor('tl', e.start, e.key), () => ctx.repo.timelineCount(entityIds, from, to));
  },

  relationshipTypes(_: unknown, __: Args, ctx: AppContext) {
    return [...ctx.ontology.relationshipTypes.values()].map((def) => ({
      type: def.type,
      description: def.description,
      from: def.from,
      to: def.to,
      symmetric: def.symmetric,
      qualifiers: Object.keys(def.properties),
    }));
  },

  async stats(_: unknown, __: Args, ctx: AppContext) {
    const row = await ctx.repo.stats();
    const byKind = new Map(((row.byKind as Array<{ name: string; count: number }>) ?? []).map((k) => [k.name, k.count]));
    return {
      entities: row.entities,
      byKind: ctx.ontology.entityKinds.map((kind) => ({ name: kind, count: byKind.get(kind) ?? 0 })),
      relationships: row.relationships,
      byRelationshipType: row.byType,
      sources: row.sources,
      citations: row.citations,
    };
  },
};
