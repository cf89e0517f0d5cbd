// Shared by the benchmark's server processes: the Neo4j connection they are given, and serving a
// request handler on a free 127.0.0.1 port. The parent reads the "LISTENING <url>" line; when the parent
// exits, stdin closes and the server stops, so no orphan is left behind.
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDriver, type Connection } from '../../src/db/driver.ts';

export function connectionFromEnv(): Connection {
  const uri = process.env.BENCH_CHILD_NEO4J_URI;
  if (!uri) throw new Error('BENCH_CHILD_NEO4J_URI is not set (the benchmark sets it when it starts this server)');
  return {
    uri,
    username: process.env.BENCH_CHILD_NEO4J_USERNAME ?? 'neo4j',
    password: process.env.BENCH_CHILD_NEO4J_PASSWORD ?? '',
    database: process.env.BENCH_CHILD_NEO4J_DATABASE || undefined,
  };
}

/** The same driver settings for every system (src/db/driver.ts: pool of 50, same timeouts). */
export const benchDriver = (connection: Connection) => createDriver(connection);

export async function serve(handler: RequestListener, close: () => Promise<void>): Promise<void> {
  const server = createServer(handler);
  // Port 0: the kernel picks a free port at bind time (what src/net/free-port.ts does, without the race).
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`LISTENING http://127.0.0.1:${port}/graphql\n`);
  const stop = async () => {
    server.closeAllConnections();
    server.close();
    await close().catch(() => {});
    process.exit(0);
  };
  process.stdin.on('end', () => void stop());
  process.stdin.resume();
  process.on('SIGTERM', () => void stop());
}
