// What can be exported and how each export is produced: the tables in three formats, the graph as
// GraphML, and the manifest (version, filters, row counts, column schema). HTTP lives in use-exports.ts.
import type { Executor, Row } from '../db/executor.ts';
import type { Ontology } from '../ontology/ontology.ts';
import * as q from '../cypher/exports.ts';
import type { Column, Table } from '../tables/columns.ts';
import { filterKeys, givenFilters, type ExportFilter } from './filters.ts';
import { graphLoading, versionChanged } from './export-error.ts';
import { readGraphState, type GraphState } from './graph-version.ts';
import { BATCH_ROWS, readBatches } from './read-batches.ts';
import { buildTables, checkTables, edgeReader, EXPORT_REVISION, retractionColumns, toCitations, toRetraction, type CitationRecord, type EdgeRecord, type NodeRecord, type Tables } from '../tables/tables.ts';
import { csvHeader, csvLine, encodeCsv, encodeCsvLines } from '../tables/csv.ts';
import { storedLineFormat } from '../tables/stored-lines.ts';
import { encodeJsonLines } from './formats/jsonl.ts';
import { encodeParquet } from './formats/parquet.ts';
import { encodeGraphMl } from './formats/graphml.ts';

export const TABLE_NAMES = ['relationships', 'citations', 'entities', 'sources'] as const;
export type TableName = (typeof TABLE_NAMES)[number];
export const FORMATS = ['csv', 'jsonl', 'parquet'] as const;
export type Format = (typeof FORMATS)[number];

/** Tables the relationship filters apply to (entities and sources are always whole). */
export const FILTERED: readonly string[] = ['relationships', 'citations', 'graph'];

export const CONTENT_TYPES: Record<Format | 'graphml', string> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/jsonl; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
  graphml: 'application/graphml+xml; charset=utf-8',
};

export { EXPORT_REVISION } from '../tables/tables.ts';

export type Chunks = AsyncIterable<string | Uint8Array>;

export class ExportCatalog {
  readonly tables: Tables;
  /** The format of the stored CSV lines this code writes and reads (src/tables/stored-lines.ts). */
  readonly lineFormat: string;

  constructor(
    private readonly executor: Executor,
    private readonly ontology: Ontology,
    /** Rows per batch (one read transaction each). */
    private readonly batchRows = BATCH_ROWS,
  ) {
    this.tables = buildTables(ontology);
    checkTables(this.tables);
    this.lineFormat = storedLineFormat(this.tables);
  }

  /** The graph state, read on its own (before the response starts): refuses a load in progress. */
  async state(): Promise<GraphState> {
    const state = await this.executor.readTransaction('exports.graphState', (tx) => readGraphState(tx));
    if (state.loading) throw graphLoading();
    return state;
  }

  /** The relationships and citations tables this filter exports: with the retraction columns when it includes retracted claims. */
  private filtered(filter: ExportFilter): { relationships: Table<EdgeRecord>; citations: Table<CitationRecord> } {
    return filter.includeRetracted ? this.tables.withRetracted : this.tables;
  }

  private edges(filter: ExportFilter, version: string | null, withCitations: boolean): AsyncGenerator<EdgeRecord[]> {
    const properties = this.tables.relationshipProperties;
    const query = q.relationshipBatch(filterKeys(filter), withCitations, properties, filter.includeRetracted === true);
    return this.mapped(readBatches(this.executor, { query, params: { ...filter } }, version, this.batchRows), edgeReader(properties));
  }

  /** The edge table's CSV lines: those the Claims store, or for a Claim without one, made from its row. */
  private edgeLines(filter: ExportFilter, version: string | null): AsyncGenerator<string[]> {
    const properties = this.tables.relationshipProperties;
    const retracted = filter.includeRetracted === true;
    const query = q.relationshipLineBatch(filterKeys(filter), properties, retracted);
    const read = edgeReader(properties);
    const line = csvLine(this.filtered(filter).relationships);
    // A stored line is a standing Claim's: with retracted claims, it gets the retraction columns of one
    // that stands ("false" and three empty cells), made by the same columns; a retracted Claim comes as a map.
    const standing = retracted ? `,${csvLine({ name: '', description: '', columns: retractionColumns<EdgeRecord>('') })({ retraction: null } as EdgeRecord)}` : '';
    const batches = readBatches(this.executor, { query, params: { ...filter }, items: 'lines' }, version, this.batchRows);
    return (async function* () {
      for await (const records of batches) {
        const lines: string[] = [];
        for (const record of records) {
          for (const item of record.lines as Array<string | Row>) lines.push(typeof item === 'string' ? item + standing : line(read(item)));
        }
        yield lines;
      }
    })();
  }

  private citations(filter: ExportFilter, version: string | null): AsyncGenerator<CitationRecord[]> {
    const retracted = filter.includeRetracted === true;
    const query = q.citationBatch(filterKeys(filter), retracted);
    const batches = readBatches(this.executor, { query, params: { ...filter } }, version, this.batchRows);
    const cited = (row: Row) => {
      const citations = toCitations(String(row.id), row.citations);
      if (!retracted) return citations;
      const retraction = toRetraction(row.retraction);
      return citations.map((c) => ({ ...c, retraction }));
    };
    return (async function* () {
      for await (const rows of batches) yield rows.flatMap(cited);
    })();
  }

  private nodes(kind: 'entities' | 'sources', version: string | null): AsyncGenerator<NodeRecord[]> {
    const query = kind === 'entities' ? q.entityBatch : q.sourceBatch;
    return this.mapped(readBatches(this.executor, { query, params: {} }, version, this.batchRows), (row) => row.n as NodeRecord);
  }

  private async *mapped<T>(batches: AsyncIterable<Row[]>, map: (row: Row) => T): AsyncGenerator<T[]> {
    for await (const rows of batches) yield rows.map(map);
  }

  /**
   * Encodes one table in one format. `csvLineFormat`: the format of the lines the graph's Claims store
   * (GraphState); the edge table's CSV streams them when it is the current one.
   */
  table(name: TableName, format: Format, filter: ExportFilter, version: string | null, csvLineFormat: string | null = null): Chunks {
    const metadata = () => ({
      'chokepoint.table': name,
      'chokepoint.graph_version': version ?? '',
      'chokepoint.filters': JSON.stringify(givenFilters(filter)),
      'chokepoint.columns': JSON.stringify(describeColumns(this.table_(name, filter).columns)),
    });
    switch (name) {
      case 'relationships': {
        const table = this.filtered(filter).relationships;
        if (format === 'jsonl') {
          return encodeJsonLines(table, this.edges(filter, version, true), {
            name: 'citations',
            table: this.tables.citations,
            records: (r: EdgeRecord) => r.citations ?? [],
          });
        }
        if (format === 'csv' && csvLineFormat === this.lineFormat) return encodeCsvLines(csvHeader(table), this.edgeLines(filter, version));
        return this.encode(table, this.edges(filter, version, false), format, metadata);
      }
      case 'citations':
        return this.encode(this.filtered(filter).citations, this.citations(filter, version), format, metadata);
      case 'entities':
        return this.encode(this.tables.entities, this.nodes('entities', version), format, metadata);
      case 'sources':
        return this.encode(this.tables.sources, this.nodes('sources', version), format, metadata);
    }
  }

  private table_(name: TableName, filter: ExportFilter): Table<never> {
    return (name === 'relationships' || name === 'citations' ? this.filtered(filter)[name] : this.tables[name]) as Table<never>;
  }

  private encode<R>(table: Table<R>, batches: AsyncIterable<R[]>, format: Format, metadata: () => Record<string, string>): Chunks {
    if (format === 'csv') return encodeCsv(table, batches);
    if (format === 'jsonl') return encodeJsonLines(table, batches);
    return encodeParquet(table, batches, metadata());
  }

  /** The whole graph (or the filtered relationships between all entities) as GraphML. */
  graph(filter: ExportFilter, version: string | null): Chunks {
    const citations: Column<EdgeRecord> = {
      name: 'citations',
      type: 'json',
      description: 'The citations: a list of objects with the citations table’s columns.',
      value: (r) =>
        (r.citations ?? []).map((c) => Object.fromEntries(this.tables.citations.columns.filter((col) => col.name !== 'relationship_id').map((col) => [col.name, col.value(c)]))),
    };
    return encodeGraphMl<NodeRecord, EdgeRecord>({
      description: `Chokepoint graph, version ${version ?? '(none)'}${Object.keys(givenFilters(filter)).length > 0 ? `, relationships filtered by ${JSON.stringify(givenFilters(filter))}` : ''}`,
      nodes: { table: this.tables.entities, id: (n) => String(n.id), batches: () => this.nodes('entities', version) },
      edges: {
        table: this.filtered(filter).relationships,
        skip: ['id', 'from_id', 'to_id'],
        id: (e) => e.id,
        source: (e) => e.fromId,
        target: (e) => e.toId,
        extra: citations,
        batches: () => this.edges(filter, version, true),
      },
    });
  }

  /** Version, filters, row counts and column schemas of every export, read in one transaction. */
  async manifest(filter: ExportFilter, version: string | null, urls: (name: string) => string): Promise<Record<string, unknown>> {
    const counts = await this.executor.readTransaction('exports.manifest', async (tx) => {
      const before = await readGraphState(tx);
      const [rel] = await tx.run(q.relationshipCounts(filterKeys(filter), filter.includeRetracted === true), { ...filter });
      const [other] = await tx.run(q.tableCounts);
      const after = await readGraphState(tx);
      if (before.loading || after.loading) throw graphLoading();
      if (before.version !== version || after.version !== version) throw versionChanged(version, after.version);
      return { ...rel, ...other };
    });
    const table = (name: TableName, rows: unknown, filtered: boolean) => ({
      name,
      description: this.table_(name, filter).description,
      rows: Number(rows ?? 0),
      filtered,
      urls: Object.fromEntries(FORMATS.map((f) => [f, urls(`${name}.${f}`)])),
      columns: describeColumns(this.table_(name, filter).columns),
    });
    return {
      graphVersion: version,
      filters: givenFilters(filter),
      exportRevision: EXPORT_REVISION,
      tables: {
        relationships: {
          ...table('relationships', counts.relationships, true),
          nested: 'In JSON Lines each relationship also carries its citations as a list under "citations".',
        },
        citations: table('citations', counts.citations, true),
        entities: table('entities', counts.entities, false),
        sources: table('sources', counts.sources, false),
      },
      graph: {
        url: urls('graph.graphml'),
        description: 'Entities as nodes and relationships as directed edges (citations as JSON text on each edge), for Gephi, networkx and Cytoscape.',
        nodes: Number(counts.entities ?? 0),
        edges: Number(counts.relationships ?? 0),
      },
      columnTypes: {
        string: 'text',
        integer: 'whole number (Parquet INT32)',
        number: 'floating-point number (Parquet DOUBLE)',
        boolean: 'true/false',
        date: 'calendar date YYYY-MM-DD (Parquet DATE)',
        json: 'a list or an object: nested in JSON Lines, JSON text in CSV, Parquet and GraphML',
      },
      nulls: 'Empty in CSV, null in JSON Lines and Parquet, absent in GraphML.',
    };
  }
}

export function describeColumns<R>(columns: Array<Column<R>>): Array<{ name: string; type: string; description: string }> {
  return columns.map((c) => ({ name: c.name, type: c.type, description: c.description }));
}
