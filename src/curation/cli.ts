// `npm run curation -- export [--out DIR] [--from DIR] [--texts-dir DIR]`: the accepted changes of the
// graph as seed YAML (src/curation/seed-export.ts), so the knowledge base can live in git and be rebuilt
// with `npm run seed`. Exits 0 when written, 1 on a problem (nothing written), 2 on bad usage.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/config.ts';
import { DatabaseUnavailableError } from '../db/errors.ts';
import { openDatabase } from '../db/open-database.ts';
import { loadOntology } from '../ontology/ontology.ts';
import { SEED_DATA_DIR } from '../seed/read-seed.ts';
import { exportCuration, SeedExportError } from './seed-export.ts';

const USAGE = `usage: npm run curation -- export [--out DIR] [--from DIR] [--texts-dir DIR]
  --from DIR       the seed data folder to start from (default: seed/data)
  --out DIR        where to write the data folder (default: the --from folder, rewritten in place)
  --texts-dir DIR  the folder of article texts: registered sources' texts are added to it, and every
                   quote is checked against it (default: SOURCES_DIR)
Rebuild from the result: npm run seed -- --data-dir DIR --sources-dir TEXTS`;

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { out: { type: 'string' }, from: { type: 'string' }, 'texts-dir': { type: 'string' }, help: { type: 'boolean', default: false } },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(USAGE);
    return 0;
  }
  if (parsed.positionals.length !== 1 || parsed.positionals[0] !== 'export') {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const textsDir = parsed.values['texts-dir'] ?? config.sourcesDir;
  if (!textsDir) {
    console.error(`export needs the folder of article texts: pass --texts-dir or set SOURCES_DIR\n${USAGE}`);
    return 2;
  }
  const fromDir = parsed.values.from ?? SEED_DATA_DIR;
  const outDir = parsed.values.out ?? fromDir;
  const db = await openDatabase(config, (line) => console.error(line));
  try {
    if (!(await db.executor.awaitAnswer(config.queryTimeoutMs))) {
      console.error(`Neo4j at ${db.connection.uri} did not answer within QUERY_TIMEOUT_MS (${config.queryTimeoutMs} ms); nothing was written.`);
      return 1;
    }
    const report = await exportCuration(db.executor, loadOntology(), { fromDir, outDir, textsDir });
    console.log(
      `exported the change log up to change ${report.lastSeq} into ${outDir}: ${report.sources.length} registered source(s), ` +
        `${report.patched.length} seed relationship(s) rewritten in place, ${report.added.length} in relationships/curated.yaml, ` +
        `${report.retracted.length} retracted (kept under retracted:); ${report.textsWritten.length} text(s) added to ${textsDir}`,
    );
    for (const file of report.files) console.log(`  wrote ${file}`);
    if (report.files.length === 0) console.log('  every file was already up to date');
    return 0;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof SeedExportError || error instanceof ConfigError || error instanceof DatabaseUnavailableError) console.error(error.message);
    else console.error(`curation failed: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  },
);
