// Shared set-up for API test files: the real seed in the test database, the app served over HTTP.
import { afterAll, beforeAll } from 'vitest';
import { closeTestExecutor, seedGraph } from './database.ts';
import { startTestServer, type TestServer } from './server.ts';

export function useSeededServer(options: Parameters<typeof startTestServer>[0] = {}): { server: () => TestServer } {
  let server: TestServer | undefined;
  beforeAll(async () => {
    await seedGraph();
    server = await startTestServer(options);
  });
  afterAll(async () => {
    await server?.close();
    await closeTestExecutor();
  });
  return {
    server: () => {
      if (!server) throw new Error('the test server has not started');
      return server;
    },
  };
}
