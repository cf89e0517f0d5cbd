// One start-up step, told to the operator: "step 3/6: applying constraints and indexes…", then how long
// it took. A step that fails because the database does not answer (yet) — a JVM still warming up on a
// busy machine — is retried with backoff (1, 2, 4 … s, at most 30 s, STARTUP_RETRIES times), waiting for
// the database to answer again in between. A step that still fails ends start-up with a StartupError
// that names the step, the setting to change and the log to read — never a raw driver stack.
import { DatabaseUnavailableError, type UnavailableReason } from '../db/errors.ts';
import type { Logger } from '../log/logger.ts';

export class StartupError extends Error {
  override name = 'StartupError';
}

export interface StepContext {
  logger: Logger;
  /** How often a step is retried when the database does not answer. */
  retries: number;
  /** Current values of the settings a hint may name, e.g. { QUERY_TIMEOUT_MS: 10000 }. */
  settings: Record<string, string | number>;
  /** Where to read when the database misbehaves. */
  logHint: string;
  /** Resolves true once the database answers again (false after timeoutMs). */
  waitForDatabase?: (timeoutMs: number) => Promise<boolean>;
  /** First backoff delay. @default 1000 */
  firstBackoffMs?: number;
  /** Errors whose message is already written for the operator (seed problems, launcher set-up): passed on unchanged. */
  speaksForItself?: (error: unknown) => boolean;
}

export interface Step {
  number: number;
  of: number;
  /** What the step does, as a phrase: "applying constraints and indexes". */
  doing: string;
}

const MAX_BACKOFF_MS = 30_000;

export async function runStep<T>(step: Step, context: StepContext, work: () => Promise<T>): Promise<T> {
  const { logger } = context;
  const label = `step ${step.number}/${step.of}`;
  logger.info(`${label}: ${step.doing}…`);
  const started = performance.now();
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await work();
      logger.info(`${label} done: ${step.doing}`, { seconds: Math.round((performance.now() - started) / 100) / 10 });
      return result;
    } catch (error) {
      if (!(error instanceof DatabaseUnavailableError)) throw explainOther(error, step, context);
      if (attempt > context.retries) throw explainUnavailable(error, step, attempt, context);
      const delayMs = Math.min(MAX_BACKOFF_MS, (context.firstBackoffMs ?? 1_000) * 2 ** (attempt - 1));
      logger.warn(`${label} failed; retrying`, {
        step: step.doing,
        attempt,
        of: context.retries + 1,
        inSeconds: delayMs / 1000,
        problem: error.message,
        hint: settingHint(error.reason, context),
      });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      await context.waitForDatabase?.(MAX_BACKOFF_MS);
    }
  }
}

function setting(name: string, context: StepContext): string {
  const value = context.settings[name];
  return value === undefined ? name : `${name} (now ${value})`;
}

function settingHint(reason: UnavailableReason, context: StepContext): string {
  switch (reason) {
    case 'transaction-timeout':
    case 'acquisition-timeout':
      return `raise ${setting('QUERY_TIMEOUT_MS', context)} if the machine is busy or the database is slow to warm up`;
    case 'no-answer':
    case 'marked-down':
      return `the database did not answer at all; raise ${setting('NEO4J_CONNECT_TIMEOUT_MS', context)} if it is only slow`;
    case 'unreachable':
      return `nothing answers at the database's address; check that Neo4j runs (NEO4J_URI, NEO4J_EMBEDDED_PORT)`;
    case 'failed':
    case 'disk-full':
      return `the database stopped after a critical error (a full disk?); free disk space on its data folder and read its log (docs/operations.md, "A full disk")`;
    case 'gave-up':
      return `the embedded Neo4j could not be restarted; read the log line "gave up restarting the embedded Neo4j" for what to do`;
  }
}

function explainUnavailable(error: DatabaseUnavailableError, step: Step, attempts: number, context: StepContext): StartupError {
  return new StartupError(
    `start-up failed at step ${step.number}/${step.of} (${step.doing}) after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${error.message}\n` +
      `  Setting to change: ${settingHint(error.reason, context)}; ${setting('STARTUP_RETRIES', context)} to wait longer.\n` +
      `  Log to read: ${context.logHint}`,
  );
}

/**
 * Known database refusals get their setting; any other error keeps its first line, and its stack goes
 * to the JSON log (stdout), not to the operator's message.
 */
function explainOther(error: unknown, step: Step, context: StepContext): unknown {
  if (context.speaksForItself?.(error)) return error;
  const code = (error as { code?: unknown })?.code;
  context.logger.error('start-up step failed', { step: step.doing, code, stack: (error as Error)?.stack ?? String(error) });
  const hint =
    code === 'EADDRINUSE' || code === 'EACCES'
      ? 'PORT (and HOST): the HTTP port cannot be used; choose a free one'
      : typeof code !== 'string'
      ? 'none known: this looks like a bug; the stack is in the log line "start-up step failed"'
      : code.startsWith('Neo.ClientError.Security.')
        ? 'NEO4J_USERNAME and NEO4J_PASSWORD'
        : code === 'Neo.ClientError.Database.DatabaseNotFound'
          ? 'NEO4J_DATABASE'
          : `none known for Neo4j error ${code}`;
  const first = String((error as Error)?.message ?? error).split('\n')[0];
  return new StartupError(
    `start-up failed at step ${step.number}/${step.of} (${step.doing}): ${first}\n` +
      `  Setting to check: ${hint}.\n` +
      `  Log to read: ${context.logHint}`,
  );
}
