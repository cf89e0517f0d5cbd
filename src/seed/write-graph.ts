// The write path for every load (the YAML seed, the synthetic generator): sources and entities in
// memory, relationships as re-iterable batches (contract 8). Up to two passes over the input:
//   1. check everything (ontology, endpoints, citations, unique ids), hash it when asked to skip an
//      unchanged graph, and plan what the load would delete; nothing is written when anything is
//      wrong, or when a deletion is not approved;
//   2. mark the graph 'loading', write bounded batches, each its own retried transaction (idempotent:
//      MERGE on ids, SET =; plain CREATE into a graph with no loader-owned items), prune what the
//      operator approved, complete the schema (a big load into an empty graph builds its secondary
//      indexes after the data), mark it 'ready' with the version (a hash of every row written).
// An interrupted load leaves the graph 'loading'; running it again gives exactly the graph a clean
// load gives. One load at a time: each holds the lock in the graph (load-lock.ts) from its first read. See docs/decisions/0007-write-path-and-versions.md.
import type { CypherQuery, Executor, Params } from '../db/executor.ts';
import type { Ontology } from '../ontology/ontology.ts';
import { applySchema, setSecondaryIndexesAside } from '../store/apply-schema.ts';
import { createHash } from 'node:crypto';
import { curationHead, graphCounts, markLoading, markReady, readGraphState, toGraphState } from '../cypher/graph-state.ts';
import { dropLegacySeedState, loaderItemsPresent, writeStatements, type WriteStatements } from '../cypher/seed.ts';
import { entityRow, LOADER_ORIGINS, sourceRow, type GraphRelationship, type RowContext } from './graph-rows.ts';
import { finalizeReadModel } from './finalize-read-model.ts';
import { storedLineFormat } from '../tables/stored-lines.ts';
import { buildTables } from '../tables/tables.ts';
import {
  assertReiterable,
  checkAllRelationships,
  checkInputNodes,
  formatOf,
  hashNodes,
  rechunk,
  RelationshipCheck,
  rowContext,
  wireRow,
  type GraphInput,
  type WireRelationship,
} from './load-input.ts';
import { ReadModel } from './read-model.ts';
import { acquireLoadLock, type LoadLock } from './load-lock.ts';
import { GraphVersionHasher } from './graph-version.ts';
import { IdDigestSet } from './id-digest-set.ts';
import { INDEX_BUILDS, type LoadPhases } from './bulk/load-phases.ts';
import { executePrune, planPrune, PruneRequiredError, type LoadIds, type PrunePlan } from './prune-plan.ts';

export { PruneRequiredError, describePlan, type PrunePlan } from './prune-plan.ts';
export { GraphInputError, type GraphInput, type RelationshipBatches } from './load-input.ts';
export { LoadInProgressError, LoadLockLostError } from './load-lock.ts';

export interface LoadProgress {
  /**
   * check: reading the input; nodes: sources and entities; write: relationships; prune; indexes: building
   * those set aside for the load (and waiting until every index is ONLINE); finalize: the read model's figures;
   * import: a bulk load's offline importer writing the store (src/seed/bulk/; its nodes and write phases
   * write files).
   */
  phase: 'check' | 'nodes' | 'write' | 'import' | 'prune' | 'indexes' | 'finalize';
  /** Relationships checked, written or pruned so far in this phase. */
  relationships: number;
  /** Sources and entities written so far (nodes phase). */
  nodes?: number;
  /** Write transactions committed so far (write phase). */
  batches: number;
}

export interface WriteOptions {
  /** Return without writing when the graph is 'ready' with this load's version already. @default false */
  skipUnchanged?: boolean;
  /**
   * Called with the plan when the graph holds loader-owned items this load does not; resolve true to
   * delete them after the write. Without it (or resolving false) the load refuses with
   * PruneRequiredError before writing anything. `hint` goes into that error's message.
   */
  confirmPrune?: (plan: PrunePlan) => boolean | Promise<boolean>;
  pruneHint?: string;
  /** Relationships per write transaction. @default 2000 */
  batchSize?: number;
  /** Called when a phase starts (with 0) and after each batch; a throw stops the load there (tests interrupt loads this way). */
  onProgress?: (progress: LoadProgress) => void | Promise<void>;
  /** The clock for loadStartedAt/loadedAt. @default () => new Date() */
  now?: () => Date;
  /**
   * Called with the load's size before its first write; a throw refuses the load with nothing written
   * (the embedded database checks the free disk of its data folder: Database.checkRoomForLoad).
   */
  checkRoom?: (size: { entities: number; relationships: number | undefined }) => void;
  /** What runs this load, named to a second load that is refused meanwhile (src/seed/load-lock.ts). @default the command line */
  loader?: string;
}

export interface WriteSummary {
  sources: number;
  entities: number;
  relationships: number;
  citations: number;
  /** Citations whose quote was found verbatim in its source text during this load. */
  verifiedCitations: number;
  /** The content hash of what this load wrote (the seed's version). */
  version: string;
  /**
   * The graph's version once ready: `version`, unless changes accepted through the API stay in the graph
   * (then it goes on from the last change's). Absent when nothing was written.
   */
  graphVersion?: string;
  /** True when the graph already had this version, so nothing was written. */
  unchanged: boolean;
  /** What was deleted (null when nothing was). */
  pruned: PrunePlan | null;
}

/** Measured on a generated graph: 1 000–2 000 cost the database ~15% less per relationship than 5 000 or 20 000. */
const DEFAULT_BATCH = 2_000;
/** Sources and entities per write transaction. */
const NODE_BATCH = 10_000;
/**
 * A load into a graph with no loader-owned items builds the secondary indexes after its data when it
 * streams its relationships or holds at least this many: one bulk population costs less than an update
 * per row, but dropping and re-creating ~30 indexes costs a small seed more than it saves.
 */
const DEFER_INDEXES_FROM = 20_000;

function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * A load checks everything before writing anything — except a streamed load into a graph that holds no
 * loader-owned items: there is nothing there to protect or prune, and reading the stream twice would
 * double the time of the largest loads, so each batch is checked just before it is written (a bad one
 * stops the load, and the graph stays 'loading').
 */
export async function writeGraph(executor: Executor, ontology: Ontology, input: GraphInput, options: WriteOptions = {}): Promise<WriteSummary> {
  assertReiterable(input.relationships);
  // One load at a time: a second one is refused here, before it reads or writes anything.
  const lock = await acquireLoadLock(executor, { what: options.loader });
  try {
    const onProgress = async (progress: LoadProgress) => {
      lock.assertHeld();
      await options.onProgress?.(progress);
    };
    return await writeGraphLocked(executor, ontology, input, { ...options, onProgress }, lock);
  } finally {
    await lock.release();
  }
}

async function writeGraphLocked(executor: Executor, ontology: Ontology, input: GraphInput, options: WriteOptions, lock: LoadLock): Promise<WriteSummary> {
  const now = options.now ?? (() => new Date());
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const statements = writeStatements(ontology);
  const format = formatOf(statements);
  const nodes = checkInputNodes(ontology, input);
  const loadIds = (check: RelationshipCheck): LoadIds => {
    const ids: LoadIds = { sources: new IdDigestSet(input.sources.length), entities: new IdDigestSet(input.entities.length), relationships: check.ids };
    for (const source of input.sources) ids.sources.add(source.id);
    for (const entity of input.entities) ids.entities.add(entity.id);
    return ids;
  };

  const model = new ReadModel(input);
  const ctx = rowContext(ontology, input, model, nodes.kinds);

  const [present] = await executor.read(loaderItemsPresent, { origins: [...LOADER_ORIGINS] });
  const graphHoldsItems = present?.entities === true || present?.sources === true || present?.claims === true;
  // Undated policies take their date from the relationships: entities are written after a pass over them.
  const twoPasses = graphHoldsItems || Array.isArray(input.relationships) || options.skipUnchanged === true || model.needsRelationships;

  // Pass 1 (when there is something to compare with, or it is cheap): check all, hash if asked, plan the prune.
  let checked: { version?: string; plan: PrunePlan | null; check: RelationshipCheck } | undefined;
  if (twoPasses) {
    const check = new RelationshipCheck(ontology, nodes);
    await checkAllRelationships(input, check, model, batchSize, (relationships) => options.onProgress?.({ phase: 'check', relationships, batches: 0 }));
    // The version before writing, to skip an unchanged graph: rows need the whole model, so another read of the input.
    let version: string | undefined;
    if (options.skipUnchanged) {
      const hasher = new GraphVersionHasher(format);
      hashNodes(hasher, input, ctx);
      for await (const batch of rechunk(input.relationships, batchSize)) for (const rel of batch) hasher.add('relationship', wireRow(rel, ctx));
      version = hasher.digest();
    }
    if (options.skipUnchanged) {
      const [row] = await executor.read(readGraphState);
      const state = toGraphState(row);
      // Once changes were accepted through the API the graph's version is no longer the seed's hash: the
      // load's own hash is kept beside it (seedVersion) to tell an unchanged seed.
      const seedVersion = typeof row?.seedVersion === 'string' ? row.seedVersion : state?.version;
      if (state?.status === 'ready' && seedVersion === version) {
        return { sources: input.sources.length, entities: input.entities.length, ...check.counts, version: version!, unchanged: true, pruned: null };
      }
    }
    const plan = graphHoldsItems ? await planPrune(executor, loadIds(check)) : null;
    if (plan && plan.total > 0 && !(await options.confirmPrune?.(plan))) {
      throw new PruneRequiredError(plan, options.pruneHint ?? 'Load with pruning to delete them.');
    }
    checked = { version, plan: plan && plan.total > 0 ? plan : null, check };
  }

  // Pass 2: write, if it fits (a disk that fills during a load panics the database).
  options.checkRoom?.({ entities: input.sources.length + input.entities.length, relationships: checked?.check.counts.relationships });
  await executor.write(markLoading, { version: checked?.version ?? null, startedAt: now().toISOString() });
  await executor.write(dropLegacySeedState);
  // Into a graph that held no loader-owned item, everything is new: plain CREATE, and a big load leaves
  // the secondary indexes for after its data (the constraints its look-ups use stay).
  if (!graphHoldsItems && (!Array.isArray(input.relationships) || countRelationships(input.relationships) >= DEFER_INDEXES_FROM)) {
    await setSecondaryIndexesAside(executor, ontology);
  }
  const hasher = new GraphVersionHasher(format);
  hashNodes(hasher, input, ctx);
  await writeNodes(executor, statements, input, ctx, graphHoldsItems, options);
  const streamCheck = checked ? undefined : new RelationshipCheck(ontology, nodes);
  const relationshipStatement = graphHoldsItems ? statements.upsertRelationships : statements.createRelationships;
  await writeRelationships(executor, relationshipStatement, input, ctx, hasher, batchSize, streamCheck, options);
  const version = hasher.digest();
  // The rows written must be the rows checked: an input that changed between the passes is refused
  // before the graph is called ready (it stays 'loading' until a load completes).
  if (checked?.version !== undefined && checked.version !== version) {
    throw new Error(`the relationships changed between the check and the write (version ${checked.version} checked, ${version} written); the graph stays 'loading'`);
  }
  const counts = { sources: input.sources.length, entities: input.entities.length, ...(checked ?? { check: streamCheck! }).check.counts };
  const plan = checked?.plan ?? null;
  if (plan) {
    await options.onProgress?.({ phase: 'prune', relationships: plan.kinds.relationships.count, batches: 0 });
    await executePrune(executor, loadIds(checked!.check), plan);
  }
  const ready = await completeLoad(executor, ontology, { ...counts, version }, { ...options, lock });
  return { ...counts, version, unchanged: false, pruned: plan, graphVersion: ready.version };
}

export type LoadCounts = Pick<WriteSummary, 'sources' | 'entities' | 'relationships' | 'citations' | 'verifiedCitations' | 'version'>;

/**
 * The end of every load, once every row is in (through Cypher here, or by an offline import,
 * src/seed/bulk/): every index the reads need, ONLINE, before the graph is called ready (builds those
 * set aside for the load; also completes the schema after an interrupted load), the read model's
 * figures over the whole graph (a technology's subtree counts), then 'ready' with the version.
 */
export async function completeLoad(
  executor: Executor,
  ontology: Ontology,
  loaded: LoadCounts,
  options: Pick<WriteOptions, 'onProgress' | 'now'> & { lock?: LoadLock; phases?: LoadPhases } = {},
): Promise<{ version: string }> {
  const { version: seedVersion, ...loadCounts } = loaded;
  let counts = loadCounts;
  const time = <T>(phase: string, step: () => Promise<T>): Promise<T> => (options.phases ? options.phases.time(phase, step) : step());
  await options.onProgress?.({ phase: 'indexes', relationships: counts.relationships, batches: 0 });
  await time(INDEX_BUILDS, () => applySchema(executor, ontology));
  await options.onProgress?.({ phase: 'finalize', relationships: counts.relationships, batches: 0 });
  await finalizeReadModel(executor, ontology, options.phases);
  const loadedAt = (options.now ?? (() => new Date()))().toISOString();
  // Changes accepted through the API stay in the graph (the loader skips what they wrote), so the graph
  // is not the seed alone: its version goes on from the last change's (never back to the seed's hash, so
  // cursors and exports of either are told the graph changed), and its counts are the graph's own.
  let version = seedVersion;
  const [head] = await executor.read(curationHead);
  if (Number(head?.changeSeq ?? 0) > 0) {
    version = createHash('sha256').update(`${seedVersion}\n${String(head!.changeVersion)}`).digest('hex');
    const [graph] = await executor.read(graphCounts);
    counts = {
      sources: Number(graph!.sources),
      entities: Number(graph!.entities),
      relationships: Number(graph!.relationships),
      citations: Number(graph!.citations),
      verifiedCitations: Number(graph!.verifiedCitations),
    };
  }
  // Never call a graph ready that another load has taken over meanwhile.
  options.lock?.assertHeld();
  // The format of the CSV lines every Claim of this load stores (rowContext): exports use them only while it is current.
  await time('marking the graph ready', () =>
    executor.write(markReady, { version, seedVersion, loadedAt, counts, csvLineFormat: storedLineFormat(buildTables(ontology)) }),
  );
  return { version };
}

function countRelationships(batches: readonly (readonly GraphRelationship[])[]): number {
  let n = 0;
  for (const batch of batches) n += batch.length;
  return n;
}

async function writeNodes(
  executor: Executor,
  statements: WriteStatements,
  input: GraphInput,
  ctx: RowContext,
  graphHoldsItems: boolean,
  options: WriteOptions,
): Promise<void> {
  const sourceStatement = graphHoldsItems ? statements.upsertSources : statements.createSources;
  const entityStatements = graphHoldsItems ? statements.upsertEntities : statements.createEntities;
  let nodes = 0;
  const progress = () => options.onProgress?.({ phase: 'nodes', relationships: 0, nodes, batches: 0 });
  await progress();
  for (const rows of chunks(input.sources, NODE_BATCH)) {
    await executor.write(sourceStatement, { rows: rows.map((s) => sourceRow(s, ctx)) });
    nodes += rows.length;
    await progress();
  }
  for (const batch of chunks(input.entities, NODE_BATCH)) {
    const byKind = new Map<string, unknown[]>();
    for (const entity of batch) {
      const row = entityRow(entity, ctx);
      const rows = byKind.get(row.kind) ?? [];
      if (rows.length === 0) byKind.set(row.kind, rows);
      rows.push(row);
    }
    await executor.writeTransaction(async (tx) => {
      for (const [kind, rows] of byKind) await tx.run(entityStatements.get(kind)!, { rows });
    });
    nodes += batch.length;
    await progress();
  }
}

/**
 * Pass 2 for relationships: one transaction per batch (edges, Claims and CITES of the same
 * relationships together, so an edge never lacks its Claim), retried by the executor on transient
 * failures. The next batch's rows are built while the current one is written.
 */
async function writeRelationships(
  executor: Executor,
  statement: CypherQuery,
  input: GraphInput,
  ctx: RowContext,
  hasher: GraphVersionHasher,
  batchSize: number,
  check: RelationshipCheck | undefined,
  options: WriteOptions,
): Promise<void> {
  let written = 0;
  let batches = 0;
  let pending: Promise<void> | undefined;
  await options.onProgress?.({ phase: 'write', relationships: 0, batches: 0 });
  const commit = async (rows: WireRelationship[]) => {
    await executor.write(statement, { rows } as Params);
    written += rows.length;
    batches++;
    await options.onProgress?.({ phase: 'write', relationships: written, batches });
  };
  for await (const batch of rechunk(input.relationships, batchSize)) {
    if (check) {
      for (const rel of batch) check.add(rel);
      await pending; // a failed write reports before a bad batch does
      check.assertClean();
    }
    const rows = batch.map((rel) => {
      const row = wireRow(rel, ctx);
      hasher.add('relationship', row);
      return row;
    });
    await pending;
    pending = commit(rows);
    // Handled by the `await` above on the next turn; until then a failure must not count as unhandled.
    pending.catch(() => {});
  }
  await pending;
}
