// Root query resolvers: check arguments, resolve names, plan the selection, then ask the repository —
// one planned statement per root field (plus one to resolve name arguments). No Cypher here.
import type { GraphQLResolveInfo } from 'graphql';
import { API_CONTRACT } from '../../cypher/api-contract.ts';
import { chooseAnchor, type MeasureFilter } from '../../cypher/measures.ts';
import type { RelationshipFilter } from '../../cypher/relationships.ts';
import { chooseTimelineAnchor, type TimelineAnchor, type TimelinePage } from '../../cypher/timeline.ts';
import { STORED_COUNT_MIN_IDS, timelineCountKey } from '../../cypher/timeline-counts.ts';
import { mergedChildren, selected, type FieldPlan } from '../../cypher/projection/field-plan.ts';
import { toSource } from '../../repository/records.ts';
import type { AppContext } from '../context.ts';
import { connection } from '../connection.ts';
import { encodeCursor } from '../cursor.ts';
import { badUserInput, notFound } from '../../errors/api-errors.ts';
import { cursorKey, plansBelow } from '../field-plans.ts';
import { checkDateOrder, checkList, checkRange, checkText, LIMITS, pageSize } from '../../limits/limits.ts';
import { resolveArguments, suggestionIds, type NameArgument } from '../name-resolution.ts';
import { bestMatch, exactQuery, fuzzyQuery } from '../../text/search-text.ts';
import { nameKey } from '../../text/fold.ts';
import { highlight, matchedSpans } from '../../text/highlight.ts';
import { relationshipTypesArg } from './arguments.ts';
import { policyCursor, relationshipCursor } from './entities.ts';
import { EVENT_DATE, EVENT_SUMMARY } from './relationships.ts';

type Args = Record<string, unknown>;

/**
 * Runs a resolver that resolves names, and runs it again if a remembered resolution turned out to be of
 * another graph version than the statements read (the graph was reloaded): answers never mix versions.
 */
async function withCurrentNames<T>(ctx: AppContext, run: () => Promise<T>): Promise<T> {
  const result = await run();
  return ctx.repo.namesOutdated(ctx.graph.current) ? run() : result;
}

/** The fields selected on a connection's items (`nodes { … }` and `edges { node { … } }`). */
function itemFields(plans: FieldPlan[]): FieldPlan[] {
  return [...mergedChildren(plans, 'nodes'), ...mergedChildren(plans, 'edges', 'node')];
}

const needsRows = (plans: FieldPlan[]) => ['nodes', 'edges', 'pageInfo'].some((f) => selected(plans, f));

/** An entity id argument: it must exist; if not, NOT_FOUND suggests entities whose names come close. */
async function requireEntityId(ctx: AppContext, argument: string, value: unknown): Promise<string | null> {
  const id = checkText(argument, value as string | null);
  if (id === null) return null;
  if (await ctx.repo.entity(id)) return id;
  let suggested: string[];
  try {
    const named = await resolveArguments(ctx, [{ argument, value: id, kinds: null, expand: 'none' }]);
    suggested = named.get(argument)!.matches.map((m) => m.entity.id);
  } catch {
    suggested = await suggestionIds(ctx, id);
  }
  throw notFound(`No entity has the id "${id}" (for '${argument}'; it takes an id — names and aliases resolve in measures, path and timeline).`, suggested, {
    argument,
    value: id,
  });
}

/** Policies matching the filters, one planned page (see src/cypher/measures.ts). */
async function measures(args: Args, ctx: AppContext, info: GraphQLResolveInfo) {
  const first = pageSize('first', args.first as number | null, 50);
  checkDateOrder(args.from as string | null, args.to as string | null);
  checkRange('minSources', args.minSources as number | null, 0, 1000);
  const minSources = (args.minSources as number | null) ?? 0;
  const after = cursorKey(ctx, args.after, 'pol');
  // Kind-of links by default; area links ("an area of the hi-tech sector") only when asked for.
  const includeAreas = args.includeNarrower !== false && args.includeAreas === true;
  const expandTechnology = args.includeNarrower === false ? 'none' : includeAreas ? 'narrowerAndAreas' : 'narrower';
  const filter: MeasureFilter = {
    targetIds: null,
    promotingIds: null,
    issuerIds: null,
    statuses: checkList('status', args.status as string[] | null),
    types: checkList('types', args.types as string[] | null),
    from: (args.from as string | null) ?? null,
    to: (args.to as string | null) ?? null,
    minSources: minSources > 0 ? minSources : null,
    modalities: checkList('modality', args.modality as string[] | null),
    targetSubtree: null,
    includeAreas,
    includeRetracted: args.includeRetracted === true,
  };
  const names: NameArgument[] = [];
  if (args.targeting != null) names.push({ argument: 'targeting', value: args.targeting, kinds: ['Technology', 'Country', 'Actor'], expand: expandTechnology, minSources });
  if (args.promoting != null) names.push({ argument: 'promoting', value: args.promoting, kinds: ['Technology'], expand: expandTechnology, minSources });
  if (args.imposedBy != null) names.push({ argument: 'imposedBy', value: args.imposedBy, kinds: ['Actor', 'Country'], expand: 'government' });
  const plans = plansBelow(info, ctx);
  const resolved = await resolveArguments(ctx, names);
  const ids = (argument: string) => {
    const found = resolved.get(argument);
    return found ? [...new Set(found.matches.flatMap((m) => m.ids))] : null;
  };
  const sum = (argument: string, of: (m: { targetedBy: number; promotedBy: number; issues: number }) => number) =>
    resolved.get(argument)?.matches.reduce((n, m) => n + of(m), 0);
  filter.targetIds = ids('targeting');
  const targets = resolved.get('targeting')?.matches ?? [];
  // (Its count kept at load and its subtree walk follow standing relationships only: not with retracted ones.)
  if (targets.length === 1 && targets[0]!.entity.kind === 'Technology' && expandTechnology !== 'none' && minSources === 0 && !filter.includeRetracted) {
    filter.targetSubtree = targets[0]!.entity.id;
  }
  filter.promotingIds = ids('promoting');
  filter.issuerIds = ids('imposedBy');
  const policies = [...resolved.values()][0]?.policies ?? 0;
  const anchor = chooseAnchor(
    filter,
    { targets: sum('targeting', (m) => m.targetedBy), promoting: sum('promoting', (m) => m.promotedBy), issuers: sum('imposedBy', (m) => m.issues), policies },
    first + 1,
  );
  const page = await ctx.repo.measures({
    filter,
    anchor,
    after,
    limit: first + 1,
    fields: itemFields(plans),
    withRows: needsRows(plans),
    withTotal: selected(plans, 'totalCount'),
    withUndatedLeftOut: selected(plans, 'undatedLeftOut'),
  });
  const expanded = ['targeting', 'promoting'].flatMap((argument) => resolved.get(argument)?.matches ?? []).filter((m) => m.entity.kind === 'Technology');
  return {
    ...connection(page.rows, first, policyCursor(ctx), () => Promise.resolve(page.total ?? 0)),
    undatedLeftOut: page.undatedLeftOut,
    // The resolution counts standing issuing relationships: with retracted ones, only an empty page is explained.
    emptyBecause: filter.includeRetracted && page.rows.length > 0 ? null : holdsNothing(ctx, resolved.get('imposedBy')?.matches),
    expansion:
      expandTechnology !== 'none' && expanded.length > 0
        ? {
            followed: [ctx.ontology.taxonomyType, ...(includeAreas && ctx.ontology.areaType ? [ctx.ontology.areaType] : [])],
            technologyIds: [...new Set(expanded.flatMap((m) => m.ids))],
            editorialLinkIds: [...new Set(expanded.flatMap((m) => m.editorialLinks))],
          }
        : null,
  };
}

/**
 * The reason `measures(imposedBy:)` is empty when the name resolution already shows it: the entities it
 * stands for have no issuing relationship at all (the Politburo Standing Committee, whom the sources
 * only show meeting and flanking). Counted by the resolution statement: no extra round trip.
 */
function holdsNothing(ctx: AppContext, matches: Array<{ entity: { name: string }; issues: number }> | undefined): string | null {
  if (!matches || matches.length === 0 || matches.some((m) => m.issues > 0)) return null;
  const names = matches.map((m) => `"${m.entity.name}"`).join(', ');
  const types = API_CONTRACT.issuingTypes;
  return (
    `${names} (with the bodies and officials it includes) has no ${types.slice(0, -1).join(', ')} or ${types.at(-1)} relationship to any policy ` +
    `in the graph: no source says it issued, held or is party to one. Its other relationships: timeline(entity:) or relationships(from:).`
  );
}

/** Ranked, diverse connections between two entities (see src/repository/path-choice.ts). */
async function path(args: Args, ctx: AppContext, info: GraphQLResolveInfo) {
  checkRange('maxHops', args.maxHops as number | null, 1, LIMITS.maxPathHops);
  checkRange('limit', args.limit as number | null, 1, LIMITS.maxPaths);
  const maxHops = (args.maxHops as number | null) ?? 4;
  const limit = (args.limit as number | null) ?? 5;
  const resolved = await resolveArguments(ctx, [
    { argument: 'from', value: args.from, kinds: null, expand: 'none' },
    { argument: 'to', value: args.to, kinds: null, expand: 'none' },
  ]);
  const from = resolved.get('from')!.matches[0]!.entity;
  const to = resolved.get('to')!.matches[0]!.entity;
  if (from.id === to.id) {
    throw badUserInput(`'from' and 'to' are the same entity ("${from.name}"); give two different entities.`, { argument: 'to', value: args.to });
  }
  checkRange('minSources', args.minSources as number | null, 0, 1000);
  const plans = plansBelow(info, ctx);
  const nodeFields = [...mergedChildren(plans, 'nodes'), ...mergedChildren(plans, 'hops', 'from'), ...mergedChildren(plans, 'hops', 'to')];
  const hops = mergedChildren(plans, 'hops');
  const found = await ctx.repo.paths(
    { from: from.id, to: to.id, maxHops, excludeUnnamed: args.excludeUnnamed === true, minSources: (args.minSources as number | null) ?? 0 },
    { fromDegree: resolved.get('from')!.matches[0]!.degree, toDegree: resolved.get('to')!.matches[0]!.degree },
    limit,
    nodeFields,
    mergedChildren(plans, 'hops', 'relationship'),
    { nodes: selected(plans, 'nodes') || selected(hops, 'from') || selected(hops, 'to'), relationships: selected(hops, 'relationship') },
  );
  // The routes found so far, and a note that others may exist (the search's work budget ran out).
  if (found.partial) ctx.repo.partialAnswers.push({ path: responsePath(info), reason: found.partial });
  return found.paths;
}

function responsePath(info: GraphQLResolveInfo): Array<string | number> {
  const out: Array<string | number> = [];
  for (let p: GraphQLResolveInfo['path'] | undefined = info.path; p; p = p.prev) out.unshift(p.key);
  return out;
}

/** Events of an entity (or all), one planned page (see src/cypher/timeline.ts). */
async function timeline(args: Args, ctx: AppContext, info: GraphQLResolveInfo) {
  const first = pageSize('first', args.first as number | null, 50);
  checkDateOrder(args.from as string | null, args.to as string | null);
  const after = cursorKey(ctx, args.after, 'tl');
  let entityIds: string[] | null = null;
  let anchor: TimelineAnchor = 'entities';
  let policiesInSet = true;
  let storedCount: TimelinePage['storedCount'];
  if (args.entity != null) {
    const resolved = (await resolveArguments(ctx, [{ argument: 'entity', value: args.entity, kinds: null, expand: 'involved' }])).get('entity')!;
    const best = resolved.matches[0]!;
    entityIds = best.ids;
    anchor = chooseTimelineAnchor(best.ids.length, best.degree, resolved.claims, first + 1);
    // The `involved` expansion adds government bodies and officials: only a policy's own set holds a policy.
    policiesInSet = best.entity.kind === 'Policy';
    if (best.ids.length >= STORED_COUNT_MIN_IDS) storedCount = { key: timelineCountKey(best.ids), anchorId: best.entity.id };
  }
  const plans = plansBelow(info, ctx);
  const events = itemFields(plans);
  const dateFields = mergedChildren(events, 'date');
  const policyFields = mergedChildren(events, 'policy');
  const relationshipFields = mergedChildren(events, 'relationship');
  // An event's date comes from its record's when* properties (and its source, when asked for).
  if (selected(events, 'date')) {
    policyFields.push({ key: EVENT_DATE, field: 'date', owner: 'Policy', options: {}, children: dateFields });
    relationshipFields.push({ key: EVENT_DATE, field: 'when', owner: 'Relationship', options: {}, children: dateFields });
  }
  if (selected(events, 'title')) relationshipFields.push({ key: EVENT_SUMMARY, field: 'summary', owner: 'Relationship', options: {}, children: [] });
  const page = await ctx.repo.timeline({
    entityIds,
    anchor,
    policiesInSet,
    from: (args.from as string | null) ?? null,
    to: (args.to as string | null) ?? null,
    after,
    limit: first + 1,
    policyFields,
    relationshipFields,
    withRows: needsRows(plans),
    withTotal: selected(plans, 'totalCount'),
    storedCount,
  });
  return connection(page.rows, first, (e) => encodeCursor('tl', ctx.graph.current, e.eventKey), () => Promise.resolve(page.total ?? 0));
}

export const queryResolvers = {
  async search(_: unknown, args: Args, ctx: AppContext, info: GraphQLResolveInfo) {
    const text = checkText('text', args.text as string, LIMITS.maxSearchTextLength)!;
    const first = pageSize('first', args.first as number | null, 10, LIMITS.maxSearchResults);
    const kinds = checkList('kinds', args.kinds as string[] | null);
    const query = exactQuery(text);
    const fuzzy = fuzzyQuery(text);
    if (!query || !fuzzy) throw badUserInput(`'text' must contain letters or digits; got "${text}".`, { argument: 'text', value: text });
    const entityFields = mergedChildren(plansBelow(info, ctx), 'entity');
    const hits = await ctx.repo.search({ query, fuzzyQuery: fuzzy, fuzzyAlways: args.fuzzy === true, key: nameKey(text), labels: kinds, limit: first }, entityFields);
    return hits.map(({ entity, score, exact }) => ({ entity, score, exact, matched: bestMatch(text, [entity.name, ...entity.aliases]) }));
  },

  async searchEvidence(_: unknown, args: Args, ctx: AppContext, info: GraphQLResolveInfo) {
    const text = checkText('text', args.text as string, LIMITS.maxSearchTextLength)!;
    const first = pageSize('first', args.first as number | null, 10, LIMITS.maxSearchResults);
    const types = relationshipTypesArg(ctx, args.types);
    const source = checkText('source', args.source as string | null);
    const query = fuzzyQuery(text);
    if (!query) throw badUserInput(`'text' must contain letters or digits; got "${text}".`, { argument: 'text', value: text });
    if (source && !(await ctx.repo.source(source))) {
      throw notFound(`No source has the id "${source}" (for 'source').`, await ctx.repo.sourceIds(), { argument: 'source', value: source });
    }
    const plans = plansBelow(info, ctx);
    const citationFields = mergedChildren(plans, 'citation');
    // `highlighted` and `passages` are computed from the quote: read it even when `citation { quote }` is not selected.
    if ((selected(plans, 'highlighted') || selected(plans, 'passages')) && !citationFields.some((f) => f.field === 'quote')) {
      citationFields.push({ key: 'quote', field: 'quote', owner: 'Citation', options: {}, children: [] });
    }
    const hits = await ctx.repo.evidence({
      query,
      types,
      source,
      limit: first,
      citationFields,
      relationshipFields: mergedChildren(plans, 'relationship'),
    });
    return hits.map((hit) => {
      const passages = matchedSpans(hit.citation.quote, text);
      return { ...hit, passages, highlighted: highlight(hit.citation.quote, passages) };
    });
  },

  entity(_: unknown, args: Args, ctx: AppContext, info: GraphQLResolveInfo) {
    return ctx.repo.entityById(checkText('id', args.id as string)!, plansBelow(info, ctx));
  },

  measures(_: unknown, args: Args, ctx: AppContext, info: GraphQLResolveInfo) {
    return withCurrentNames(ctx, () => measures(args, ctx, info));
  },

  async relationships(_: unknown, args: Args, ctx: AppContext, info: GraphQLResolveInfo) {
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
    const after = cursorKey(ctx, args.after, 'rel');
    const sourceId = checkText('source', args.source as string | null);
    const types = relationshipTypesArg(ctx, args.types);
    const [from, to] = await Promise.all([requireEntityId(ctx, 'from', args.from), requireEntityId(ctx, 'to', args.to)]);
    if (sourceId && !(await ctx.repo.source(sourceId))) {
      throw notFound(`No source has the id "${sourceId}" (for 'source').`, await ctx.repo.sourceIds(), { argument: 'source', value: sourceId });
    }
    const filter: RelationshipFilter = {
      types,
      from,
      to,
      source: sourceId,
      minSources: (args.minSources as number | null) ?? null,
      maxSources: (args.maxSources as number | null) ?? null,
      modalities: checkList('modality', args.modality as string[] | null),
      includeRetracted: args.includeRetracted === true,
    };
    const plans = plansBelow(info, ctx);
    const page = await ctx.repo.relationshipTable({
      filter,
      after,
      limit: first + 1,
      fields: itemFields(plans),
      withRows: needsRows(plans),
      withTotal: selected(plans, 'totalCount'),
    });
    return connection(page.rows, first, (r) => relationshipCursor(ctx)(r.id), () => Promise.resolve(page.total ?? 0));
  },

  sources(_: unknown, args: Args, ctx: AppContext, info: GraphQLResolveInfo) {
    const first = pageSize('first', args.first as number | null, 100);
    const after = checkText('after', args.after as string | null);
    return ctx.repo.sources(after, first, plansBelow(info, ctx));
  },

  async source(_: unknown, args: Args, ctx: AppContext, info: GraphQLResolveInfo) {
    const [row] = await ctx.repo.byIds('Source', [checkText('id', args.id as string)!], plansBelow(info, ctx));
    return row ? toSource(row) : null;
  },

  path(_: unknown, args: Args, ctx: AppContext, info: GraphQLResolveInfo) {
    return withCurrentNames(ctx, () => path(args, ctx, info));
  },

  timeline(_: unknown, args: Args, ctx: AppContext, info: GraphQLResolveInfo) {
    return withCurrentNames(ctx, () => timeline(args, ctx, info));
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
    return {
      entities: row.entities,
      byKind: row.byKind,
      relationships: row.relationships,
      byRelationshipType: row.byType,
      sources: row.sources,
      citations: row.citations,
    };
  },
};
