// The Python client's test environment: a virtualenv with the client installed (editable, with its test
// extra) from PyPI, in .data/python-venv-<hash of pyproject.toml>, reused while pyproject.toml is
// unchanged; and a non-blocking runner (the server under test answers from the test's own process).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const CLIENT_DIR = resolve('clients/python');
/** The pytest folder of the write side's methods (keys needed): run by python-client-curation.test.ts only. */
export const CURATION_TESTS = join(CLIENT_DIR, 'tests', 'curation');
const DATA = resolve('.data');

function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs: number }) {
  return spawnSync(command, args, { encoding: 'utf8', env: options.env ?? process.env, timeout: options.timeoutMs, maxBuffer: 64 << 20 });
}

/** A venv with the client installed (editable, with its test extra) from PyPI; built once per pyproject.toml. */
export function pythonEnvironment(): string {
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

/** Runs without blocking: the server under test answers from this same process. */
export function runAsync(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ status: number | null; output: string }> {
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

