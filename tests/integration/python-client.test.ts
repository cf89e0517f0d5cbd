// The Python client's pytest suite (clients/python/tests) against the real app on the seeded graph,
// as part of `npm test`. The virtualenv lives in .data/python-venv-<hash of pyproject.toml> and is
// reused while pyproject.toml is unchanged, so only the first run downloads pandas, pyarrow, networkx.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { useSeededServer } from '../support/api-suite.ts';

const CLIENT_DIR = resolve('clients/python');
const DATA = resolve('.data');

function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs: number }) {
  return spawnSync(command, args, { encoding: 'utf8', env: options.env ?? process.env, timeout: options.timeoutMs, maxBuffer: 64 << 20 });
}

/** A venv with the client installed (editable, with its test extra) from PyPI; built once per pyproject.toml. */
function pythonEnvironment(): string {
  const python = process.env.PYTHON ?? 'python3';
  const version = run(python, ['-c', 'import sys, venv; print("%d.%d" % sys.version_info[:2])'], { timeoutMs: 30_000 });
  if (version.status !== 0) {
    throw new Error(
      `The Python client tests need Python 3.9+ with venv (${python} -c 'import venv' failed: ${version.error?.message ?? version.stderr.trim()}). ` +
        'Install it (Debian: apt-get install python3 python3-venv) or set PYTHON to an interpreter.',
    );
  }
  const hash = createHash('sha256').update(readFileSync(join(CLIENT_DIR, 'pyproject.toml'))).update(version.stdout).digest('hex').slice(0, 12);
  const venv = join(DATA, `python-venv-${hash}`);
  const venvPython = join(venv, 'bin', 'python');
  if (existsSync(join(venv, '.complete'))) return venvPython;
  // Built under a temporary name and renamed when complete, so an interrupted or concurrent build is never used half-done.
  mkdirSync(DATA, { recursive: true });
  const building = `${venv}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  const steps: Array<[string, string[]]> = [
    [python, ['-m', 'venv', building]],
    [join(building, 'bin', 'python'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-e', `${CLIENT_DIR}[test]`]],
  ];
  for (const [command, args] of steps) {
    const result = run(command, args, { timeoutMs: 600_000 });
    if (result.status !== 0) {
      rmSync(building, { recursive: true, force: true });
      throw new Error(`setting up the Python client's test environment failed: ${command} ${args.join(' ')}\n${result.stdout}\n${result.stderr}`);
    }
  }
  run(join(building, 'bin', 'python'), ['-c', `open(${JSON.stringify(join(building, '.complete'))}, 'w').close()`], { timeoutMs: 10_000 });
  try {
    renameSync(building, venv);
  } catch {
    rmSync(building, { recursive: true, force: true }); // another run finished first: use its venv
  }
  return venvPython;
}

// Export batches of 5 rows: every table the client pulls (entities(), graph(), …) spans many batches,
// as on a real graph (issue 23: the entity export never ended past its first batch).
const { server } = useSeededServer({ exportBatchRows: 5 });
let venvPython: string;

beforeAll(() => {
  venvPython = pythonEnvironment();
}, 900_000);


/** Runs without blocking: the server under test answers from this same process. */
function runAsync(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ status: number | null; output: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolvePromise({ status, output });
    });
  });
}

it('the Python client passes its pytest suite against the running server', async () => {
  const { status, output } = await runAsync(
    venvPython,
    ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', join(CLIENT_DIR, 'tests')],
    { ...process.env, CHOKEPOINT_URL: server().url, PYTHONDONTWRITEBYTECODE: '1' },
    300_000,
  );
  expect(status, output).toBe(0);
  expect(output).toMatch(/\d+ passed/);
  expect(output).not.toMatch(/skipped|failed|error/i);
}, 320_000);
