// After start-up, runs the playground's example queries once in-process, so Neo4j has planned their
// Cypher and the JIT has warmed before the first analyst asks (the first query in a fresh JVM takes
// seconds, later ones tens of milliseconds). It also smoke-tests the examples against the live data.
import type { App } from './create-app.ts';
import { loadExamples } from './graphiql-examples.ts';
import type { Logger } from './logger.ts';

export async function warmUp(app: App, logger: Logger): Promise<void> {
  const started = performance.now();
  const failed: string[] = [];
  for (const example of loadExamples()) {
    const response = await app.fetch('http://warm-up/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: example.query }),
    });
    const body = (await response.json()) as { errors?: unknown[] };
    if (body.errors?.length) failed.push(example.file);
  }
  const ms = Math.round(performance.now() - started);
  if (failed.length > 0) logger.warn('warm-up: some example queries failed', { failed, ms });
  else logger.info('warm-up done', { ms });
}
