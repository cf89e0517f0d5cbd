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
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { applySchema } from '../../store/apply-schema.ts';
import { importStore } from '../../db/embedded/import-store.ts';
import type { Executor } from '../../db/executor.ts';
import { restoreEmptyLists, writeStatements } from '../../cypher/seed.ts';
import type { Ontology } from '../../ontology/ontology.ts';
import { citationRows, claimRow, edgeRow, entityRow, sourceRow, type GraphRelationship } from '../graph-rows.ts';
import { GraphVersionHasher } from '../graph-version.ts';
import { assertReiterable, checkAllRelationships, checkInputNodes, formatOf, hashNodes, rechunk, RelationshipCheck, rowContext, wireOf, type GraphInput, type RelationshipBatches } from '../load-input.ts';
import { ReadModel } from '../read-model.ts';
import { completeLoad, type LoadProgress, type WriteSummary } from '../write-graph.ts';
import { ARRAY_DELIMITER, ImportFiles, type ImportFileSet } from './import-files.ts';
import { writeRelationshipFilesInParallel } from './parallel-relationship-files.ts';
import { IMPORTER, INDEX_BUILDS, LoadPhases } from './load-phases.ts';

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
  /**
   * Threads writing the relationships' files when the input has a recipe to rebuild it in a worker (a
   * generated graph); 1 writes them on this thread. @default 1 (the CLI and the benchmark pass DEFAULT_BULK_WORKERS)
   */
  workers?: number;
  /** Where the wall time of each phase is added (the caller's, to add its own phases around the load). @default a new one */
  phases?: LoadPhases;
}

export interface PreparedBulkLoad {
  summary: WriteSummary;
  /** The wall time of each phase so far (and, after finish(), of the indexes and the read model). */
  phases: LoadPhases;
  /** With the database opened on the imported store: builds the indexes and figures and marks the graph ready. */
  finish(executor: Executor): Promise<WriteSummary>;
}

/**
 * finish() creates the uniqueness constraints over the whole imported graph, each populating inside its
 * own schema transaction (tens of seconds for L): open the database, and the executor given to finish(),
 * with transactions allowed this long.
 */
/** Threads for the relationships' files: one per core, at most two (measured on L: docs/performance.md "L load profile"). */
export const DEFAULT_BULK_WORKERS = Math.min(2, availableParallelism());

export const BULK_FINISH_TIMEOUT_MS = 30 * 60_000;

/** Marks a bulk load in progress in its data folder; a rerun after an interruption may overwrite the store. */
const PENDING = 'bulk-load.pending';
const WORK_DIR = 'bulk-load';
/** Nodes per transaction when restoring empty lists. */
const EMPTY_LIST_BATCH = 10_000;

const VERSION_HASH = 'version hash';

/** The files of several writers as one set for the importer (each writer's files are whole, with their headers). */
function mergeFileSets(sets: ImportFileSet[]): ImportFileSet {
  return {
    dir: sets[0]!.dir,
    nodes: sets.flatMap((set) => set.nodes),
    relationships: sets.flatMap((set) => set.relationships),
    multiline: sets.some((set) => set.multiline),
    rows: { nodes: sets.reduce((n, set) => n + set.rows.nodes, 0), relationships: sets.reduce((n, set) => n + set.rows.relationships, 0) },
    emptyLists: sets.flatMap((set) => set.emptyLists),
  };
}
/** Generating (or reading) the relationships: the time spent waiting on the input's batches. */
const RELATIONSHIP_INPUT = 'relationships: generating or reading';

/** The input's batches, with the time each takes to arrive (a generator's work, or reading a file) passed to `onMs`. */
function timedBatches(batches: RelationshipBatches, onMs: (ms: number) => void): AsyncIterable<readonly GraphRelationship[]> {
  return {
    async *[Symbol.asyncIterator]() {
      const sync = (batches as Iterable<readonly GraphRelationship[]>)[Symbol.iterator];
      const iterator = sync ? sync.call(batches) : (batches as AsyncIterable<readonly GraphRelationship[]>)[Symbol.asyncIterator]();
      for (;;) {
        const began = performance.now();
        const next = await iterator.next();
        onMs(performance.now() - began);
        if (next.done) return;
        yield next.value;
      }
    },
  };
}

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
  const phases = options.phases ?? new LoadPhases();
  phases.start();
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

  const workDir = join(resolve(dataDir), WORK_DIR);
  rmSync(workDir, { recursive: true, force: true });
  const hasher = new GraphVersionHasher(formatOf(writeStatements(ontology)));
  const batchSize = options.batchSize ?? 20_000;
  // Worker threads for the relationships when the input can be rebuilt in them (a generated graph): they
  // start first, and rebuild their input while this thread checks, hashes and writes the sources and
  // entities. Their lines reach the hasher only from its message handlers, after the nodes' (below).
  const workers = options.workers ?? 1;
  let parallel =
    workers > 1 && input.recipe
      ? writeRelationshipFilesInParallel({
          recipe: input.recipe,
          dir: join(workDir, 'csv'),
          parts: workers,
          batchSize,
          hasher,
          onBatch: (relationships, batches) => options.onProgress?.({ phase: 'write', relationships, batches }),
        })
      : undefined;
  // A failure of a worker while this thread still works is reported by the await below; a failure here
  // stops the workers.
  parallel?.catch(() => {});
  const orStopWorkers = <T>(step: () => T): T => {
    try {
      return step();
    } catch (error) {
      parallel?.cancel();
      throw error;
    }
  };
  const { nodes, model, ctx } = orStopWorkers(() =>
    phases.timeSync('checking the sources and entities', () => {
      const nodes = checkInputNodes(ontology, input);
      const model = new ReadModel(input);
      return { nodes, model, ctx: rowContext(ontology, input, model, nodes.kinds) };
    }),
  );
  // The Claims' stored CSV lines (decision 0014) are timed apart, as a part of building the rows.
  let linesMs = 0;
  const claimLine = ctx.claimLine;
  if (claimLine) {
    ctx.claimLine = (props) => {
      const began = performance.now();
      try {
        return claimLine(props);
      } finally {
        linesMs += performance.now() - began;
      }
    };
  }
  const check = new RelationshipCheck(ontology, nodes);
  // Undated policies take their date from the relationships: a pass over them before any entity row.
  if (model.needsRelationships) {
    // The workers' input would need this pass too: one thread does it all.
    parallel?.cancel();
    parallel = undefined;
    await phases.time('checking the relationships (a first pass)', () =>
      checkAllRelationships(input, check, model, batchSize, (relationships) => options.onProgress?.({ phase: 'check', relationships, batches: 0 })),
    );
  }

  const filesStarted = performance.now();
  const files = new ImportFiles(join(workDir, 'csv', 'main'));
  phases.timeSync(VERSION_HASH, () => hashNodes(hasher, input, ctx));
  await options.onProgress?.({ phase: 'nodes', relationships: 0, nodes: 0, batches: 0 });
  orStopWorkers(() => phases.timeSync('sources and entities: rows and files', () => {
    for (const source of input.sources) files.node('Source', ['Source'], sourceRow(source, ctx).props);
    for (const entity of input.entities) {
      const row = entityRow(entity, ctx);
      files.node('Entity', ['Entity', row.kind], row.props);
    }
  }));
  await options.onProgress?.({ phase: 'nodes', relationships: 0, nodes: input.sources.length + input.entities.length, batches: 0 });
  let written = 0;
  let batches = 0;
  await options.onProgress?.({ phase: 'write', relationships: 0, batches: 0 });
  let counts = check.counts;
  const fileSets: ImportFileSet[] = [];
  if (parallel) {
    const result = await phases.time(`relationships: rows, hash lines and files (${workers} worker threads)`, () => parallel);
    for (const part of result.workerPhases) phases.add(part.phase, part.ms, `relationships: rows, hash lines and files (${workers} worker threads)`);
    fileSets.push(...result.fileSets);
    counts = result.counts;
    written = counts.relationships;
  }
  const generated = timedBatches(input.relationships, (ms) => phases.add(RELATIONSHIP_INPUT, ms));
  for await (const batch of parallel ? [] : rechunk(generated, batchSize)) {
    if (!model.needsRelationships) {
      phases.timeSync('checking the relationships', () => {
        for (const rel of batch) check.add(rel);
        check.assertClean();
      });
    }
    // The rows the Cypher path would send (and hash), written as they are: the Claim's properties are
    // what `SET c = coalesce(row.claimAll, row.edge)` then `SET c += row.claim` give.
    const rows = phases.timeSync('relationships: rows', () =>
      batch.map((rel) => {
        const edge = edgeRow(rel, ctx);
        return { rel, edge, claim: claimRow(rel, ctx, edge), cites: citationRows(rel) };
      }),
    );
    phases.timeSync(VERSION_HASH, () => {
      for (const { rel, edge, claim, cites } of rows) hasher.add('relationship', wireOf(rel, edge, claim, cites));
    });
    phases.timeSync('relationships: files', () => {
      for (const { rel, edge, claim, cites } of rows) {
        files.relationship('edge', { group: 'Entity', id: rel.from }, { group: 'Entity', id: rel.to }, rel.type, edge.props);
        files.node('Claim', ['Claim'], claim.props);
        for (const cite of cites) {
          files.relationship('cites', { group: 'Claim', id: rel.id }, { group: 'Source', id: cite.sourceId }, 'CITES', cite.props);
        }
      }
    });
    written += batch.length;
    batches++;
    await options.onProgress?.({ phase: 'write', relationships: written, batches });
  }
  if (claimLine && !parallel) phases.add('stored CSV lines', linesMs, 'relationships: rows');
  const version = phases.timeSync(VERSION_HASH, () => hasher.digest());
  files.node('GraphState', ['GraphState'], { id: 'graph', status: 'loading', loadingVersion: version, loadStartedAt: startedAt });
  const fileSet = mergeFileSets([phases.timeSync(parallel ? 'sources and entities: rows and files' : 'relationships: files', () => files.close()), ...fileSets]);
  const filesMs = performance.now() - filesStarted;
  log(`wrote ${fileSet.rows.nodes} nodes and ${fileSet.rows.relationships} relationships as ${fileSet.nodes.length + fileSet.relationships.length} CSV files in ${(filesMs / 1000).toFixed(1)} s`);

  await options.onProgress?.({ phase: 'import', relationships: written, batches });
  // From here the store may be half-written until finish() completes: the marker lets a rerun replace it.
  assertNoOtherDatabase();
  writeFileSync(pending, JSON.stringify({ startedAt, pid: process.pid }) + '\n');
  await phases.time(IMPORTER, () => importStore({
    dataDir,
    workDir,
    nodes: fileSet.nodes,
    relationships: fileSet.relationships,
    arrayDelimiter: ARRAY_DELIMITER,
    multiline: fileSet.multiline,
    heapMb: options.heapMb ?? 2048,
    log,
  }));
  phases.timeSync('removing the import files', () => rmSync(join(workDir, 'csv'), { recursive: true, force: true }));

  const summary: WriteSummary = { sources: input.sources.length, entities: input.entities.length, ...counts, version, unchanged: false, pruned: null };
  return {
    summary,
    phases,
    async finish(executor: Executor): Promise<WriteSummary> {
      const state = JSON.parse(readFileSync(pending, 'utf8')) as { startedAt: string };
      if (state.startedAt !== startedAt) throw new Error(`another bulk load (started ${state.startedAt}) has taken over ${resolve(dataDir)}`);
      // Every constraint and index (the bulk of this step's time), before the look-ups below seek by id.
      await options.onProgress?.({ phase: 'indexes', relationships: summary.relationships, batches: 0 });
      await phases.time(INDEX_BUILDS, () => applySchema(executor, ontology));
      await phases.time('empty lists', async () => {
        for (let i = 0; i < fileSet.emptyLists.length; i += EMPTY_LIST_BATCH) {
          const rows = fileSet.emptyLists.slice(i, i + EMPTY_LIST_BATCH);
          await executor.writeTransaction(async (tx) => {
            for (const group of ['Source', 'Entity', 'Claim', 'GraphState'] as const) {
              const ofGroup = rows.filter((row) => row.group === group);
              if (ofGroup.length > 0) await tx.run(restoreEmptyLists[group], { rows: ofGroup.map(({ id, props }) => ({ id, props })) });
            }
          });
        }
      });
      await completeLoad(executor, ontology, summary, { ...options, phases });
      rmSync(pending, { force: true });
      rmSync(workDir, { recursive: true, force: true });
      return summary;
    },
  };
}
