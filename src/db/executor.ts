// The one executor that touches sessions: runs named, parameterised Cypher — a read as one
// auto-commit statement, a write in a managed transaction — with a timeout, converts values in and
// out, and reports each round trip to an optional observer (the API counts round trips per request).
// It also bounds every call on this side of the wire: when Neo4j is gone, frozen or too slow, the call
// fails within seconds with a DatabaseUnavailableError (src/db/errors.ts) instead of waiting for the
// driver, and while the database is marked down (src/db/health.ts) calls fail at once until a probe
// sees it answer again.
import neo4j, { type Driver, type ManagedTransaction, type Session } from 'neo4j-driver';
import { DEFAULT_BOUNDS } from './driver.ts';
import { DatabaseUnavailableError, QueryTimeoutError, toDatabaseError, unavailable, unavailableReason } from './errors.ts';
import { DatabaseHealth, type HealthState } from './health.ts';
import { fromCypher, toCypher } from './values.ts';

/** A named Cypher statement. Statements live in src/cypher/; user input reaches them only as $params. */
export interface CypherQuery {
  readonly name: string;
  readonly text: string;
}

export function cypher(name: string, text: string): CypherQuery {
  return { name, text: text.trim() };
}

export type Row = Record<string, unknown>;
export type Params = Record<string, unknown>;

export interface QueryEvent {
  name: string;
  mode: 'READ' | 'WRITE';
  ms: number;
  rows: number;
}
export type QueryObserver = (event: QueryEvent) => void;

/** One operator of an execution plan (EXPLAIN), as design tests read it. */
export interface PlanNode {
  operator: string;
  /** The operator's details as Neo4j prints them (`UNIQUE n:Entity(id) WHERE id = $p0`). */
  details: string;
  children: PlanNode[];
}

/** A plan operator as PROFILE measured it. */
export interface ProfiledNode extends PlanNode {
  rows: number;
  dbHits: number;
  children: ProfiledNode[];
}

export interface ExecutorOptions {
  /** Undefined: the server's default database. */
  database: string | undefined;
  /** Client-side transaction timeout in ms (sent to the server, and this side's deadline). */
  timeoutMs: number;
  /**
   * How long the database may stay silent before it is checked: a statement without an answer after
   * this long triggers a liveness ping with the same bound, and a failed ping marks the database down
   * (fail fast until it answers again). Unset: no liveness checks — calls are bounded by their deadline
   * only (tests and scripts that build their own executor). `openDatabase` sets it from the config.
   */
  livenessMs?: number;
  /** A separate driver (small pool) for liveness pings, so a busy pool never looks like a dead database. */
  probeDriver?: Driver;
  /** How long a read is retried after a retryable error, as the driver retries a managed transaction. @default DEFAULT_BOUNDS.maxRetryTimeMs */
  readRetryMs?: number;
  /** Told when the database is marked down or answers again. */
  onHealthChange?: (state: HealthState, detail: { downForMs?: number; reason?: string }) => void;
}

/** Runs statements inside one write transaction (the seed loader uses it to write all or nothing). */
export interface TransactionRunner {
  run(query: CypherQuery, params?: Params): Promise<Row[]>;
}

/** A result's records as plain rows. */
const rowsOf = (result: { records: Array<{ toObject(): object }> }): Row[] => result.records.map((record) => fromCypher(record.toObject()) as Row);

/** A ping's bound when no liveness bound is configured. */
const DEFAULT_PING_MS = 3_000;

/** The first pause before a read is retried; doubled each time. */
const READ_RETRY_FIRST_DELAY_MS = 100;

/** Seed writes may run long; they get at least this much time. */
const WRITE_TRANSACTION_MIN_MS = 60_000;

export class Executor {
  readonly health: DatabaseHealth;
  /** Whether a statement without an answer triggers a liveness check (and so may mark the database down). */
  private readonly checksLiveness: boolean;
  private readonly livenessMs: number;
  private readonly readRetryMs: number;

  constructor(
    private readonly driver: Driver,
    private readonly options: ExecutorOptions,
  ) {
    this.checksLiveness = options.livenessMs !== undefined;
    this.livenessMs = options.livenessMs ?? DEFAULT_PING_MS;
    this.readRetryMs = options.readRetryMs ?? DEFAULT_BOUNDS.maxRetryTimeMs;
    this.health = new DatabaseHealth({
      ping: (timeoutMs) => this.pingWith(options.probeDriver ?? driver, timeoutMs),
      pingTimeoutMs: this.livenessMs,
      onChange: options.onHealthChange,
    });
  }

  private session(mode: 'READ' | 'WRITE'): Session {
    return this.driver.session({
      database: this.options.database,
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
    });
  }

  private async runIn(tx: ManagedTransaction, query: CypherQuery, params: Params): Promise<Row[]> {
    return rowsOf(await tx.run(query.text, toCypher(params) as Params));
  }

  /**
   * Runs `work` in a new session and settles within bounds: it fails with DatabaseUnavailableError when
   * the database is marked down (at once, or as soon as that happens), when a liveness ping after
   * `livenessMs` gets no answer, or at the deadline. Abandoned work is left to settle in the background
   * (a frozen server never holds the caller): its session is closed once it has settled — closing it
   * mid-flight confuses the connection's protocol state — and if the server answers it after all, that
   * counts as proof that the database lives.
   */
  private async guarded<T>(mode: 'READ' | 'WRITE', name: string, timeoutMs: number, work: (session: Session) => Promise<T>): Promise<T> {
    if (this.health.state === 'down') {
      throw unavailable(this.health.downKind, `${name}: ${this.health.downReason || 'no answer'}`);
    }
    const session = this.session(mode);
    const timers: NodeJS.Timeout[] = [];
    let cancelDown: () => void = () => {};
    let abandoned = false;
    const running = work(session);
    const bounds = new Promise<never>((_, reject) => {
      const fail = (error: DatabaseUnavailableError) => {
        abandoned = true;
        reject(error);
      };
      cancelDown = this.health.onceDown(() => fail(unavailable(this.health.downKind, `${name}: ${this.health.downReason}`)));
      // No answer yet: is the database still there? (A slow statement on a live database passes.)
      if (this.checksLiveness) {
        timers.push(
          setTimeout(() => {
            void this.health.check(`no answer to ${name} within ${this.livenessMs} ms`).then((ok) => {
              if (!ok) fail(unavailable('no-answer', `${name}: no answer within ${this.livenessMs} ms`));
            });
          }, this.livenessMs),
        );
      }
      // The last resort: the server should have timed the transaction out by now (plus retries). If the
      // database still answers a ping, the statement is what is slow (a timeout, not an outage).
      timers.push(
        setTimeout(() => {
          void this.pingWith(this.options.probeDriver ?? this.driver, this.livenessMs).then((ok) =>
            fail(ok ? new QueryTimeoutError(name, timeoutMs) : unavailable('no-answer', `${name}: no result within ${timeoutMs} ms, and no answer to a ping`)),
          );
        }, timeoutMs + 2 * this.livenessMs),
      );
    });
    try {
      const result = await Promise.race([running, bounds]);
      this.health.answered();
      return result;
    } catch (error) {
      const translated = toDatabaseError(error, name, timeoutMs);
      // A Cypher error is an answer too, and so is the server stopping a statement at its time limit.
      if (!(translated instanceof DatabaseUnavailableError) || translated instanceof QueryTimeoutError) this.health.answered();
      // A refused or broken connection: the database went away (and may come back cold). Mark it down for
      // everyone; the probe pings at once and marks it up when it answers, which triggers a re-warm.
      if (this.checksLiveness && translated instanceof DatabaseUnavailableError && unavailableReason(error) === 'unreachable') {
        this.health.contactFailed(`${name}: ${(error as Error).message}`);
      }
      // A full disk: this write is lost and Neo4j panics; say so at once rather than after the JVM exits.
      if (translated instanceof DatabaseUnavailableError && translated.reason === 'disk-full') {
        this.health.markFailed(`${name}: the database's disk is full (${(error as Error).message.split('\n')[0]})`);
      }
      throw translated;
    } finally {
      for (const timer of timers) clearTimeout(timer);
      cancelDown();
      if (abandoned) {
        void running
          .then(
            () => this.health.answered(),
            (late: unknown) => {
              const translated = toDatabaseError(late, name);
              if (!(translated instanceof DatabaseUnavailableError) || translated instanceof QueryTimeoutError) this.health.answered();
            },
          )
          .finally(() => session.close().catch(() => {}));
      } else {
        await session.close().catch(() => {});
      }
    }
  }

  /** The transaction timeout of every statement (QUERY_TIMEOUT_MS); a caller may ask for less, never more. */
  get timeoutMs(): number {
    return this.options.timeoutMs;
  }

  private async execute(mode: 'READ' | 'WRITE', query: CypherQuery, params: Params, observe?: QueryObserver, timeoutMs = this.options.timeoutMs): Promise<Row[]> {
    const started = performance.now();
    const limit = Math.max(1, Math.min(Math.round(timeoutMs), this.options.timeoutMs));
    const rows = await this.guarded(mode, query.name, limit, (session) => {
      const config = { timeout: limit, metadata: { query: query.name } };
      if (mode === 'READ') return this.autoCommitRead(session, query, params, config);
      return session.executeWrite((tx: ManagedTransaction) => this.runIn(tx, query, params), config);
    });
    observe?.({ name: query.name, mode, ms: performance.now() - started, rows: rows.length });
    return rows;
  }

  /**
   * One read statement as an auto-commit transaction in a READ session (a cluster routes it to a
   * follower): RUN and PULL without the COMMIT a managed transaction adds, one round trip fewer per
   * read (~1 ms of a 7 ms headline page on M, measured). Reads are idempotent, so a retryable error
   * (a leader switch, a transient failure) is retried like a managed transaction would be, for up to
   * `readRetryMs`; `guarded` still bounds the whole call.
   */
  private async autoCommitRead(session: Session, query: CypherQuery, params: Params, config: Parameters<Session['run']>[2]): Promise<Row[]> {
    const started = Date.now();
    for (let delayMs = READ_RETRY_FIRST_DELAY_MS; ; delayMs *= 2) {
      try {
        return rowsOf(await session.run(query.text, toCypher(params) as Params, config));
      } catch (error) {
        if (!neo4j.isRetryableError(error) || Date.now() - started + delayMs > this.readRetryMs) throw error;
        await new Promise((done) => setTimeout(done, delayMs));
      }
    }
  }

  /** One read statement (auto-commit, retried; a cluster routes it to a follower). */
  /** One read statement; `timeoutMs` shortens its time limit below QUERY_TIMEOUT_MS (a search with its own time budget). */
  read(query: CypherQuery, params: Params = {}, observe?: QueryObserver, timeoutMs?: number): Promise<Row[]> {
    return this.execute('READ', query, params, observe, timeoutMs);
  }

  write(query: CypherQuery, params: Params = {}, observe?: QueryObserver): Promise<Row[]> {
    return this.execute('WRITE', query, params, observe);
  }

  /** Several statements in one write transaction: all of them commit, or none. */
  writeTransaction<T>(work: (tx: TransactionRunner) => Promise<T>): Promise<T> {
    const timeoutMs = Math.max(this.options.timeoutMs, WRITE_TRANSACTION_MIN_MS);
    return this.guarded('WRITE', 'write transaction', timeoutMs, (session) =>
      session.executeWrite((tx) => work({ run: (query, params = {}) => this.runIn(tx, query, params) }), { timeout: timeoutMs }),
    );
  }

  /** The server's agent string (e.g. "Neo4j/5.26.19"): proves Bolt answers, within the same bounds as a statement. */
  serverAgent(): Promise<string> {
    return this.guarded('READ', 'server info', this.options.timeoutMs, async () => {
      const info = await this.driver.getServerInfo({ database: this.options.database });
      return info.agent ?? 'an unnamed Bolt server';
    });
  }

  /** The plan Neo4j would use for a statement (EXPLAIN: nothing runs). */
  async explain(query: CypherQuery, params: Params = {}): Promise<PlanNode> {
    const session = this.session('READ');
    try {
      const result = await session.run(`EXPLAIN ${query.text}`, toCypher(params) as Params);
      type Raw = { operatorType: string; arguments?: Record<string, unknown>; children: Raw[] };
      const convert = (plan: Raw): PlanNode => ({
        operator: plan.operatorType.replace(/@.*$/, ''),
        details: String(plan.arguments?.Details ?? ''),
        children: plan.children.map(convert),
      });
      return convert(result.summary.plan as unknown as Raw);
    } finally {
      await session.close();
    }
  }

  /**
   * Runs a statement under PROFILE and returns its total db hits and rows, and the profiled plan with
   * each operator's rows and db hits (design tests compare plans by work done).
   */
  async profile(query: CypherQuery, params: Params = {}): Promise<{ dbHits: number; rows: number; plan: ProfiledNode }> {
    const session = this.session('READ');
    try {
      const result = await session.run(`PROFILE ${query.text}`, toCypher(params) as Params);
      type Raw = { operatorType: string; arguments?: Record<string, unknown>; dbHits: number; rows: number; children: Raw[] };
      const convert = (plan: Raw): ProfiledNode => ({
        operator: plan.operatorType.replace(/@.*$/, ''),
        details: String(plan.arguments?.Details ?? ''),
        rows: Number(plan.rows ?? 0),
        dbHits: Number(plan.dbHits ?? 0),
        children: plan.children.map(convert),
      });
      const plan = convert(result.summary.profile as unknown as Raw);
      const hits = (node: ProfiledNode): number => node.dbHits + node.children.reduce((sum, child) => sum + hits(child), 0);
      return { dbHits: hits(plan), rows: result.records.length, plan };
    } finally {
      await session.close();
    }
  }

  /**
   * Several statements in one read transaction, retried as a whole on transient errors (so `work`
   * must only read and must not emit anything before it returns). Bulk exports read a batch of rows
   * between two reads of the graph version this way, all in one transaction. Bounded like `read`.
   */
  readTransaction<T>(name: string, work: (tx: TransactionRunner) => Promise<T>): Promise<T> {
    return this.guarded('READ', name, this.options.timeoutMs, (session) =>
      session.executeRead((tx) => work({ run: (query, params = {}) => this.runIn(tx, query, params) }), {
        timeout: this.options.timeoutMs,
        metadata: { query: name },
      }),
    );
  }

  /** One auto-commit `RETURN 1` without retries: true when the database answers within timeoutMs (and then it counts as up). */
  async ping(timeoutMs = this.livenessMs): Promise<boolean> {
    const ok = await this.pingWith(this.options.probeDriver ?? this.driver, timeoutMs);
    if (ok) this.health.answered();
    return ok;
  }

  /**
   * For a command's first query (a cold or busy database answers it slowly, and a frozen one does not
   * even finish the Bolt handshake within the connect timeout): pings again until one answers or
   * `timeoutMs` has passed. True when the database answered.
   */
  async awaitAnswer(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      if (await this.ping(left)) return true;
      await new Promise((done) => setTimeout(done, Math.min(250, Math.max(0, deadline - Date.now()))));
    }
  }

  private async pingWith(driver: Driver, timeoutMs: number): Promise<boolean> {
    const session = driver.session({ database: this.options.database, defaultAccessMode: neo4j.session.READ });
    let timer: NodeJS.Timeout | undefined;
    try {
      // Settles either way, so a late failure after the timeout won is not an unhandled rejection.
      const answer = session.run('RETURN 1 AS ok', {}, { timeout: timeoutMs }).then(
        () => true,
        () => false,
      );
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      return await Promise.race([answer, timeout]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
      session.close().catch(() => {});
    }
  }

  async close(): Promise<void> {
    this.health.close();
    await this.options.probeDriver?.close();
    await this.driver.close();
  }
}
