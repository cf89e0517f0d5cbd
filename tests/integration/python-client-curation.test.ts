// Issue 18, "the Python client gains propose…, review, changes(since=…) and a follow mode": the client's
// curation tests (clients/python/tests/curation) against the real app on the fixture seed, with a
// contributor and a reviewer key made for them. The virtualenv is shared with python-client.test.ts.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { closeTestExecutor, seedGraph, wipeDatabase } from '../support/database.ts';
import { keysForEveryRole, type Keys } from '../support/curation.ts';
import { CURATION_TESTS, pythonEnvironment, runAsync } from '../support/python.ts';
import { FIXTURE_SEED, FIXTURE_SOURCES } from '../support/seed-fixture.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let venvPython: string;
let keys: Keys;
let server: TestServer;

beforeAll(async () => {
  venvPython = pythonEnvironment();
  // The fixture texts are held by the graph, so proposals citing them are checked verbatim.
  await seedGraph({ dataDir: FIXTURE_SEED, sourcesDir: FIXTURE_SOURCES });
  keys = await keysForEveryRole('-python');
  server = await startTestServer();
}, 900_000);
afterAll(async () => {
  await server?.close();
  // The fixture graph with API-made items would outlive the next file's reseed (a load never prunes what the API made).
  await wipeDatabase();
  await closeTestExecutor();
});

it('the Python client proposes, reviews, pages and follows the change log against the running server', async () => {
  const { status, output } = await runAsync(
    venvPython,
    ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', CURATION_TESTS],
    {
      ...process.env,
      CHOKEPOINT_URL: server.url,
      CHOKEPOINT_CONTRIBUTOR_KEY: keys.contributor,
      CHOKEPOINT_REVIEWER_KEY: keys.reviewer,
      PYTHONDONTWRITEBYTECODE: '1',
    },
    300_000,
  );
  expect(status, output).toBe(0);
  expect(output).toMatch(/9 passed/);
  expect(output).not.toMatch(/skipped|failed|error/i);
}, 320_000);
