// The application in-process (no port): plugin behaviour is tested through `app.fetch`, as a client
// would see it. The executor points at the run's Neo4j, which only requests that execute reach.
import { createApp, type AppDeps } from '../../src/server/create-app.ts';
import { createLogger } from '../../src/log/logger.ts';
import { testExecutor, testOntology } from './database.ts';

export const ENDPOINT = 'http://chokepoint.test/graphql';

export interface TestApp {
  app: ReturnType<typeof createApp>;
  logs: string[];
  /** POST a JSON GraphQL request; returns the status, headers and parsed body. */
  post(
    query: string,
    variables?: Record<string, unknown>,
    init?: { headers?: Record<string, string>; remoteAddress?: string },
  ): Promise<{ status: number; headers: Headers; body: any }>;
}

export function testApp(overrides: Partial<AppDeps> = {}): TestApp {
  const logs: string[] = [];
  const app = createApp({
    executor: testExecutor(),
    ontology: testOntology(),
    logger: createLogger('debug', (line) => logs.push(line)),
    exposeQueryStats: true,
    ...overrides,
  });
  return {
    app,
    logs,
    async post(query, variables, init = {}) {
      const response = await app.fetch(
        ENDPOINT,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', ...init.headers },
          body: JSON.stringify({ query, variables }),
        },
        // What the Node adapter passes as the server context: the socket gives the client's address.
        { req: { socket: { remoteAddress: init.remoteAddress ?? '127.0.0.1' } } },
      );
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
    },
  };
}
