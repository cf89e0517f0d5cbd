// Applies constraints and indexes: only the missing ones are created (each statement is also
// IF NOT EXISTS), so a start against a ready database costs one query instead of one per statement.
// The one owner of the schema's life cycle: the write path asks it to set the secondary indexes aside
// for a load into an empty graph and to complete the schema (every index ONLINE) before the graph is ready.
import type { Ontology } from '../ontology/ontology.ts';
import {
  dropFulltextIndex,
  dropRetiredIndexes,
  dropSecondaryIndex,
  existingIndexes,
  FULLTEXT_INDEX,
  FULLTEXT_PROPERTIES,
  indexesNotOnline,
  isSecondaryIndex,
  schemaObjectName,
  schemaStatements,
} from '../cypher/schema.ts';
import { DatabaseUnavailableError } from '../db/errors.ts';
import type { Executor } from '../db/executor.ts';

/** How often to ask whether new indexes are ONLINE. */
const POLL_MS = 250;
/**
 * While an index populates, schema commands and SHOW INDEXES on its label or type wait for it (seen on
 * 5.26: the Claim indexes of M populate one after another, ~10 s each, and a SHOW INDEXES waited out the
 * 30 s transaction timeout behind the full-text population of a million quotes). Such a timeout is
 * retried — every statement here is idempotent — until this much time has passed.
 */
const SCHEMA_DEADLINE_MS = 60 * 60_000;

export interface ApplySchemaOptions {
  /** Called while indexes populate, with those not ONLINE yet (a big load's bulk population takes a while). */
  onWait?: (pending: Array<{ name: string; percent: number }>) => void;
}

/**
 * Returns the number of statements run. Resolves once every index is ONLINE — also one that existed but
 * was still populating (the planner silently drops a hint on such an index and scans the label instead);
 * throws when one FAILED.
 */
export async function applySchema(executor: Executor, ontology: Ontology, options: ApplySchemaOptions = {}): Promise<number> {
  const rows = await executor.read(existingIndexes);
  const existing = new Map(rows.map((row) => [String(row.name), row.properties]));
  const allOnline = rows.every((row) => row.state === 'ONLINE');
  // A full-text index cannot be altered: when its properties changed, drop it so it is created anew.
  const fulltext = existing.get(FULLTEXT_INDEX);
  if (fulltext && JSON.stringify(fulltext) !== JSON.stringify(FULLTEXT_PROPERTIES)) {
    await executor.write(dropFulltextIndex);
    existing.delete(FULLTEXT_INDEX);
  }
  for (const retired of dropRetiredIndexes) {
    if (existing.has(retired.name)) await executor.write(retired.statement);
  }
  const missing = schemaStatements(ontology).filter((statement) => !existing.has(schemaObjectName(statement)));
  // Schema commands cannot share a transaction with each other; run each on its own.
  const deadline = Date.now() + SCHEMA_DEADLINE_MS;
  for (const statement of missing) await retryingTimeouts(deadline, () => executor.write(statement));
  if (missing.length > 0 || !allOnline) await awaitIndexesOnline(executor, options);
  return missing.length;
}

/**
 * Before a load into a graph with no loader-owned items: drops the secondary indexes (reads only; the
 * write path looks up ids through uniqueness constraints, which stay), so the load does not update them
 * row by row; `applySchema` builds them again after the data. Returns how many were dropped.
 */
export async function setSecondaryIndexesAside(executor: Executor, ontology: Ontology): Promise<number> {
  const existing = new Set((await executor.read(existingIndexes)).map((row) => String(row.name)));
  const present = schemaStatements(ontology).filter((statement) => isSecondaryIndex(statement) && existing.has(schemaObjectName(statement)));
  for (const statement of present) await executor.write(dropSecondaryIndex(statement));
  return present.length;
}

/** Polls until every index is ONLINE (a short read each time: no transaction outlives its timeout). */
export async function awaitIndexesOnline(executor: Executor, options: ApplySchemaOptions = {}): Promise<void> {
  const deadline = Date.now() + SCHEMA_DEADLINE_MS;
  for (;;) {
    const pending = await retryingTimeouts(deadline, () => executor.read(indexesNotOnline));
    if (pending.length === 0) return;
    const failed = pending.find((row) => row.state === 'FAILED');
    if (failed) throw new Error(`index ${String(failed.name)} failed to build: ${String(failed.failureMessage)}`);
    options.onWait?.(pending.map((row) => ({ name: String(row.name), percent: Number(row.populationPercent) })));
    await new Promise((done) => setTimeout(done, POLL_MS));
  }
}

/** Runs `work` again when it timed out waiting behind an index population, until `deadline`. */
async function retryingTimeouts<T>(deadline: number, work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof DatabaseUnavailableError && error.reason === 'transaction-timeout') || Date.now() > deadline) throw error;
    }
  }
}
