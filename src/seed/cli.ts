// `npm run seed [-- --sources-dir DIR] [--check]`: validate the seed data (and, with --sources-dir,
// every quote against the article texts), then write it to the database. Exits non-zero on any problem.
import { parseArgs } from 'node:util';
import { loadConfig, ConfigError } from '../config/config.ts';
import { openDatabase } from '../db/open-database.ts';
import { applySchema } from '../db/apply-schema.ts';
import { loadOntology } from '../ontology/ontology.ts';
import { loadSeed, prepareSeed, SeedValidationError } from './load-seed.ts';
import { writeLocations } from './write-locations.ts';

const USAGE = `usage: npm run seed -- [--sources-dir DIR] [--data-dir DIR] [--check]
  --sources-dir DIR  check every quote verbatim against the article texts in DIR
  --data-dir DIR     seed data folder (default: seed/data)
  --check            validate only; do not touch the database
  --write-locations  with --sources-dir: record each quote's paragraph and offset in the seed files`;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        'sources-dir': { type: 'string' },
        'data-dir': { type: 'string' },
        check: { type: 'boolean', default: false },
        'write-locations': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const options = { sourcesDir: args['sources-dir'], dataDir: args['data-dir'] };
  const ontology = loadOntology();
  if (args['write-locations']) {
    if (!options.sourcesDir) {
      console.error(`--write-locations needs --sources-dir (the folder with the article texts)\n${USAGE}`);
      return 2;
    }
    const changed = writeLocations(prepareSeed(ontology, options));
    for (const [file, count] of changed) console.log(`${file}: ${count} citation location(s) written`);
    if (changed.size === 0) console.log('every citation already records its location');
    return 0;
  }
  if (args.check) {
    const graph = prepareSeed(ontology, options);
    const verified = graph.relationships.reduce((n, r) => n + r.citations.filter((c) => c.verified).length, 0);
    console.log(
      `seed is valid: ${graph.sources.length} sources, ${graph.entities.length} entities, ` +
        `${graph.relationships.length} relationships; ${verified} quotes verified verbatim` +
        (options.sourcesDir ? ` against ${options.sourcesDir}` : ' (pass --sources-dir to check the articles’ quotes)'),
    );
    return 0;
  }
  // Validate before starting or touching any database.
  prepareSeed(ontology, options);
  const config = loadConfig();
  const db = await openDatabase(config, (line) => console.error(line));
  try {
    await applySchema(db.executor, ontology);
    const result = await loadSeed(db.executor, ontology, { ...options, force: true });
    console.log(
      `seeded ${db.connection.uri}: ${result.sources} sources, ${result.entities} entities, ` +
        `${result.relationships} relationships, ${result.citations} citations (${result.verifiedQuotes} quotes verified verbatim)`,
    );
    return 0;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof SeedValidationError || error instanceof ConfigError) console.error(error.message);
    else console.error(`seed failed: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  },
);
