// Starts an embedded Neo4j with APOC on a persistent data dir for repeated bench runs (BENCH_NEO4J_URI).
import { ensureApoc } from '../bench/lib/database.ts';
import { startEmbeddedNeo4j } from '../src/db/embedded/launcher.ts';
import { freePort } from '../src/net/free-port.ts';
import { writeFileSync } from 'node:fs';
const dataDir = process.argv[2]!;
const heapMb = Number(process.argv[3] ?? 2048), pageCacheMb = Number(process.argv[4] ?? 1024);
const log = (l: string) => console.log(l);
const pluginDir = await ensureApoc(log);
const port = await freePort();
const db = await startEmbeddedNeo4j({ port, dataDir, pluginDir, heapMb, pageCacheMb, txTimeoutSeconds: 120, log });
writeFileSync(`${dataDir}.uri`, db.uri);
console.log('READY', db.uri, db.pid);
process.on('SIGTERM', async () => { await db.stop(); process.exit(0); });
setInterval(() => {}, 1 << 30);
