// Measures the bulk exports on whatever graph a Neo4j holds: serves the real app in this process,
// downloads each export with curl and counts its rows in another process (bench/lib/export-throughput.ts,
// so the client costs this process nothing), checks the count against the manifest — an export with
// the wrong number of rows stops the run, no figure — and reports rows per second, bytes, this
// process's RSS and heap sampled every 50 ms during each download, and the CPU seconds Node (this
// process) and Neo4j (--neo4j-pid, from /proc) spent: on a busy shared machine the wall time says
// little, the CPU time per row says what an idle one would do. Every export by default.
//
//   node --expose-gc --import tsx bench/exports.ts --uri bolt://127.0.0.1:7687 [--data-dir .data/neo4j] [--neo4j-pid PID] [--only relationships.csv] [--repeat 3] [--encoding gzip]
//
// The embedded Neo4j asks for a password: --data-dir names its data folder (the password is read from
// there), or set NEO4J_PASSWORD for another Neo4j.
//
// Figures and the commands that produced them are in docs/performance.md ("Exports").
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { createDriver } from '../src/db/driver.ts';
import { Executor } from '../src/db/executor.ts';
import { loadOntology } from '../src/ontology/ontology.ts';
import { createApp } from '../src/server/create-app.ts';
import { createLogger } from '../src/log/logger.ts';
import { ALL_EXPORTS, fetchManifest, runExport, type ExportRun } from './lib/export-throughput.ts';
import { readEmbeddedPassword } from '../src/db/embedded/password-file.ts';
const { values } = parseArgs({
  options: {
    uri: { type: 'string', default: 'bolt://127.0.0.1:7687' },
    'data-dir': { type: 'string' },
    only: { type: 'string', multiple: true },
    repeat: { type: 'string', default: '1' },
    encoding: { type: 'string', default: 'none' },
    'neo4j-pid': { type: 'string' },
  },
});

function benchPassword(): string {
  if (values['data-dir']) return readEmbeddedPassword(values['data-dir']);
  return process.env.NEO4J_PASSWORD ?? '';
}

const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;

/** CPU seconds (user + system) a process has used, from /proc (clock ticks of 1/100 s). */
function processCpu(pid: string | undefined): number {
  if (!pid) return NaN;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function main() {
  const executor = new Executor(createDriver({ uri: values.uri!, username: 'neo4j', password: benchPassword(), database: undefined }), {
    database: undefined,
    timeoutMs: 60_000,
  });
  const app = createApp({ executor, ontology: loadOntology(), logger: createLogger('warn'), graphiql: false });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const manifest = await fetchManifest(base);
  console.log(`graph ${manifest.graphVersion.slice(0, 12)}: ${JSON.stringify(Object.fromEntries(Object.entries(manifest.tables).map(([k, t]) => [k, t.rows])))}`);
  if (!['none', 'gzip', 'br'].includes(values.encoding!)) throw new Error(`--encoding is "${values.encoding}"; use none, gzip or br`);

  for (const name of values.only ?? ALL_EXPORTS) {
    for (let i = 0; i < Number(values.repeat); i++) {
      global.gc?.();
      const start = process.memoryUsage();
      let peakRss = start.rss;
      let peakHeap = start.heapUsed;
      const sampler = setInterval(() => {
        const m = process.memoryUsage();
        peakRss = Math.max(peakRss, m.rss);
        peakHeap = Math.max(peakHeap, m.heapUsed);
      }, 50);
      const nodeCpu = process.cpuUsage();
      const neo4jCpu = processCpu(values['neo4j-pid']);
      let run: ExportRun;
      try {
        // Throws when the rows differ from the manifest's: then no figure is printed.
        run = await runExport(base, name, manifest, values.encoding as ExportRun['coding']);
      } finally {
        clearInterval(sampler);
      }
      const nodeUsed = process.cpuUsage(nodeCpu);
      const nodeSeconds = (nodeUsed.user + nodeUsed.system) / 1e6;
      const neo4jSeconds = processCpu(values['neo4j-pid']) - neo4jCpu;
      const { rows, seconds, bytes } = run;
      console.log(
        [
          name.padEnd(22),
          run.coding === 'none' ? 'plain' : run.coding,
          `${rows} rows (= manifest)`,
          `${seconds.toFixed(2)} s`,
          `${Math.round(rows / seconds).toLocaleString('en')} rows/s`,
          `${mb(bytes)} MB`,
          `CPU node ${nodeSeconds.toFixed(1)} s (${Math.round(rows / nodeSeconds).toLocaleString('en')} rows/cpu-s)`,
          `neo4j ${neo4jSeconds.toFixed(1)} s (${Math.round(rows / neo4jSeconds).toLocaleString('en')} rows/cpu-s)`,
          `RSS ${mb(start.rss)}→peak ${mb(peakRss)} MB`,
          `heap ${mb(start.heapUsed)}→peak ${mb(peakHeap)} MB`,
        ].join(' | '),
      );
    }
  }
  server.close();
  await executor.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
