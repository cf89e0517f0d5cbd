// Serves the real application on an ephemeral port, so API tests go over HTTP like a client would.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/server/create-app.ts';
import { createLogger } from '../../src/log/logger.ts';
import type { Executor } from '../../src/db/executor.ts';
import { DEFAULT_HTTP, type HttpConfig } from '../../src/config/config.ts';
import { createHttpServer } from '../../src/server/http-server.ts';
import type { CurationOptions } from '../../src/curation/curation.ts';
import { testExecutor, testOntology } from './database.ts';

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, any> }>;
  extensions?: { dbQueries?: string[] };
}

export interface TestServer {
  url: string;
  logs: string[];
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

export async function startTestServer(
  options: { executor?: Executor; graphiql?: boolean; exportBatchRows?: number; http?: Partial<HttpConfig>; curation?: CurationOptions } = {},
): Promise<TestServer> {
  const logs: string[] = [];
  const logger = createLogger('info', (line) => logs.push(line));
  const app = createApp({
    executor: options.executor ?? testExecutor(),
    ontology: testOntology(),
    logger,
    graphiql: options.graphiql ?? true,
    exposeQueryStats: true,
    exportBatchRows: options.exportBatchRows,
    http: options.http,
    curation: options.curation,
  });
  // The server `main` runs: connection limits included (src/server/http-server.ts).
  const server: Server = createHttpServer(app, { ...DEFAULT_HTTP, ...options.http }, logger);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    logs,
    async gql(query, variables) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
