// A separate process that starts an embedded Neo4j and then waits forever; the launcher test kills it
// with SIGKILL to prove the JVM does not outlive its parent.
import { startEmbeddedNeo4j } from '../../src/db/embedded/launcher.ts';

const [port, dataDir] = process.argv.slice(2);
const db = await startEmbeddedNeo4j({ port: Number(port), dataDir: dataDir!, heapMb: 512, pageCacheMb: 64, txTimeoutSeconds: 30 });
process.stdout.write(`JVM ${db.pid}\n`);
setInterval(() => {}, 1 << 30);
