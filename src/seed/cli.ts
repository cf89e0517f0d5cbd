// `npm run seed [-- --sources-dir DIR] [--check] [--prune [--yes]]`: validate the seed data (and every
// quote against the article texts when SOURCES_DIR or --sources-dir names them), then write it to the
// database. Nothing is deleted unless asked: `--prune` lists what the load would delete, `--prune --yes`
// deletes it. Exits 0 when loaded, 1 on any problem, 2 on bad usage, 3 when a prune awaits `--yes`.
import { parseArgs } from 'node:util';
import { loadConfig, ConfigError } from '../config/config.ts';
import { openDatabase } from '../db/open-database.ts';
import { applySchema } from '../store/apply-schema.ts';
import { DatabaseUnavailableError } from '../db/errors.ts';
import { loadOntology } from '../ontology/ontology.ts';
import { describeDivergence } from './api-divergence.ts';
import { countVerification, describeTexts, loadSeed, prepareSeed, SeedValidationError } from './load-seed.ts';
import { describePlan, GraphInputError, LoadInProgressError, LoadLockLostError, PruneRequiredError } from './write-graph.ts';
import { LauncherSetupError } from '../db/embedded/launcher.ts';
import { writeCheckRecords, writeLocations } from './write-locations.ts';

const USAGE = `usage: npm run seed -- [--sources-dir DIR] [--data-dir DIR] [--check] [--prune [--yes]]
  --sources-dir DIR  check every quote verbatim against the article texts in DIR (default: SOURCES_DIR)
  --data-dir DIR     seed data folder (default: seed/data)
  --check            validate only; do not touch the database
  --prune            list what the graph holds and the data does not (it would be deleted), then stop
  --yes              with --prune: load and delete those items
  --write-locations  with --sources-dir: record each quote's paragraph and offset, and each source's
                     checked text (checkedDigest, checkedOn), in the seed files`;

const EXIT_PRUNE_NEEDS_YES = 3;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        'sources-dir': { type: 'string' },
        'data-dir': { type: 'string' },
        check: { type: 'boolean', default: false },
        prune: { type: 'boolean', default: false },
        yes: { type: 'boolean', default: false },
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
  if (args.yes && !args.prune) {
    console.error(`--yes confirms a prune; it needs --prune\n${USAGE}`);
    return 2;
  }
  const config = loadConfig();
  const sourcesDir = args['sources-dir'] ?? config.sourcesDir;
  const options = { sourcesDir, dataDir: args['data-dir'], allowEmpty: args.prune };
  const ontology = loadOntology();
  if (args['write-locations']) {
    if (!sourcesDir) {
      console.error(`--write-locations needs --sources-dir or SOURCES_DIR (the folder with the article texts)\n${USAGE}`);
      return 2;
    }
    const graph = prepareSeed(ontology, options);
    const changed = writeLocations(graph);
    for (const [file, count] of changed) console.log(`${file}: ${count} citation location(s) written`);
    if (changed.size === 0) console.log('every citation already records its location');
    const records = writeCheckRecords(graph, new Date().toISOString().slice(0, 10));
    for (const [file, ids] of records) console.log(`${file}: recorded the checked text of ${ids.join(', ')}`);
    if (records.size === 0) console.log('every source with its text at hand already records the text its quotes were checked against');
    return 0;
  }
  const unchecked = sourcesDir
    ? ''
    : ' (set SOURCES_DIR or pass --sources-dir to check the news reports’ quotes against their texts; without them, a load checks against the texts the graph holds)';
  if (args.check) {
    const graph = prepareSeed(ontology, options);
    const { verified, curation, unchecked: never } = countVerification(graph);
    // CI runs this with the texts: a record of a check that names another text (or none) fails it.
    if (graph.recordProblems.length > 0) {
      console.error(
        `the seed is valid, but ${graph.recordProblems.length} source(s) do not record the text their quotes were checked against:\n` +
          graph.recordProblems.map((p) => `  ${p.file}${p.line ? `:${p.line}` : ''}  [${p.id}]  ${p.problem}`).join('\n'),
      );
      return 1;
    }
    console.log(
      `seed is valid: ${graph.sources.length} sources, ${graph.entities.length} entities, ` +
        `${graph.relationships.length} relationships; ${verified} quotes verified verbatim` +
        (sourcesDir ? ` against ${sourcesDir}` : unchecked) +
        `; ${curation} recorded as verified at curation, ${never} never checked`,
    );
    for (const note of graph.notes) console.log(note);
    return 0;
  }
  // Validate before starting or touching any database.
  prepareSeed(ontology, options);
  const db = await openDatabase(config, (line) => console.error(line));
  try {
    // A cold or busy database answers its first query slowly: wait for it up to the query timeout here,
    // rather than fail the first statement on the (short) liveness check.
    if (!(await db.executor.awaitAnswer(config.queryTimeoutMs))) {
      console.error(
        `Neo4j at ${db.connection.uri} did not answer within QUERY_TIMEOUT_MS (now ${config.queryTimeoutMs} ms); nothing was written. ` +
          `A cold or busy database answers its first query slowly: raise QUERY_TIMEOUT_MS, or check that the database runs` +
          (config.neo4j.mode === 'embedded' ? ` (its log: ${config.neo4j.dataDir}/logs/debug.log).` : '.'),
      );
      return 1;
    }
    await applySchema(db.executor, ontology);
    const result = await loadSeed(db.executor, ontology, {
      ...options,
      force: true,
      checkRoom: db.checkRoomForLoad,
      loader: 'npm run seed',
      confirmPrune: args.prune
        ? (plan) => {
            console.log(`the graph holds ${plan.total} item(s) the seed data does not; a pruning load deletes them:\n${describePlan(plan)}`);
            return args.yes === true;
          }
        : undefined,
    });
    const pruned = result.pruned ? `; deleted ${result.pruned.total} item(s) the data no longer has` : '';
    for (const line of describeTexts(result)) console.log(line);
    for (const line of describeDivergence(result.divergence)) console.log(line);
    console.log(
      `seeded ${db.connection.uri}: ${result.sources} sources, ${result.entities} entities, ` +
        `${result.relationships} relationships, ${result.citations} citations (${result.verifiedQuotes} quotes verified verbatim${sourcesDir ? '' : unchecked})${pruned}; ` +
        `graph version ${(result.graphVersion ?? result.version).slice(0, 12)}${result.graphVersion && result.graphVersion !== result.version ? ` (the seed alone: ${result.version.slice(0, 12)}; changes accepted through the API stay)` : ""}`,
    );
    return 0;
  } catch (error) {
    if (error instanceof PruneRequiredError && args.prune) {
      console.error(`nothing was written or deleted. To load and delete these, run again with --prune --yes.`);
      return EXIT_PRUNE_NEEDS_YES;
    }
    throw error;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (
      error instanceof SeedValidationError ||
      error instanceof ConfigError ||
      error instanceof PruneRequiredError ||
      error instanceof GraphInputError ||
      error instanceof DatabaseUnavailableError ||
      error instanceof LoadInProgressError ||
      error instanceof LoadLockLostError ||
      error instanceof LauncherSetupError
    ) {
      console.error(error instanceof DatabaseUnavailableError ? `seed failed: ${error.message}; nothing after that point was written` : error.message);
    } else console.error(`seed failed: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  },
);
