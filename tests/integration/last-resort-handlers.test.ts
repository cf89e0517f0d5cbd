// Issue 10, "a rejected promise nobody handles killed the API process": the service logs it and keeps
// serving. An uncaught network error of one connection (EPIPE) is survived too; any other uncaught
// exception is logged and the process shuts down cleanly with exit code 1 (its state may be broken).
// Runs `src/main.ts` against the tests' Neo4j (NEO4J_URI) with a test module that causes the faults.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startService, status, eventually, type ServiceProcess } from '../support/service-process.ts';

let service: ServiceProcess;

beforeAll(async () => {
  const { uri, username, password } = inject('neo4j');
  service = await startService({
    nodeArgs: ['--import', './tests/support/inject-process-faults.ts'],
    env: {
      NEO4J_URI: uri,
      NEO4J_USERNAME: username,
      NEO4J_PASSWORD: password,
      CHOKEPOINT_TEST_FAULTS: 'reject,throw-epipe,throw',
    },
  });
  await service.waitForOutput(/Chokepoint is ready/, 240_000);
});

afterAll(async () => {
  await service?.stop();
});

async function typename(): Promise<number> {
  const response = await fetch(`${service.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  return response.status;
}

describe('last-resort handlers', () => {
  it('logs a rejected promise nobody handles and keeps serving', async () => {
    service.child.kill('SIGUSR2');
    const [line] = await service.waitForOutput(/\{[^\n]*unhandled promise rejection[^\n]*\}/, 10_000);
    expect(JSON.parse(line)).toMatchObject({ level: 'error', error: 'Error: test fault: a rejected promise nobody handles', count: 1 });
    expect(JSON.parse(line).stack).toContain('inject-process-faults.ts');
    await new Promise((r) => setTimeout(r, 500));
    expect(service.exited()).toBe(false);
    expect(await status(`${service.url}/health`)).toBe(200);
    expect(await typename()).toBe(200);
  });

  it('survives an uncaught EPIPE (one connection gone), logging it', async () => {
    service.child.kill('SIGUSR2');
    const [line] = await service.waitForOutput(/\{[^\n]*uncaught network error on one connection[^\n]*\}/, 10_000);
    expect(JSON.parse(line)).toMatchObject({ level: 'error', code: 'EPIPE' });
    await new Promise((r) => setTimeout(r, 500));
    expect(service.exited()).toBe(false);
    expect(await typename()).toBe(200);
  });

  it('shuts down cleanly with exit code 1 after any other uncaught exception', async () => {
    const exited = new Promise<number | null>((resolve) => service.child.once('exit', (code) => resolve(code)));
    service.child.kill('SIGUSR2');
    expect(await exited).toBe(1);
    const log = service.output();
    expect(log).toMatch(/"msg":"uncaught exception; shutting down","error":"Error: test fault: an uncaught exception"/);
    expect(log).toContain('"msg":"stopped"');
    await eventually('port closed', async () => ((await status(`${service.url}/health`, 1000)) === undefined ? true : undefined), 10_000);
  });
});
