// The three systems under test as functions the load generator calls: two GraphQL servers in child
// processes (the Chokepoint API and @neo4j/graphql, served the same way) reached over HTTP with keep-alive,
// and the raw driver in this process (an application that talks to Neo4j itself has no server hop).
import { spawn, type ChildProcess } from 'node:child_process';
import { bundle } from '../../scripts/bundle.mjs';
import type { Connection } from '../../src/db/driver.ts';
import type { Executor } from '../../src/db/executor.ts';
import type { GraphqlRequest, Question, SystemName } from './questions.ts';
import { API_NODE_FLAGS } from '../../src/process/node-flags.ts';

export interface GraphqlServer {
  name: string;
  url: string;
  pid: number;
  /** The last lines the server wrote to stderr (its error log), to show why requests failed. */
  errorLog(): string;
  /**
   * Runs the server's own warm-up once the graph is loaded (the Chokepoint API's, as `npm start` runs it
   * before /ready says 200); resolves with its milliseconds, or null for a server that has none.
   */
  warmUp(): Promise<number | null>;
  stop(): Promise<void>;
}

/** Each server's entry and the bundle it is run from (dist/bench-<name>.mjs, scripts/bundle.mjs). */
const SERVERS: Record<'chokepoint' | 'neo4jGraphql', { entry: string; bundle: string }> = {
  chokepoint: { entry: 'bench/servers/chokepoint.ts', bundle: 'bench-chokepoint' },
  neo4jGraphql: { entry: 'bench/servers/neo4j-graphql.ts', bundle: 'bench-neo4j-graphql' },
};

/**
 * Starts a server process and resolves once it prints the URL it listens on. Both servers run as
 * deployed: bundled and under plain Node with the API's flags (src/process/node-flags.ts), as `npm start`
 * and the Dockerfile run the API (no tsx, so no source-mapped stack trace per database query for either).
 */
export async function startServer(which: keyof typeof SERVERS, connection: Connection, timeoutMs = 120_000, env: Record<string, string> = {}): Promise<GraphqlServer> {
  const script = await bundle(SERVERS[which].entry, SERVERS[which].bundle);
  // Node's flags as npm start gives the API (a larger young generation); the same for both servers.
  const child: ChildProcess = spawn(process.execPath, [...API_NODE_FLAGS, script], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: {
      ...process.env,
      // As deployed (the Dockerfile sets it): graphql-js skips its development-time checks. Both servers run on graphql-js.
      NODE_ENV: 'production',
      BENCH_CHILD_NEO4J_URI: connection.uri,
      BENCH_CHILD_NEO4J_USERNAME: connection.username,
      BENCH_CHILD_NEO4J_PASSWORD: connection.password,
      BENCH_CHILD_NEO4J_DATABASE: connection.database ?? '',
      ...env,
    },
  });
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr.push(chunk.toString());
    if (stderr.length > 100) stderr.shift();
  });
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the ${which} server did not start within ${timeoutMs / 1000} s:\n${stderr.join('')}`));
    }, timeoutMs);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`the ${which} server exited during start-up (code ${code}):\n${stderr.join('')}`));
    };
    child.once('exit', onExit);
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const match = /^LISTENING (\S+)$/m.exec(buffered);
      if (!match) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      child.stdout!.removeAllListeners('data');
      child.stdout!.resume();
      resolve({
        name: which,
        url: match[1]!,
        pid: child.pid ?? -1,
        errorLog: () => stderr.join(''),
        warmUp: () =>
          which !== 'chokepoint'
            ? Promise.resolve(null)
            : new Promise<number>((done, fail) => {
                let said = '';
                const onData = (data: Buffer) => {
                  said += data.toString();
                  const warmed = /^WARMED (\d+)$/m.exec(said);
                  if (!warmed) return;
                  child.stdout!.off('data', onData);
                  child.off('exit', onGone);
                  done(Number(warmed[1]));
                };
                const onGone = (code: number | null) => fail(new Error(`the ${which} server exited during its warm-up (code ${code}):\n${stderr.join('')}`));
                child.stdout!.on('data', onData);
                child.once('exit', onGone);
                child.stdin!.write('warm-up\n');
              }),
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.once('exit', () => {
              clearTimeout(killer);
              done();
            });
            child.stdin!.end();
          }),
      });
    });
  });
}

export class AnswerError extends Error {
  override name = 'AnswerError';
}

/**
 * The headers of every benchmark request. `Cache-Control: no-cache` makes the API answer from the
 * database, never from its response cache (decision 0022): the figures measure the work, not memory.
 */
export const BENCH_HEADERS = { 'content-type': 'application/json', accept: 'application/json', 'cache-control': 'no-cache' } as const;

/** POSTs a GraphQL request; resolves with `data`, rejects on HTTP or GraphQL errors. */
export async function postGraphql(url: string, request: GraphqlRequest): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: BENCH_HEADERS,
    body: JSON.stringify(request),
  });
  const body = (await response.json()) as { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  if (!response.ok || body.errors) {
    const errors = (body.errors ?? []).map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; ');
    throw new AnswerError(`HTTP ${response.status}${errors ? ` — ${errors}` : ''}`);
  }
  return body.data;
}

export type Ask = (question: Question) => Promise<unknown>;

/** How each system answers a question (the raw answer, before canonicalisation). */
export function askers(chokepointUrl: string, neo4jGraphqlUrl: string, executor: Executor): Record<SystemName, Ask> {
  return {
    chokepoint: (q) => postGraphql(chokepointUrl, q.chokepoint),
    raw: async (q) => {
      const rows = await executor.read(q.raw.statement, q.raw.params);
      return q.raw.then ? q.raw.then(rows) : rows;
    },
    neo4jGraphql: async (q) => {
      const { query, variables, then } = q.neo4jGraphql;
      const data = await postGraphql(neo4jGraphqlUrl, { query, variables });
      return then ? then(data, (request) => postGraphql(neo4jGraphqlUrl, request)) : data;
    },
  };
}
