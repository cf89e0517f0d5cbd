// A load into a new local database through Neo4j's offline importer instead of Cypher batches: the
// same input, the same checks, the same rows and the same version as src/seed/write-graph.ts (the rows
// of load-input.ts), written as CSV files (import-files.ts) that the importer turns into store files
// before the embedded JVM opens them; then the end every load shares (completeLoad: indexes, read-model
// figures, 'ready'). Measured ~10× the relationships per second of the Cypher path on this machine
// (docs/performance.md "Loading"), but only for a database that does not exist yet, on this machine:
// a server, a cluster or Aura load through Cypher. See docs/decisions/0013-bulk-import.md.
//
//   const prepared = await importGraph(dataDir, ontology, input, options);  // no JVM on dataDir yet
//   const db = await openDatabase(config);                                  // opens the imported store
//   await prepared.finish(db.executor);                                      // indexes, figures, 'ready'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { applySchema } from '../../db/apply-schema.ts';
import { importStore } from '../../db/embedded/import-store.ts';
import type { Executor } from '../../db/executor.ts';
import { restoreEmptyLists, writeStatements } from '../../cypher/seed.ts';
import type { Ontology } from '../../ontology/ontology.ts';
import { citationRows, claimRow, edgeRow, entityRow, sourceRow, type RowContext } from '../graph-rows.ts';
import { GraphVersionHasher } from '../graph-version.ts';
import { assertReiterable, checkAllRelationships, checkInputNodes, formatOf, hashNodes, rechunk, RelationshipCheck, rowContext, wireOf, type GraphInput } from '../load-input.ts';
import { ReadModel } from '../read-model.ts';
import { completeLoad, type LoadProgress, type WriteSummary } from '../write-graph.ts';
import { ARRAY_DELIMITER, ImportFiles } from './import-files.ts';

export class BulkLoadRefusedError extends Error {
  override name = 'BulkLoadRefusedError';
}

export interface BulkLoadOptions {
  /** The importer JVM's heap in MiB. @default 2048 */
  heapMb?: number;
  /** Relationships read per step (progress granularity). @default 20000 */
  batchSize?: number;
  onProgress?: (progress: LoadProgress) => void | Promise<void>;
  log?: (line: string) => void;
  now?: () => Date;
}

export interface PreparedBulkLoad {
  summary: WriteSummary;
  /** With the database opened on the imported store: builds the indexes and figures and marks the graph ready. */
  finish(executor: Executor): Promise<WriteSummary>;
}

/**
 * finish() creates the uniqueness constraints over the whole imported graph, each populating inside its
 * own schema transaction (tens of seconds for L): open the database, and the executor given to finish(),
 * with transactions allowed this long.
 */
export const BULK_FINISH_TIMEOUT_MS = 30 * 60_000;

/** Marks a bulk load in progress in its data folder; a rerun after an interruption may overwrite the store. */
const PENDING = 'bulk-load.pending';
const WORK_DIR = 'bulk-load';
/** Nodes per transaction when restoring empty lists. */
const EMPTY_LIST_BATCH = 10_000;

/** Where the embedded launcher keeps the database's store (Neo4j's layout under its home). */
export function databaseStoreDir(dataDir: string): string {
  return join(resolve(dataDir), 'data', 'databases', 'neo4j');
}

/**
 * Checks the input and writes it as the store of a new database in `dataDir` (no JVM may have it open).
 * Refuses a data folder that already holds a database, unless an interrupted bulk load left it.
 */
export async function importGraph(dataDir: string, ontology: Ontology, input: GraphInput, options: BulkLoadOptions = {}): Promise<PreparedBulkLoad> {
  assertReiterable(input.relationships);
  const now = options.now ?? (() => new Date());
  const log = options.log ?? (() => {});
  const pending = join(resolve(dataDir), PENDING);
  // Before anything (fail fast), and again just before the importer runs: the folder may have changed.
  const assertNoOtherDatabase = () => {
    if (existsSync(databaseStoreDir(dataDir)) && !existsSync(pending)) {
      throw new BulkLoadRefusedError(
        `the data folder ${resolve(dataDir)} already holds a database; a bulk load writes a new one and never replaces a graph. ` +
          `Choose an empty folder with NEO4J_EMBEDDED_DATA_DIR (or remove this one), or load without --bulk (through Cypher, into the running database).`,
      );
    }
  };
  assertNoOtherDatabase();
  const startedAt = now().toISOString();
  mkdirSync(resolve(dataDir), { recursive: true });

  const nodes = checkInputNodes(ontology, input);
  const model = new ReadModel(input);
  const ctx = rowContext(ontology, input, model, nodes.kinds);
  const batchSize = options.batchSize ?? 20_000;
  const check = new RelationshipCheck(ontology, nodes);
  // Undated policies take their date from the relationships: a pass over them before any entity row.
  if (model.needsRelationships) {
    await checkAllRelationships(input, check, model, batchSize, (relationships) => options.onProgress?.({ phase: 'check', relationships, batches: 0 }));
  }

  const filesStarted = performance.now();
  const workDir = join(resolve(dataDir), WORK_DIR);
  rmSync(workDir, { recursive: true, force: true });
  const files = new ImportFiles(join(workDir, 'csv'));
  const hasher = new GraphVersionHasher(formatOf(writeStatements(ontology)));
  hashNodes(hasher, input, ctx);
  await options.onProgress?.({ phase: 'nodes', relationships: 0, nodes: 0, batches: 0 });
  for (const source of input.sources) files.node('Source', ['Source'], sourceRow(source, ctx).props);
  for (const entity of input.entities) {
    const row = entityRow(entity, ctx);
    files.node('Entity', ['Entity', row.kind], row.props);
  }
  await options.onProgress?.({ phase: 'nodes', relationships: 0, nodes: input.sources.length + input.entities.length, batches: 0 });
  let written = 0;
  let batches = 0;
  await options.onProgress?.({ phase: 'write', relationships: 0, batches: 0 });
  for await (const batch of rechunk(input.relationships, batchSize)) {
    if (!model.needsRelationships) {
      for (const rel of batch) check.add(rel);
      check.assertClean();
    }
    for (const rel of batch) {
      // The rows the Cypher path would send (and hash), written as they are: the Claim's properties are
      // what `SET c = coalesce(row.claimAll, row.edge)` then `SET c += row.claim` give.
      const edge = edgeRow(rel, ctx);
      const claim = claimRow(rel, ctx, edge);
      const cites = citationRows(rel);
      hasher.add('relationship', wireOf(rel, edge, claim, cites));
      files.relationship('edge', { group: 'Entity', id: rel.from }, { group: 'Entity', id: rel.to }, rel.type, edge.props);
      files.node('Claim', ['Claim'], claim.props);
      for (const cite of cites) {
        files.relationship('cites', { group: 'Claim', id: rel.id }, { group: 'Source', id: cite.sourceId }, 'CITES', cite.props);
      }
    }
    written += batch.length;
    batches++;
    await options.onProgress?.({ phase: 'write', relationships: written, batches });
  }
  const version = hasher.digest();
  files.node('GraphState', ['GraphState'], { id: 'graph', status: 'loading', loadingVersion: version, loadStartedAt: startedAt });
  const fileSet = files.close();
  const filesMs = performance.now() - filesStarted;
  log(`wrote ${fileSet.rows.nodes} nodes and ${fileSet.rows.relationships} relationships as ${fileSet.nodes.length + fileSet.relationships.length} CSV files in ${(filesMs / 1000).toFixed(1)} s`);

  await options.onProgress?.({ phase: 'import', relationships: written, batches });
  // From here the store may be half-written until finish() completes: the marker lets a rerun replace it.
  assertNoOtherDatabase();
  writeFileSync(pending, JSON.stringify({ startedAt, pid: process.pid }) + '\n');
  await importStore({
    dataDir,
    workDir,
    nodes: fileSet.nodes,
    relationships: fileSet.relationships,
    arrayDelimiter: ARRAY_DELIMITER,
    multiline: fileSet.multiline,
    heapMb: options.heapMb ?? 2048,
    log,
  });
  rmSync(join(workDir, 'csv'), { recursive: true, force: true });

  const summary: WriteSummary = { sources: input.sources.length, entities: input.entities.length, ...check.counts, version, unchanged: false, pruned: null };
  return {
    summary,
    async finish(executor: Executor): Promise<WriteSummary> {
      const state = JSON.parse(readFileSync(pending, 'utf8')) as { startedAt: string };
      if (state.startedAt !== startedAt) throw new Error(`another bulk load (started ${state.startedAt}) has taken over ${resolve(dataDir)}`);
      // Every constraint and index (the bulk of this step's time), before the look-ups below seek by id.
      await options.onProgress?.({ phase: 'indexes', relationships: summary.relationships, batches: 0 });
      await applySchema(executor, ontology);
      for (let i = 0; i < fileSet.emptyLists.length; i += EMPTY_LIST_BATCH) {
        const rows = fileSet.emptyLists.slice(i, i + EMPTY_LIST_BATCH);
        await executor.writeTransaction(async (tx) => {
          for (const group of ['Source', 'Entity', 'Claim', 'GraphState'] as const) {
            const ofGroup = rows.filter((row) => row.group === group);
            if (ofGroup.length > 0) await tx.run(restoreEmptyLists[group], { rows: ofGroup.map(({ id, props }) => ({ id, props })) });
          }
        });
      }
      await completeLoad(executor, ontology, summary, options);
      rmSync(pending, { force: true });
      rmSync(workDir, { recursive: true, force: true });
      return summary;
    },
  };
}
