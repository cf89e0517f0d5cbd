// The relationships' import files written by worker threads (relationship-files-worker.ts), one core
// each: every worker rebuilds the input from its recipe (a generator and its seed), checks and writes the
// files of every `parts`-th batch, and sees every relationship's id (the input's share sends the other
// batches as stubs); this thread hashes the rows' lines in batch order, so the version is the
// sequential load's. Profiled on L (docs/performance.md "L load profile"): building
// the rows, their hash lines and their files is most of Node's time, and it splits cleanly by batch.
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import type { Ontology } from '../../ontology/ontology.ts';
import type { InputProblem } from '../check-graph-input.ts';
import type { GraphVersionHasher } from '../graph-version.ts';
import { GraphInputError, type GraphInput, type InputRecipe } from '../load-input.ts';
import type { ImportFileSet } from './import-files.ts';
import type { PhaseTime } from './load-phases.ts';

export interface FilesWorkerData {
  recipe: InputRecipe;
  /** The worker's own folder for its files. */
  dir: string;
  part: number;
  parts: number;
  batchSize: number;
}

export type FromWorker =
  /** `lines`: the batch's hash lines in UTF-8, transferred (not copied) to the main thread. */
  | { kind: 'batch'; index: number; lines: Uint8Array; relationships: number }
  | { kind: 'done'; fileSet: ImportFileSet; counts: { relationships: number; citations: number; verifiedCitations: number }; batches: number; phases: PhaseTime[] }
  | { kind: 'input-error'; problems: InputProblem[]; more: number }
  | { kind: 'error'; message: string };

export async function buildInput(recipe: InputRecipe, ontology: Ontology): Promise<GraphInput> {
  const module = (await import(recipe.module)) as Record<string, unknown>;
  const build = module[recipe.exportName];
  if (typeof build !== 'function') throw new Error(`${recipe.module} exports no function ${recipe.exportName}`);
  return (build as (ontology: Ontology, ...args: unknown[]) => GraphInput)(ontology, ...recipe.args);
}

export interface ParallelFilesResult {
  fileSets: ImportFileSet[];
  counts: { relationships: number; citations: number; verifiedCitations: number };
  /** Each worker's own phases, named "worker N: …". */
  workerPhases: PhaseTime[];
}

/**
 * A young generation of 192 MB (V8's semi-spaces of 64 MB; the API runs with the same, decision 0040):
 * each batch's rows, hash lines and CSV text die with the batch. Measured on M, writing the files of
 * 498 283 relationships with two workers: 18.4 / 19.4 s wall with V8's default, 18.4 / 17.5 s with this.
 */
export const WORKER_LIMITS = { maxYoungGenerationSizeMb: 192 } as const;

const WORKER_BOOT = new URL('./ts-worker.mjs', import.meta.url);
const WORKER_ENTRY = new URL('./relationship-files-worker.ts', import.meta.url).href;

/**
 * Starts `parts` workers at once and resolves when all have written their files; every batch's lines
 * reach `hasher` in order. Call before the synchronous work that may overlap it (the nodes' files): the
 * lines are only added from the message handlers, after whatever this thread hashes first.
 */
export function writeRelationshipFilesInParallel(options: {
  recipe: InputRecipe;
  dir: string;
  parts: number;
  batchSize: number;
  hasher: GraphVersionHasher;
  /** Told after each batch is hashed; a throw or a rejection stops the workers and rejects with it (a load interrupted from its progress). */
  onBatch?: (relationships: number, batches: number) => void | Promise<void>;
}): Promise<ParallelFilesResult> & { cancel(): void } {
  const workers: Worker[] = [];
  let cancel = () => {};
  const pending = new Map<number, { lines: Uint8Array; relationships: number }>();
  let next = 0;
  let relationships = 0;
  const done: Array<Extract<FromWorker, { kind: 'done' }>> = [];
  const running = new Promise<ParallelFilesResult>((resolve, reject) => {
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      for (const worker of workers) void worker.terminate();
      reject(error);
    };
    cancel = () => fail(new Error('the parallel relationship files were cancelled'));
    const finishIfDone = () => {
      if (done.filter(Boolean).length < options.parts || failed) return;
      const batches = done[0]!.batches;
      const counts = done[0]!.counts;
      if (next !== batches || done.some((d) => d.batches !== batches || d.counts.relationships !== counts.relationships)) {
        fail(new Error(`the workers disagree on the input (${done.map((d) => `${d.batches} batches, ${d.counts.relationships} relationships`).join('; ')}; ${next} hashed)`));
        return;
      }
      const workerPhases = done.flatMap((d, part) => d.phases.filter((p) => p.phase !== 'between phases').map((p) => ({ phase: `worker ${part + 1}: ${p.phase}`, ms: p.ms })));
      resolve({ fileSets: done.map((d) => d.fileSet), counts, workerPhases });
    };
    for (let part = 0; part < options.parts; part++) {
      const workerData: FilesWorkerData = { recipe: options.recipe, dir: join(options.dir, `part-${part + 1}`), part, parts: options.parts, batchSize: options.batchSize };
      const worker = new Worker(WORKER_BOOT, { workerData: { ...workerData, entry: WORKER_ENTRY }, resourceLimits: WORKER_LIMITS });
      workers.push(worker);
      worker.on('message', (message: FromWorker) => {
        if (failed) return;
        if (message.kind === 'batch') {
          pending.set(message.index, message);
          // In batch order, whichever worker finishes first.
          for (let ready = pending.get(next); ready; ready = pending.get(next)) {
            pending.delete(next);
            options.hasher.addEncodedLines(ready.lines);
            relationships += ready.relationships;
            next++;
            try {
              const told = options.onBatch?.(relationships, next);
              if (told instanceof Promise) told.catch((error: unknown) => fail(error as Error));
            } catch (error) {
              fail(error as Error);
              return;
            }
          }
        } else if (message.kind === 'done') {
          done[part] = message;
          finishIfDone();
        } else if (message.kind === 'input-error') fail(new GraphInputError(message.problems, message.more));
        else fail(new Error(`a bulk load worker failed: ${message.message}`));
      });
      worker.on('error', (error) => fail(error));
      worker.on('exit', (code) => {
        if (code !== 0) fail(new Error(`a bulk load worker stopped with exit code ${code}`));
      });
    }
  });
  return Object.assign(running, { cancel });
}
