// After start-up, runs the playground's example queries once in-process, so Neo4j has planned their
// Cypher and the JIT has warmed before the first analyst asks (the first query in a fresh JVM takes
// seconds, later ones tens of milliseconds). It also smoke-tests the examples against the live data.
// `main` reports the service ready only after it (and runs it again if the database was unavailable).
import type { App } from './create-app.ts';
import { loadExamples } from './graphiql-examples.ts';
import type { Logger } from '../log/logger.ts';
import { WARM_UP_CONTEXT } from './plugins/use-warm-gate.ts';

export interface WarmUpResult {
  ms: number;
  /** Examples that answered with errors, and the first error's code. */
  failed: Array<{ file: string; code: string | undefined }>;
}

export async function warmUp(app: App, logger: Logger): Promise<WarmUpResult> {
  const started = performance.now();
  const failed: WarmUpResult['failed'] = [];
  for (const example of loadExamples()) {
    // WARM_UP_CONTEXT lets these through the gate that answers other requests 503 WARMING_UP meanwhile.
    const response = await app.fetch(
      'http://warm-up/graphql',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: example.query }) },
      WARM_UP_CONTEXT,
    );
    const body = (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
    if (body.errors?.length) failed.push({ file: example.file, code: body.errors[0]?.extensions?.code });
  }
  const ms = Math.round(performance.now() - started);
  if (failed.length > 0) logger.warn('warm-up: some example queries failed', { failed, ms });
  else logger.info('warm-up done', { ms });
  return { ms, failed };
}
