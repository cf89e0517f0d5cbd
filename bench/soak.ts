// Soak test: N clients × M minutes of the playground's example queries against the API, over loopback
// only, then a report of throughput, latency, errors and the memory of the API process (Node) and of
// Neo4j's JVM at the start and the end. By default it starts its own `npm start` (free ports, a
// temporary data folder, removed afterwards, with the per-client cost budget off); with --url it loads a
// service that already runs here (start that one with RATE_LIMIT_COST_PER_MINUTE=0, or expect 429s).
//
//   node --import tsx bench/soak.ts --clients 16 --minutes 3
//   node --import tsx bench/soak.ts --url http://127.0.0.1:4000 --clients 4 --minutes 1
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '../src/net/free-port.ts';
import { findPortOwner } from '../src/net/port-owner.ts';
import { loadExamples } from '../src/server/graphiql-examples.ts';
import { bundle } from '../scripts/bundle.mjs';
import { BENCH_HEADERS } from './lib/systems.ts';

const LIMITS = { clients: [1, 256], minutes: [0.1, 60] } as const;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

interface Memory {
  nodeRssMiB?: number;
  jvmRssMiB?: number;
}

function fail(message: string): never {
  process.stderr.write(`soak: ${message}\n`);
  process.exit(2);
}

function parse() {
  const { values } = parseArgs({
    options: {
      clients: { type: 'string', default: '16' },
      minutes: { type: 'string', default: '3' },
      url: { type: 'string' },
    },
  });
  const clients = Number(values.clients);
  const minutes = Number(values.minutes);
  if (!Number.isInteger(clients) || clients < LIMITS.clients[0] || clients > LIMITS.clients[1]) {
    fail(`--clients ${values.clients} is not allowed: expected a whole number from ${LIMITS.clients[0]} to ${LIMITS.clients[1]}`);
  }
  if (!(minutes >= LIMITS.minutes[0] && minutes <= LIMITS.minutes[1])) {
    fail(`--minutes ${values.minutes} is not allowed: expected a number from ${LIMITS.minutes[0]} to ${LIMITS.minutes[1]}`);
  }
  if (values.url) {
    const url = new URL(values.url);
    if (!LOOPBACK.has(url.hostname)) fail(`--url ${values.url} is not allowed: only loopback (127.0.0.1, localhost, [::1])`);
  }
  return { clients, minutes, url: values.url?.replace(/\/$/, '') };
}

function rssMiB(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** The embedded JVM among the children of `pid`. */
function childJvm(pid: number): number | undefined {
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      for (const child of readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) {
        if (readFileSync(`/proc/${child}/cmdline`, 'utf8').includes('chokepoint.neo4j.EmbeddedNeo4j')) return Number(child);
      }
    }
  } catch {
    // not ours to read
  }
  return undefined;
}

async function waitReady(url: string, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) fail(`the service exited with ${child.exitCode} before it was ready`);
    try {
      if ((await fetch(`${url}/ready`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  fail(`${url}/ready did not answer 200 within ${timeoutMs / 1000} s`);
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main() {
  const { clients, minutes, url: givenUrl } = parse();
  const queries = loadExamples().map((example) => example.query);
  let url = givenUrl;
  let child: ChildProcess | undefined;
  let tempDir: string | undefined;
  if (!url) {
    tempDir = mkdtempSync(join(tmpdir(), 'chokepoint-soak-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    // What `npm start` runs: the production bundle under plain Node (decision 0015).
    child = spawn(process.execPath, [await bundle()], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        NEO4J_URI: '',
        NEO4J_EMBEDDED_PORT: String(await freePort()),
        NEO4J_EMBEDDED_DATA_DIR: join(tempDir, 'neo4j'),
        LOG_LEVEL: 'warn',
        // Every soak client shares 127.0.0.1: the per-client cost budget would turn the soak into 429s.
        RATE_LIMIT_COST_PER_MINUTE: '0',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    process.stderr.write(`soak: started the service (pid ${child.pid}) on ${url}; waiting for /ready…\n`);
  }
  const stopService = async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void stopService().then(() => process.exit(130)));

  await waitReady(url, 600_000, child);
  const nodePid = child?.pid ?? findPortOwner(Number(new URL(url).port))?.pid;
  const jvmPid = nodePid ? childJvm(nodePid) : undefined;
  const memory = (): Memory => ({ nodeRssMiB: rssMiB(nodePid), jvmRssMiB: rssMiB(jvmPid) });
  const atStart = memory();
  const loadAtStart = loadavg();
  let peak: Memory = { ...atStart };
  const sampler = setInterval(() => {
    const now = memory();
    peak = {
      nodeRssMiB: Math.max(peak.nodeRssMiB ?? 0, now.nodeRssMiB ?? 0) || undefined,
      jvmRssMiB: Math.max(peak.jvmRssMiB ?? 0, now.jvmRssMiB ?? 0) || undefined,
    };
  }, 2_000);

  process.stderr.write(`soak: ${clients} clients × ${minutes} min against ${url}…\n`);
  const latencies: number[] = [];
  const errors = new Map<string, number>();
  const started = Date.now();
  const endAt = started + minutes * 60_000;
  const client = async (index: number) => {
    for (let i = index; Date.now() < endAt; i++) {
      const t0 = performance.now();
      let key: string | undefined;
      try {
        const response = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: BENCH_HEADERS,
          body: JSON.stringify({ query: queries[i % queries.length] }),
          signal: AbortSignal.timeout(60_000),
        });
        const body = (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
        if (response.status !== 200 || body.errors?.length) key = `${response.status} ${body.errors?.[0]?.extensions?.code ?? ''}`.trim();
      } catch (error) {
        key = (error as Error).name === 'TimeoutError' ? 'no answer in 60 s' : `failed: ${(error as Error).message}`;
      }
      latencies.push(performance.now() - t0);
      if (key) errors.set(key, (errors.get(key) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
  const seconds = (Date.now() - started) / 1000;
  clearInterval(sampler);
  const atEnd = memory();
  const loadAtEnd = loadavg();
  await stopService();

  latencies.sort((a, b) => a - b);
  const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
  const ms = (v: number) => v.toFixed(1);
  const mib = (v?: number) => (v === undefined ? 'n/a' : `${v} MiB`);
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    if (execFileSync('git', ['status', '--porcelain'], { encoding: 'utf8' }).trim()) commit += ' (with uncommitted changes)';
  } catch {
    // not a git checkout
  }
  const report = [
    `## Soak: ${clients} clients × ${minutes} min`,
    '',
    `- Command: \`node --import tsx bench/soak.ts --clients ${clients} --minutes ${minutes}${givenUrl ? ` --url ${givenUrl}` : ''}\``,
    `- When: ${new Date(started).toISOString()}; commit ${commit}`,
    `- Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM; Node ${process.version}; ` +
      `load average ${loadAtStart[0]!.toFixed(1)} at the start, ${loadAtEnd[0]!.toFixed(1)} at the end`,
    `- Queries: the ${queries.length} playground examples (schema/graphql/examples), round robin`,
    '',
    '| figure | value |',
    '|---|---|',
    `| requests | ${latencies.length} in ${seconds.toFixed(0)} s |`,
    `| throughput | ${(latencies.length / seconds).toFixed(1)} requests/s |`,
    `| latency p50 / p95 / p99 / max | ${ms(percentile(latencies, 50))} / ${ms(percentile(latencies, 95))} / ${ms(percentile(latencies, 99))} / ${ms(latencies.at(-1) ?? 0)} ms |`,
    `| errors | ${errorCount}${errorCount ? ` (${[...errors].map(([k, v]) => `${k}: ${v}`).join(', ')})` : ''} |`,
    `| Node (API process) RSS: start → end (peak) | ${mib(atStart.nodeRssMiB)} → ${mib(atEnd.nodeRssMiB)} (${mib(peak.nodeRssMiB)}) |`,
    `| Neo4j JVM RSS: start → end (peak) | ${mib(atStart.jvmRssMiB)} → ${mib(atEnd.jvmRssMiB)} (${mib(peak.jvmRssMiB)}) |`,
  ].join('\n');
  process.stdout.write(report + '\n');
  process.exit(errorCount === 0 ? 0 : 1);
}

main().catch((error: unknown) => fail(String((error as Error)?.stack ?? error)));
