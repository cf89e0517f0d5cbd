// The Python client's pytest suite (clients/python/tests) against the real app on the seeded graph,
// as part of `npm test`. The virtualenv lives in .data/python-venv-<hash of pyproject.toml> and is
// reused while pyproject.toml is unchanged, so only the first run downloads pandas, pyarrow, networkx.
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { useSeededServer } from '../support/api-suite.ts';
import { CLIENT_DIR, CURATION_TESTS, pythonEnvironment, runAsync } from '../support/python.ts';

// Export batches of 5 rows: every table the client pulls (entities(), graph(), …) spans many batches,
// as on a real graph (issue 23: the entity export never ended past its first batch).
const { server } = useSeededServer({ exportBatchRows: 5 });
let venvPython: string;

beforeAll(() => {
  venvPython = pythonEnvironment();
}, 900_000);


it('the Python client passes its pytest suite against the running server', async () => {
  const { status, output } = await runAsync(
    venvPython,
    // The curation tests need keys and their own graph: tests/integration/python-client-curation.test.ts runs them.
    ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', join(CLIENT_DIR, 'tests'), `--ignore=${CURATION_TESTS}`],
    { ...process.env, CHOKEPOINT_URL: server().url, PYTHONDONTWRITEBYTECODE: '1' },
    300_000,
  );
  expect(status, output).toBe(0);
  expect(output).toMatch(/\d+ passed/);
  expect(output).not.toMatch(/skipped|failed|error/i);
}, 320_000);
