// `npm start` runs the API as deployed: NODE_ENV=production unless the caller set it (graphql-js then
// skips its development-time checks; docs/operations.md), from the bundle under plain Node, so without
// tsx's source maps (each database query records a stack trace; mapped, that cost ~10 % of the CPU).
// Checked on the real script: a preload prints the environment main.ts starts with and, at exit, whether
// source maps were on; an invalid PORT ends the process before it opens anything.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const preload = join(mkdtempSync(join(tmpdir(), 'start-script-')), 'print-env.cjs');
writeFileSync(
  preload,
  `process.stderr.write('NODE_ENV=' + process.env.NODE_ENV + '\\n');\n` +
    // npm and the bundler run with this preload too: only the API's own process (main.*) reports.
    `if (/main\\.(mjs|ts)$/.test(process.argv[1] ?? '')) process.on('exit', () => process.stderr.write('main: SOURCE_MAPS=' + process.sourceMapsEnabled + '\\n'));\n`,
);

function start(env: Record<string, string | undefined>): { stderr: string; status: number | null } {
  const base = { ...process.env };
  delete base.NODE_ENV;
  const result = spawnSync('npm', ['start', '--silent'], {
    env: { ...base, ...env, PORT: 'not-a-port', NODE_OPTIONS: `--require ${preload}` },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { stderr: result.stderr, status: result.status };
}

describe('npm start', () => {
  it('runs with NODE_ENV=production when the caller sets none', () => {
    const { stderr, status } = start({});
    expect(stderr).toMatch(/^NODE_ENV=production$/m);
    expect(stderr).toMatch(/PORT='not-a-port' is not allowed/);
    expect(status).toBe(1);
  });

  it('runs the bundle with plain Node: no source-mapped stack traces', () => {
    expect(start({}).stderr).toMatch(/^main: SOURCE_MAPS=false$/m);
  });

  it("keeps the caller's NODE_ENV", () => {
    expect(start({ NODE_ENV: 'development' }).stderr).toMatch(/^NODE_ENV=development$/m);
  });
});
