// Read access for one GraphQL request. Each root field runs one planned statement that fetches its rows
// and every field the request selected below them (src/cypher/projection), so a request costs a fixed,
// small number of round trips whatever its rows. The few look-ups outside a plan — a field of a record
// that was fetched without it, an existence check of an id argument — are batched per tick with
// DataLoader. Every planned statement also reads the graph version, reported through `onGraphVersion`.
import DataLoader from 'dataloader';
import { cypher, type Executor, type Params, type QueryObserver, type Row } from '../db/executor.ts';
import type { Ontology } from '../ontology/ontology.ts';
import * as entitiesQ from '../cypher/entities.ts';
import { resolveNames, type NameQuery } from '../cypher/names.ts';
import { evidenceStatement, type EvidenceSearch } from '../cypher/evidence.ts';
import { measuresStatement, type MeasuresPage } from '../cypher/measures.ts';
import { levelRows, pathLevelStatement, pathPartsStatement, type PathSearch } from '../cypher/paths.ts';
import { choosePaths } from './path-choice.ts';
import { DEFAULT_PATH_LIMITS, PATH_TIME_SHARE, searchPaths, type PathSearchLimits } from './path-search.ts';
import { deepFreeze, type NameCache } from './name-cache.ts';
import { SEARCH_SLOTS, type SearchSlots } from './search-slots.ts';
import { tableStatement, type TablePage } from '../cypher/relationships.ts';
import { relationshipByIdStatement } from '../cypher/relationship-by-id.ts';
import * as sourcesQ from '../cypher/sources.ts';
import { timelineStatement, type TimelinePage } from '../cypher/timeline.ts';
import { TimelineTotals } from './timeline-totals.ts';
import { storeTimelineCount } from '../cypher/timeline-counts.ts';
import { CypherBuilder } from '../cypher/projection/builder.ts';
import type { FieldPlan } from '../cypher/projection/field-plan.ts';
import type { CypherQuery } from '../db/executor.ts';
import {
  toCitation,
  toEntity,
  toRelationship,
  toSource,
  type CitationRecord,
  type EntityRecord,
  type RelationshipRecord,
  type SourceRecord,
} from './records.ts';

export type Shape = entitiesQ.Shape;

export interface RepositoryHooks {
  /** Called for every round trip (the API counts them per request). */
  observe?: QueryObserver;
  /** Called with the graph version each planned statement read. */
  onGraphVersion?: (version: string | null) => void;
  /** Name resolutions of earlier requests, per graph version (shared by the process). */
  names?: NameCache<ResolvedName>;
  /** The concurrency cap of full-text searches. @default SEARCH_SLOTS (one per process) */
  searchSlots?: SearchSlots;
  /** Timeline totals of earlier requests, per graph version (shared by the process). */
  timelineTotals?: TimelineTotals;
}

/** A match of a name argument, with the ids it stands for and the relationship counts at those ids. */
export interface ResolvedMatch {
  entity: EntityRecord;
  ids: string[];
  /** Ids of the editorial taxonomy links (no independent source) the narrower expansion followed. */
  editorialLinks: string[];
  /** Relationships at those ids, all types and directions (node degrees). */
  degree: number;
  targetedBy: number;
  promotedBy: number;
  issues: number;
}

export interface ResolvedName {
  matches: ResolvedMatch[];
  /** Number of policies in the graph (the count store), for choosing a plan. */
  policies: number;
  /** Number of relationships (Claims) in the graph (the count store), for choosing a plan. */
  claims: number;
}

export interface Page<T> {
  rows: T[];
  /** Present when the total was asked for. */
  total?: number;
}

export interface PathRow {
  nodeIds: string[];
  /** The path's entities, when the request selected any of them (else empty). */
  nodes: EntityRecord[];
  hops: Array<{ fromId: string; relationship: RelationshipRecord | null }>;
  weakestHop: number;
  totalSources: number;
}

export interface TimelineRow {
  /** `policy:<id>` or `relationship:<id>`. */
  key: string;
  /** `<first day>|<key>`: the position in the timeline. */
  eventKey: string;
  policy: EntityRecord | null;
  relationship: RelationshipRecord | null;
}

export class Repository {
  private readonly loaders = new Map<string, DataLoader<string, unknown>>();

  constructor(
    private readonly executor: Executor,
    private readonly ontology: Ontology,
    private readonly hooks: RepositoryHooks = {},
  ) {}

  private read(query: CypherQuery, params: Params = {}, timeoutMs?: number): Promise<Row[]> {
    return this.executor.read(query, params, this.hooks.observe, timeoutMs);
  }

  /** Builds and runs a planned statement (one row: graphVersion plus its columns); `timeoutMs` shortens its time limit. */
  private async planned(name: string, build: (b: CypherBuilder) => string, timeoutMs?: number): Promise<Row> {
    const b = new CypherBuilder(this.ontology);
    const text = build(b);
    const records = await this.read(cypher(name, text), b.params, timeoutMs);
    const [first = {}] = records;
    // A page arrives as one record per row (src/cypher/fragments.ts returnRows): gather it back.
    const row: Row = 'row' in first ? { ...first, rows: records.map((r) => r.row).filter((r) => r !== null && r !== undefined) } : first;
    this.hooks.onGraphVersion?.((row.graphVersion as string | null | undefined) ?? null);
    return row;
  }

  private loader<T>(signature: string, batch: (keys: readonly string[]) => Promise<T[]>): DataLoader<string, T> {
    let loader = this.loaders.get(signature) as DataLoader<string, T> | undefined;
    if (!loader) {
      loader = new DataLoader<string, T>(batch, { maxBatchSize: 1000 });
      this.loaders.set(signature, loader as DataLoader<string, unknown>);
    }
    return loader;
  }

  private entities = (rows: unknown): EntityRecord[] => ((rows as unknown[]) ?? []).map((raw) => toEntity(raw, this.ontology));

  // --- Look-ups outside a plan -------------------------------------------------------------------

  /** An entity by id, without fields (existence checks of id arguments). */
  entity(id: string): Promise<EntityRecord | null> {
    return this.loader('entity', async (ids) => {
      const found = new Map((await this.read(entitiesQ.entitiesByIds, { ids })).map((row) => [String((row.n as Row).id), toEntity(row.n, this.ontology)]));
      return ids.map((id) => found.get(id) ?? null);
    }).load(id);
  }

  /** A source by id, without fields (figure sources, argument checks). */
  source(id: string): Promise<SourceRecord | null> {
    return this.loader('source', async (ids) => {
      const found = new Map((await this.read(sourcesQ.sourcesByIds, { ids })).map((row) => [String((row.n as Row).id), toSource(row.n)]));
      return ids.map((id) => found.get(id) ?? null);
    }).load(id);
  }

  async sourceIds(): Promise<string[]> {
    return (await this.read(sourcesQ.sourceIds)).map((row) => String(row.id));
  }

  /**
   * One field of a record fetched without it: the records asking in the same tick are served by one
   * statement, built by the same planner as a root statement (so the field's own sub-fields come along).
   */
  field(shape: Shape, id: string, plan: FieldPlan): Promise<unknown> {
    const signature = `field:${shape}:${JSON.stringify(plan, (key, value) => (key === 'error' ? undefined : value))}`;
    return this.loader(signature, async (ids) => {
      let statement: string | null = null;
      const row = await this.planned(`fields.${shape}.${plan.field}`, (b) => (statement = entitiesQ.fieldStatement(b, shape, ids, plan)) ?? 'RETURN null AS graphVersion');
      if (statement === null) throw new Error(`the planner has no statement for ${shape}.${plan.field}`);
      const values = new Map(((row.rows as Row[]) ?? []).map((r) => [String(r.key), r.value]));
      return ids.map((key) => values.get(key) ?? null);
    }).load(id);
  }

  // --- Names -------------------------------------------------------------------------------------

  /** Graph versions of the name resolutions this request used (from the cache or read now). */
  private readonly nameVersions = new Set<string>();

  /** True when a name resolution this request used was read on another version than `current`. */
  namesOutdated(current: string | null): boolean {
    if (current === null || ![...this.nameVersions].some((v) => v !== current)) return false;
    this.hooks.names?.keepOnly(current);
    this.nameVersions.clear();
    return true;
  }

  async resolveNames(queries: NameQuery[]): Promise<Map<string, ResolvedName>> {
    const out = new Map<string, ResolvedName>();
    const missing: NameQuery[] = [];
    for (const query of queries) {
      const cached = this.hooks.names?.get(query);
      if (cached) {
        this.nameVersions.add(cached.version);
        // The cached value is frozen: each request gets its own top-level object over shared, read-only parts
        // (a copy of the ids per request cost ~1 ms for 1 300 of them, more for a taxonomy root's 20 000).
        out.set(query.argument, { ...cached.value });
      } else missing.push(query);
    }
    if (missing.length === 0) return out;
    const b = new CypherBuilder(this.ontology);
    const text = resolveNames(b, missing);
    const rows = await this.read(cypher('names.resolve', text), b.params);
    for (const row of rows) {
      const matches = ((row.matches as Row[]) ?? []).map((m) => ({
        entity: toEntity(m, this.ontology),
        ids: (m.ids as string[]) ?? [],
        editorialLinks: (m.editorial as string[]) ?? [],
        degree: Number(m.degree ?? 0),
        targetedBy: Number(m.targetedBy ?? 0),
        promotedBy: Number(m.promotedBy ?? 0),
        issues: Number(m.issues ?? 0),
      }));
      const resolved = { matches, policies: Number(row.policies ?? 0), claims: Number(row.claims ?? 0) };
      out.set(String(row.argument), resolved);
      const version = (row.graphVersion as string | null) ?? null;
      const query = missing.find((q) => q.argument === row.argument)!;
      if (version) {
        this.nameVersions.add(version);
        // A name that matches nothing is not kept: the error it causes reads no version to check against.
        if (matches.length > 0) this.hooks.names?.set(query, version, deepFreeze(structuredClone(resolved)));
      }
    }
    return out;
  }

  /** Closest names for a NOT_FOUND message (an escaped Lucene query). */
  async suggest(query: string, labels: string[] | null, limit: number): Promise<Array<{ id: string; name: string }>> {
    const rows = await this.read(entitiesQ.suggestEntities, { query, labels, limit });
    return rows.map((row) => ({ id: String(row.id), name: String(row.name) }));
  }

  // --- Planned root statements -------------------------------------------------------------------

  async entityById(id: string, fields: readonly FieldPlan[]): Promise<EntityRecord | null> {
    const row = await this.planned('entities.byId', (b) => entitiesQ.entityStatement(b, id, fields));
    return this.entities(row.rows)[0] ?? null;
  }

  async search(search: entitiesQ.SearchOptions, fields: readonly FieldPlan[]): Promise<Array<{ entity: EntityRecord; score: number; exact: boolean }>> {
    const row = await (this.hooks.searchSlots ?? SEARCH_SLOTS).run(() => this.planned('entities.search', (b) => entitiesQ.searchStatement(b, search, fields)));
    return ((row.rows as Row[]) ?? []).map((hit) => ({ entity: toEntity(hit.entity, this.ontology), score: Number(hit.score), exact: hit.exact === true }));
  }

  async evidence(search: EvidenceSearch): Promise<Array<{ score: number; citation: CitationRecord; relationship: RelationshipRecord }>> {
    const row = await this.planned('evidence.search', (b) => evidenceStatement(b, search));
    return ((row.rows as Row[]) ?? []).map((hit) => ({ score: Number(hit.score), citation: toCitation(hit.citation), relationship: toRelationship(hit.relationship) }));
  }

  async measures(page: MeasuresPage): Promise<Page<EntityRecord> & { undatedLeftOut: number }> {
    const row = await this.planned('measures.page', (b) => measuresStatement(b, page));
    return { rows: this.entities(row.rows), total: row.total as number | undefined, undatedLeftOut: (row.undatedLeftOut as number | undefined) ?? 0 };
  }

  async relationshipTable(page: TablePage): Promise<Page<RelationshipRecord>> {
    const row = await this.planned('relationships.table', (b) => tableStatement(b, page));
    return { rows: ((row.rows as unknown[]) ?? []).map(toRelationship), total: row.total as number | undefined };
  }

  async sources(after: string | null, limit: number, fields: readonly FieldPlan[]): Promise<SourceRecord[]> {
    const row = await this.planned('sources.page', (b) => sourcesQ.sourcesStatement(b, after, limit, fields));
    return ((row.rows as unknown[]) ?? []).map(toSource);
  }

  /** One relationship by id with the selected fields; a retracted one only with `includeRetracted`. */
  async relationshipById(id: string, fields: readonly FieldPlan[], includeRetracted: boolean): Promise<RelationshipRecord | null> {
    const row = await this.planned('relationships.byId', (b) => relationshipByIdStatement(b, id, fields, includeRetracted));
    const [found] = (row.rows as unknown[]) ?? [];
    return found ? toRelationship(found) : null;
  }

  async byIds(shape: Shape, ids: readonly string[], fields: readonly FieldPlan[]): Promise<unknown[]> {
    const row = await this.planned(`${shape.toLowerCase()}.byIds`, (b) => entitiesQ.byIdsStatement(b, shape, ids, fields));
    return (row.rows as unknown[]) ?? [];
  }

  /**
   * Answers this request gave only in part (a path search that ran out of its work budget), for
   * `extensions.partial` (src/server/plugins/use-partial-answers.ts).
   */
  readonly partialAnswers: Array<{ path: ReadonlyArray<string | number>; reason: string }> = [];

  /**
   * Diverse connections ranked by evidence (src/repository/path-choice.ts) from a bounded bidirectional
   * search (src/repository/path-search.ts: one statement per level, at most `maxHops` levels), with the
   * selected fields; nodes and relationships are fetched only when `select` says the request asked for them.
   */
  async paths(
    search: PathSearch,
    ends: { fromDegree: number; toDegree: number },
    limit: number,
    nodeFields: readonly FieldPlan[],
    relationshipFields: readonly FieldPlan[],
    select: { nodes: boolean; relationships: boolean },
    limits?: PathSearchLimits,
  ): Promise<{ paths: PathRow[]; partial: string | null }> {
    const found = await searchPaths(
      search,
      ends,
      async (level, timeoutMs) => {
        const row = await this.planned('paths.level', (b) => pathLevelStatement(b, level), timeoutMs);
        return levelRows((row.rows as unknown[] | undefined) ?? []);
      },
      // The search's time budget: a share of QUERY_TIMEOUT_MS, the rest left for fetching the routes.
      limits ?? { ...DEFAULT_PATH_LIMITS, timeBudgetMs: Math.floor(this.executor.timeoutMs * PATH_TIME_SHARE) },
    );
    const partial = found.partial ? found.stoppedBecause : null;
    const chosen = choosePaths(found.candidates, limit);
    if (chosen.length === 0) return { paths: [], partial };
    const nodeIds = select.nodes ? [...new Set(chosen.flatMap((p) => p.nodeIds))] : [];
    const relationshipIds = select.relationships ? [...new Set(chosen.flatMap((p) => p.hops.map((h) => h.id)))] : [];
    const row = nodeIds.length + relationshipIds.length === 0 ? {} : await this.planned('paths.parts', (pb) => pathPartsStatement(pb, nodeIds, relationshipIds, nodeFields, relationshipFields));
    const nodes = new Map(this.entities(row.nodes).map((e) => [e.id, e]));
    const relationships = new Map(((row.relationships as unknown[]) ?? []).map(toRelationship).map((r) => [r.id, r]));
    const paths = chosen.map((path) => ({
      nodeIds: path.nodeIds,
      nodes: path.nodeIds.map((id) => nodes.get(id)!).filter(Boolean),
      hops: path.hops.map((hop) => ({ fromId: hop.fromId, relationship: relationships.get(hop.id) ?? null })),
      weakestHop: path.weakestHop,
      totalSources: path.totalSources,
    }));
    return { paths, partial };
  }

  async timeline(page: TimelinePage): Promise<Page<TimelineRow>> {
    const totals = this.hooks.timelineTotals;
    // A total counted on this version already (in process), or a large set's total kept in the graph
    // (read by the page statement itself, one index seek; src/cypher/timeline-counts.ts): the page alone.
    const known = page.withTotal && page.withRows ? totals?.get(page) : undefined;
    const storable = page.withTotal && page.storedCount && page.from === null && page.to === null ? page.storedCount : undefined;
    const countHere = page.withTotal && !known && !storable;
    let row = await this.planned('timeline.page', (b) => timelineStatement(b, { ...page, withTotal: countHere, storedCount: countHere ? undefined : storable }));
    if (page.withTotal && !countHere) {
      if (known && row.graphVersion === known.version) row = { ...row, total: known.total };
      else if (typeof row.storedTotal === 'number') row = { ...row, total: row.storedTotal };
      else {
        // The graph moved on since the remembered total, or a change touched the set: counted once (and stored).
        const counted = await this.planned('timeline.total', (b) => timelineStatement(b, { ...page, withRows: false, storedCount: undefined }));
        row = { ...row, total: counted.total };
        if (storable && typeof counted.graphVersion === 'string' && typeof counted.total === 'number') await this.storeTimelineCount(storable, counted.graphVersion, counted.total);
      }
    }
    if (page.withTotal && typeof row.graphVersion === 'string' && typeof row.total === 'number') totals?.set(page, row.graphVersion, row.total);
    const rows = ((row.rows as Row[]) ?? []).map((event) => ({
      key: String(event.eventKey).slice(String(event.eventKey).indexOf('|') + 1),
      eventKey: String(event.eventKey),
      policy: event.policy ? toEntity(event.policy, this.ontology) : null,
      relationship: event.relationship ? toRelationship(event.relationship) : null,
    }));
    return { rows, total: row.total as number | undefined };
  }

  /**
   * Stores a set's total counted on `version` (refused inside the statement if the graph has moved on).
   * Only an optimisation: a failure (say, a lock wait past the limit) leaves the count to the next request.
   */
  private async storeTimelineCount(stored: { key: string; anchorId: string }, version: string, total: number): Promise<void> {
    try {
      await this.executor.write(storeTimelineCount, { key: stored.key, anchor: stored.anchorId, version, total }, this.hooks.observe);
    } catch {
      // The answer does not depend on it.
    }
  }

  async stats(): Promise<Row> {
    return this.planned('stats.graph', (b) => sourcesQ.statsStatement(b));
  }
}
