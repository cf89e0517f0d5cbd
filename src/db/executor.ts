// The one executor that touches sessions: runs named, parameterised Cypher in read or write
// transactions with a timeout, converts values in and out, and reports each round trip to an
// optional observer (the API counts round trips per request with it).
import neo4j, { type Driver, type ManagedTransaction, type Session } from 'neo4j-driver';
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

export interface ExecutorOptions {
  /** Undefined: the server's default database. */
  database: string | undefined;
  /** Client-side transaction timeout in ms. */
  timeoutMs: number;
}

/** Runs statements inside one write transaction (the seed loader uses it to write all or nothing). */
export interface TransactionRunner {
  run(query: CypherQuery, params?: Params): Promise<Row[]>;
}

export class Executor {
  constructor(
    private readonly driver: Driver,
    private readonly options: ExecutorOptions,
  ) {}

  private session(mode: 'READ' | 'WRITE'): Session {
    return this.driver.session({
      database: this.options.database,
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
    });
  }

  private async runIn(tx: ManagedTransaction, query: CypherQuery, params: Params): Promise<Row[]> {
    const result = await tx.run(query.text, toCypher(params) as Params);
    return result.records.map((record) => fromCypher(record.toObject()) as Row);
  }

  private async execute(mode: 'READ' | 'WRITE', query: CypherQuery, params: Params, observe?: QueryObserver): Promise<Row[]> {
    const session = this.session(mode);
    const started = performance.now();
    try {
      const work = (tx: ManagedTransaction) => this.runIn(tx, query, params);
      const config = { timeout: this.options.timeoutMs, metadata: { query: query.name } };
      const rows = mode === 'READ' ? await session.executeRead(work, config) : await session.executeWrite(work, config);
      observe?.({ name: query.name, mode, ms: performance.now() - started, rows: rows.length });
      return rows;
    } finally {
      await session.close();
    }
  }

  /** A read transaction: a cluster routes it to a follower. */
  read(query: CypherQuery, params: Params = {}, observe?: QueryObserver): Promise<Row[]> {
    return this.execute('READ', query, params, observe);
  }

  write(query: CypherQuery, params: Params = {}, observe?: QueryObserver): Promise<Row[]> {
    return this.execute('WRITE', query, params, observe);
  }

  /** Several statements in one write transaction: all of them commit, or none. */
  async writeTransaction<T>(work: (tx: TransactionRunner) => Promise<T>): Promise<T> {
    const session = this.session('WRITE');
    try {
      return await session.executeWrite(
        (tx) => work({ run: (query, params = {}) => this.runIn(tx, query, params) }),
        { timeout: Math.max(this.options.timeoutMs, 60_000) },
      );
    } finally {
      await session.close();
    }
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
   * Several statements in one read transaction, retried as a whole on transient errors (so `work`
   * must only read and must not emit anything before it returns). Bulk exports read a batch of rows
   * between two reads of the graph version this way, all in one transaction.
   */
  async readTransaction<T>(name: string, work: (tx: TransactionRunner) => Promise<T>): Promise<T> {
    const session = this.session('READ');
    try {
      return await session.executeRead((tx) => work({ run: (query, params = {}) => this.runIn(tx, query, params) }), {
        timeout: this.options.timeoutMs,
        metadata: { query: name },
      });
    } finally {
      await session.close();
    }
  }

  /** One auto-commit `RETURN 1` without retries: true when the database answers within timeoutMs. */
  async ping(timeoutMs = 2_000): Promise<boolean> {
    const session = this.session('READ');
    try {
      // Settles either way, so a late failure after the timeout won is not an unhandled rejection.
      const answer = session.run('RETURN 1 AS ok', {}, { timeout: timeoutMs }).then(
        () => true,
        () => false,
      );
      const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
      return await Promise.race([answer, timeout]);
    } catch {
      return false;
    } finally {
      session.close().catch(() => {});
    }
  }

  close(): Promise<void> {
    return this.driver.close();
  }
}
