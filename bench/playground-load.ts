// Does a crowd loading the playground hurt another client? (issue 19 row 3) One client asks the headline
// question ("which measures target AI chips?") back to back; its latency is measured alone, then while N
// clients load the playground as a first-time browser would (the HTML, then every asset it names, with
// Accept-Encoding: br, gzip and no cache), then alone again. Loopback only; it starts its own service
// (the production bundle, a temporary data folder, the cost budget off) unless --url names one here.
// The loaders run in a second process and never decode what they receive, as browsers elsewhere would.
//
//   node --import tsx bench/playground-load.ts --clients 64 --seconds 30
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { Agent, get as httpGet } from 'node:http';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '../src/net/free-port.ts';
import { loadExamples } from '../src/server/graphiql-examples.ts';
import { bundle } from '../scripts/bundle.mjs';
import { buildWeb } from '../scripts/build-web.mjs';
import { BENCH_HEADERS } from './lib/systems.ts';

function fail(message: string): never {
  process.stderr.write(`playground-load: ${message}\n`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '64' },
    seconds: { type: 'string', default: '30' },
    url: { type: 'string' },
    // Internal: this script as the loaders' own process.
    loaders: { type: 'string' },
    until: { type: 'string' },
  },
});
const clients = Number(values.clients);
const seconds = Number(values.seconds);
if (!Number.isInteger(clients) || clients < 1 || clients > 256) fail(`--clients ${values.clients} is not allowed: expected a whole number from 1 to 256`);
if (!(seconds >= 5 && seconds <= 600)) fail(`--seconds ${values.seconds} is not allowed: expected a number from 5 to 600`);
if (values.url && !['127.0.0.1', 'localhost', '[::1]'].includes(new URL(values.url).hostname)) fail(`--url ${values.url} is not allowed: only loopback`);

const headline = loadExamples()[0]!.query;
const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0);

/** CPU seconds (user + system) the process has used so far, from /proc. */
function cpuSeconds(pid: number | undefined): number | undefined {
  try {
    const fields = pid ? readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ') : undefined;
    return fields ? (Number(fields[11]) + Number(fields[12])) / 100 : undefined;
  } catch {
    return undefined;
  }
}

function rssMiB(pid: number | undefined): number | undefined {
  try {
    const kb = pid && /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

async function headlineClient(url: string, until: number): Promise<{ latencies: number[]; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  while (Date.now() < until) {
    const t0 = performance.now();
    try {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: BENCH_HEADERS,
        body: JSON.stringify({ query: headline }),
        signal: AbortSignal.timeout(60_000),
      });
      const body = (await response.json()) as { errors?: unknown[] };
      if (response.status !== 200 || body.errors) errors++;
    } catch {
      errors++;
    }
    latencies.push(performance.now() - t0);
  }
  return { latencies: latencies.sort((a, b) => a - b), errors };
}

/** GET `path` with raw bytes counted, never decoded (a browser decodes on its own machine, not here). */
function getRaw(url: string, path: string, headers: Record<string, string>): Promise<{ status: number; body: Buffer; retryAfter: number }> {
  return new Promise((resolve, reject) => {
    const request = httpGet(`${url}${path}`, { headers, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks), retryAfter: Number(response.headers['retry-after'] ?? 0) }));
      response.on('error', reject);
    });
    request.setTimeout(60_000, () => request.destroy(new Error('no answer in 60 s')));
    request.on('error', reject);
  });
}
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/**
 * One browser's first visit, over and over: the page (identity, to read it), then every asset it names.
 * Refused (429), it waits the Retry-After it was given, as a person reloading later would.
 */
async function pageClient(url: string, until: number, tally: { pages: number; bytes: number; errors: number; refused: number }): Promise<void> {
  const refused = async (retryAfter: number) => {
    tally.refused++;
    await new Promise((r) => setTimeout(r, Math.max(0, Math.min(retryAfter * 1000, until - Date.now()))));
  };
  while (Date.now() < until) {
    try {
      const page = await getRaw(url, '/graphql', { accept: 'text/html' });
      if (page.status === 429) {
        await refused(page.retryAfter);
        continue;
      }
      const html = page.body.toString();
      let bytes = page.body.length;
      const assets = new Set([...html.matchAll(/"(\/assets\/[^"]+)"/g)].map((m) => m[1]!));
      for (const asset of assets) {
        const response = await getRaw(url, asset, { 'accept-encoding': 'br, gzip' });
        bytes += response.body.length;
        if (response.status === 429) {
          await refused(response.retryAfter);
          break;
        }
        if (response.status !== 200) tally.errors++;
      }
      if (page.status !== 200 || assets.size < 6) tally.errors++;
      tally.pages++;
      tally.bytes += bytes;
    } catch {
      tally.errors++;
    }
  }
}

/** The loaders run in a process of their own, so their work never delays the measured client's. */
async function runLoaders(url: string, count: number, until: number): Promise<void> {
  const tally = { pages: 0, bytes: 0, errors: 0, refused: 0 };
  await Promise.all(Array.from({ length: count }, () => pageClient(url, until, tally)));
  process.stdout.write(JSON.stringify(tally));
}

function spawnLoaders(url: string, count: number, until: number): Promise<{ pages: number; bytes: number; errors: number; refused: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--loaders', String(count), '--until', String(until), '--url', url], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (chunk) => (out += chunk));
  return new Promise((resolve, reject) => child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`the loaders exited with ${code}`)))));
}

async function main() {
  let url = values.url?.replace(/\/$/, '');
  let child: ChildProcess | undefined;
  let tempDir: string | undefined;
  if (!url) {
    tempDir = mkdtempSync(join(tmpdir(), 'chokepoint-playground-load-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const main = await bundle();
    await buildWeb();
    child = spawn(process.execPath, [main], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        GRAPHIQL: 'true',
        PORT: String(port),
        HOST: '127.0.0.1',
        NEO4J_URI: '',
        NEO4J_EMBEDDED_PORT: String(await freePort()),
        NEO4J_EMBEDDED_DATA_DIR: join(tempDir, 'neo4j'),
        LOG_LEVEL: 'warn',
        RATE_LIMIT_COST_PER_MINUTE: '0',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  const stop = async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  const deadline = Date.now() + 600_000;
  while ((await fetch(`${url}/ready`).then((r) => r.status, () => 0)) !== 200) {
    if (Date.now() > deadline || (child && child.exitCode !== null)) fail('the service did not become ready');
    await new Promise((r) => setTimeout(r, 500));
  }
  // Warm: a few headline answers and one page load before anything is timed.
  await headlineClient(url, Date.now() + 3_000);

  const phases: Array<{ name: string; p50: number; p99: number; max: number; n: number; errors: number; pages?: number; mib?: number; rss?: number; cpu?: number; refused?: number }> = [];
  for (const name of ['alone', `with ${clients} playground loaders`, 'alone again']) {
    const until = Date.now() + seconds * 1000;
    const loading = name.startsWith('with');
    const loaders = loading ? spawnLoaders(url, clients, until) : Promise.resolve(undefined);
    let rss = 0;
    const cpuAtStart = cpuSeconds(child?.pid);
    const phaseStart = Date.now();
    const sampler = setInterval(() => (rss = Math.max(rss, rssMiB(child?.pid) ?? 0)), 1_000);
    const result = await headlineClient(url, until);
    const tally = await loaders;
    clearInterval(sampler);
    const cpuAtEnd = cpuSeconds(child?.pid);
    const cpu = cpuAtStart !== undefined && cpuAtEnd !== undefined ? (cpuAtEnd - cpuAtStart) / ((Date.now() - phaseStart) / 1000) : undefined;
    const { latencies } = result;
    phases.push({
      name,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? 0,
      n: latencies.length,
      errors: result.errors + (tally?.errors ?? 0),
      ...(tally ? { pages: tally.pages, mib: tally.bytes / 2 ** 20, refused: tally.refused } : {}),
      rss,
      cpu,
    });
    process.stderr.write(`playground-load: ${name} done\n`);
  }
  await stop();
  const baseline = (phases[0]!.p99 + phases[2]!.p99) / 2;
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    // not a checkout
  }
  const ms = (v: number) => v.toFixed(1);
  process.stdout.write(
    [
      `## Playground under load: ${clients} loaders × ${seconds} s`,
      '',
      `- Command: \`node --import tsx bench/playground-load.ts --clients ${clients} --seconds ${seconds}\`; commit ${commit}; ${new Date().toISOString()}`,
      `- Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}; load average ${loadavg()[0]!.toFixed(1)} at the end (shared machine)`,
      '',
      '| phase | headline answers | p50 ms | p99 ms | max ms | errors | page loads | 429s | MiB sent | API CPU (cores) | Node RSS peak |',
      '|---|---|---|---|---|---|---|---|---|---|---|',
      ...phases.map(
        (p) =>
          `| ${p.name} | ${p.n} | ${ms(p.p50)} | ${ms(p.p99)} | ${ms(p.max)} | ${p.errors} | ${p.pages ?? '—'} | ${p.refused ?? '—'} | ${p.mib?.toFixed(0) ?? '—'} | ${p.cpu?.toFixed(2) ?? 'n/a'} | ${p.rss ? `${p.rss} MiB` : 'n/a'} |`,
      ),
      '',
      `Headline p99 with the loaders: ${ms(phases[1]!.p99)} ms against ${ms(baseline)} ms alone (mean of the two alone phases): ` +
        `${(((phases[1]!.p99 - baseline) / baseline) * 100).toFixed(0)} % (goal: at most +20 %).`,
      '',
    ].join('\n'),
  );
}

if (values.loaders) await runLoaders(values.url!, Number(values.loaders), Number(values.until));
else await main();
