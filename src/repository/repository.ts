// Read access for one GraphQL request. Lookups that resolvers make per item (an entity, its citations,
// a policy's issuers) go through DataLoaders, so a list of any length costs one round trip per field,
// not one per item. Only named statements from src/cypher reach the executor.
import DataLoader from 'dataloader';
import type { Executor, Params, QueryObserver, Row } from '../db/executor.ts';
import { cypherDate } from '../db/values.ts';
import type { Ontology } from '../ontology/ontology.ts';
import * as entitiesQ from '../cypher/entities.ts';
import * as measuresQ from '../cypher/measures.ts';
import * as pathsQ from '../cypher/paths.ts';
import * as relationshipsQ from '../cypher/relationships.ts';
import * as sourcesQ from '../cypher/sources.ts';
import * as timelineQ from '../cypher/timeline.ts';
import type { CypherQuery } from '../db/executor.ts';
import { API_CONTRACT } from './api-contract.ts';
import { nameKey } from '../text/fold.ts';
import {
  groupByKey,
  toCitation,
  toEntity,
  toRelationship,
  toSource,
  type CitationRecord,
  type EntityRecord,
  type RelationshipRecord,
  type SourceRecord,
} from './records.ts';

export type Direction = relationshipsQ.Direction;

/** Keyset position in a list ordered by (date, id). */
export interface DateKey {
  date: string;
  id: string;
}

export interface RelationshipFilter {
  types: string[] | null;
  from: string | null;
  to: string | null;
  source: string | null;
  minSources: number | null;
  maxSources: number | null;
}

export interface MeasureFilter {
  targetIds: string[] | null;
  promotingIds: string[] | null;
  issuerIds: string[] | null;
  statuses: string[] | null;
  types: string[] | null;
  from: string | null;
  to: string | null;
}

export interface PolicyRow {
  entity: EntityRecord;
  sortDate: string;
}

export interface PathRow {
  nodeIds: string[];
  hops: Array<{ id: string; fromId: string }>;
}

const date = (iso: string | null) => (iso === null ? null : cypherDate(iso));

export class Repository {
  private readonly loaders = new Map<string, DataLoader<string, unknown>>();

  constructor(
    private readonly executor: Executor,
    private readonly ontology: Ontology,
    private readonly observe?: QueryObserver,
  ) {}

  private read(query: CypherQuery, params: Params = {}): Promise<Row[]> {
    return this.executor.read(query, params, this.observe);
  }

  /**
   * One DataLoader per query and argument signature: items asking with the same arguments in the
   * same tick are fetched together.
   */
  private loader<T>(signature: string, batch: (keys: readonly string[]) => Promise<T[]>): DataLoader<string, T> {
    let loader = this.loaders.get(signature) as DataLoader<string, T> | undefined;
    if (!loader) {
      loader = new DataLoader<string, T>(batch, { maxBatchSize: 1000 });
      this.loaders.set(signature, loader as DataLoader<string, unknown>);
    }
    return loader;
  }

  /** A batched look-up by id: `query` takes $ids and returns one row per found record. */
  private byId<T extends { id: string }>(signature: string, query: CypherQuery, map: (row: Row) => T): DataLoader<string, T | null> {
    return this.loader(signature, async (ids) => {
      const byId = new Map((await this.read(query, { ids })).map((row) => map(row)).map((record) => [record.id, record]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  }

  /** A batched count per key: `query` takes $ids (plus `params`) and returns rows of {key, total}. */
  private count(signature: string, query: CypherQuery, key: string, params: Params = {}): Promise<number> {
    return this.loader(signature, async (ids) => {
      const rows = await this.read(query, { ...params, ids });
      return groupByKey(ids, rows, (row) => Number(row.total)).map((totals) => totals[0] ?? 0);
    }).load(key);
  }

  // --- Entities ----------------------------------------------------------------------------------

  private get entityLoader(): DataLoader<string, EntityRecord | null> {
    return this.byId('entity', entitiesQ.entitiesByIds, (row) => toEntity(row.n, this.ontology));
  }

  entity(id: string): Promise<EntityRecord | null> {
    return this.entityLoader.load(id);
  }

  private prime(entities: EntityRecord[]): EntityRecord[] {
    for (const entity of entities) this.entityLoader.prime(entity.id, entity);
    return entities;
  }

  /** Entities whose id, name or alias equals `text` (case-insensitive), limited to `labels` if given. */
  async byName(text: string, labels: string[] | null): Promise<EntityRecord[]> {
    const key = nameKey(text);
    const phrase = `"${key.replace(/["\\]/g, ' ')}"`;
    const rows = await this.read(entitiesQ.entitiesByName, { text: text.trim(), key, phrase, labels });
    return this.prime(rows.map((row) => toEntity(row.n, this.ontology)));
  }

  async search(query: string, labels: string[] | null, limit: number): Promise<Array<{ entity: EntityRecord; score: number }>> {
    const rows = await this.read(entitiesQ.searchEntities, { query, labels, limit });
    return rows.map((row) => ({ entity: this.prime([toEntity(row.n, this.ontology)])[0]!, score: Number(row.score) }));
  }

  async withNarrower(ids: string[]): Promise<string[]> {
    const rows = await this.read(entitiesQ.withNarrower, { ids });
    return rows.map((row) => String(row.id));
  }

  /** A country's (or a government's) government bodies; with officials, also the people affiliated with them. */
  governmentBodies(id: string, withOfficials = false): Promise<EntityRecord[]> {
    return this.loader(`governmentBodies:${withOfficials}`, async (ids) =>
      groupByKey(
        ids,
        await this.read(entitiesQ.governmentBodies, { ids, withOfficials, governmentTypes: API_CONTRACT.governmentActorTypes }),
        (row) => toEntity(row.n, this.ontology),
      ),
    ).load(id);
  }

  broader(id: string): Promise<EntityRecord[]> {
    return this.loader('broader', async (ids) =>
      groupByKey(ids, await this.read(entitiesQ.broaderOf, { ids }), (row) => toEntity(row.n, this.ontology)),
    ).load(id);
  }

  narrower(id: string): Promise<EntityRecord[]> {
    return this.loader('narrower', async (ids) =>
      groupByKey(ids, await this.read(entitiesQ.narrowerOf, { ids }), (row) => toEntity(row.n, this.ontology)),
    ).load(id);
  }

  // --- Relationships -----------------------------------------------------------------------------

  private get relationshipLoader(): DataLoader<string, RelationshipRecord | null> {
    return this.byId('relationship', relationshipsQ.relationshipsByIds, toRelationship);
  }

  relationship(id: string): Promise<RelationshipRecord | null> {
    return this.relationshipLoader.load(id);
  }

  private primeRelationships(rels: RelationshipRecord[]): RelationshipRecord[] {
    for (const rel of rels) this.relationshipLoader.prime(rel.id, rel);
    return rels;
  }

  citations(relationshipId: string): Promise<CitationRecord[]> {
    return this.loader('citations', async (ids) =>
      groupByKey(ids, await this.read(relationshipsQ.citationsOf, { ids }), toCitation),
    ).load(relationshipId);
  }

  async relationshipTable(filter: RelationshipFilter, after: string | null, limit: number): Promise<RelationshipRecord[]> {
    const rows = await this.read(relationshipsQ.relationshipTable, { ...filter, after, limit });
    return this.primeRelationships(rows.map(toRelationship));
  }

  async relationshipTableCount(filter: RelationshipFilter): Promise<number> {
    const [row] = await this.read(relationshipsQ.relationshipTableCount, { ...filter });
    return Number(row?.total ?? 0);
  }

  async entityRelationships(
    entityId: string,
    direction: Direction,
    types: string[] | null,
    after: string | null,
    limit: number,
  ): Promise<RelationshipRecord[]> {
    const signature = `entityRelationships:${direction}:${JSON.stringify([types, after, limit])}`;
    const rels = await this.loader(signature, async (ids) =>
      groupByKey(ids, await this.read(relationshipsQ.entityRelationships[direction], { ids, types, after, limit }), toRelationship),
    ).load(entityId);
    return this.primeRelationships(rels);
  }

  entityRelationshipCount(entityId: string, direction: Direction, types: string[] | null): Promise<number> {
    const signature = `entityRelationshipCount:${direction}:${JSON.stringify(types)}`;
    return this.count(signature, relationshipsQ.entityRelationshipCounts[direction], entityId, { types });
  }

  async policyEvidence(policyId: string, types: string[] | null, limit: number): Promise<RelationshipRecord[]> {
    const signature = `policyEvidence:${JSON.stringify([types, limit])}`;
    const rels = await this.loader(signature, async (ids) =>
      groupByKey(ids, await this.read(relationshipsQ.policyEvidence, { ids, types, limit }), toRelationship),
    ).load(policyId);
    return this.primeRelationships(rels);
  }

  /** Entities linked to the policy by `type`: OUT for what it targets or promotes, IN for issuers and parties. */
  async policyNeighbours(policyId: string, type: string, direction: 'IN' | 'OUT', limit: number): Promise<EntityRecord[]> {
    const signature = `policyNeighbours:${type}:${direction}:${limit}`;
    const entities = await this.loader(signature, async (ids) =>
      groupByKey(ids, await this.read(relationshipsQ.policyNeighbours, { ids, type, direction, limit }), (row) =>
        toEntity(row.n, this.ontology),
      ),
    ).load(policyId);
    return this.prime(entities);
  }

  // --- Policies ----------------------------------------------------------------------------------

  private measureParams(filter: MeasureFilter): Params {
    return { ...filter, from: date(filter.from), to: date(filter.to) };
  }

  async measures(filter: MeasureFilter, after: DateKey | null, limit: number): Promise<PolicyRow[]> {
    const rows = await this.read(measuresQ.measuresPage, {
      ...this.measureParams(filter),
      afterDate: date(after?.date ?? null),
      afterId: after?.id ?? null,
      limit,
    });
    return rows.map((row) => ({ entity: this.prime([toEntity(row.n, this.ontology)])[0]!, sortDate: String(row.sortDate) }));
  }

  async measuresCount(filter: MeasureFilter): Promise<number> {
    const [row] = await this.read(measuresQ.measuresCount, this.measureParams(filter));
    return Number(row?.total ?? 0);
  }

  async actorMeasures(actorId: string, after: DateKey | null, limit: number): Promise<PolicyRow[]> {
    const signature = `actorMeasures:${JSON.stringify([after, limit])}`;
    const rows = await this.loader(signature, async (ids) =>
      groupByKey(
        ids,
        await this.read(measuresQ.measuresOfActors, { ids, afterDate: date(after?.date ?? null), afterId: after?.id ?? null, limit }),
        (row) => ({ entity: toEntity(row.n, this.ontology), sortDate: String(row.sortDate) }),
      ),
    ).load(actorId);
    this.prime(rows.map((r) => r.entity));
    return rows;
  }

  actorMeasuresCount(actorId: string): Promise<number> {
    return this.count('actorMeasuresCount', measuresQ.measuresOfActorsCount, actorId);
  }

  // --- Sources -----------------------------------------------------------------------------------

  private get sourceLoader(): DataLoader<string, SourceRecord | null> {
    return this.byId('source', sourcesQ.sourcesByIds, (row) => toSource(row.n));
  }

  source(id: string): Promise<SourceRecord | null> {
    return this.sourceLoader.load(id);
  }

  async sources(): Promise<SourceRecord[]> {
    const sources = (await this.read(sourcesQ.allSources)).map((row) => toSource(row.n));
    for (const source of sources) this.sourceLoader.prime(source.id, source);
    return sources;
  }

  sourcesOfStory(story: string): Promise<SourceRecord[]> {
    return this.loader('sourcesOfStory', async (stories) =>
      groupByKey(stories, await this.read(sourcesQ.sourcesByStory, { stories }), (row) => toSource(row.n)),
    ).load(story);
  }

  citationCount(sourceId: string): Promise<number> {
    return this.count('citationCount', sourcesQ.citationCounts, sourceId);
  }

  async sourceRelationships(sourceId: string, after: string | null, limit: number): Promise<RelationshipRecord[]> {
    const signature = `sourceRelationships:${JSON.stringify([after, limit])}`;
    const rels = await this.loader(signature, async (ids) =>
      groupByKey(ids, await this.read(relationshipsQ.sourceRelationships, { ids, after, limit }), toRelationship),
    ).load(sourceId);
    return this.primeRelationships(rels);
  }

  sourceRelationshipCount(sourceId: string): Promise<number> {
    return this.count('sourceRelationshipCount', relationshipsQ.sourceRelationshipCounts, sourceId);
  }

  // --- Paths, timeline, stats --------------------------------------------------------------------

  async shortestPaths(from: string, to: string, maxHops: number, limit: number): Promise<PathRow[]> {
    const rows = await this.read(pathsQ.shortestPaths, { from, to, maxHops, limit });
    return rows.map((row) => ({ nodeIds: row.nodeIds as string[], hops: row.hops as PathRow['hops'] }));
  }

  async timeline(
    entityIds: string[] | null,
    from: string | null,
    to: string | null,
    after: { date: string; key: string } | null,
    limit: number,
  ): Promise<Array<{ start: string; key: string }>> {
    const rows = await this.read(timelineQ.timelinePage, {
      entityIds,
      from: date(from),
      to: date(to),
      afterDate: date(after?.date ?? null),
      afterKey: after?.key ?? null,
      limit,
    });
    return rows.map((row) => ({ start: String(row.start), key: String(row.key) }));
  }

  async timelineCount(entityIds: string[] | null, from: string | null, to: string | null): Promise<number> {
    const [row] = await this.read(timelineQ.timelineCount, { entityIds, from: date(from), to: date(to) });
    return Number(row?.total ?? 0);
  }

  async stats(): Promise<Row> {
    const [row] = await this.read(sourcesQ.graphStats, { kinds: [...this.ontology.entityKinds] });
    return row ?? {};
  }
}
