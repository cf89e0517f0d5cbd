// `npm run ingest -- --file article.txt [--source-id ID] [--published DATE] [--yaml out.yaml]`: reads
// the known entities from the seed files (or, with --from-graph, from the configured Neo4j), runs the
// assistant on one article and prints the review sheet; `--yaml` also writes the proposals as seed
// YAML. Exits 0 on success, 1 on bad input or an unreachable database, 2 on bad usage.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.ts';
import { openDatabase } from '../db/open-database.ts';
import { loadOntology, type Ontology } from '../ontology/ontology.ts';
import { parsePartialDate } from '../ontology/partial-date.ts';
import { prepareSeed } from '../seed/load-seed.ts';
import { SEED_DATA_DIR } from '../seed/read-seed.ts';
import { loadCueLexicons } from './cue-lexicons.ts';
import { IngestAssistant } from './ingest-article.ts';
import { knownGraphFromSeed, type KnownGraph } from './known-graph.ts';
import { readKnownGraph } from './read-known-graph.ts';
import { ASSISTANT_VERSION } from './proposal.ts';
import { proposalsYaml } from './proposals-yaml.ts';
import { reviewSheet } from './review-sheet.ts';

/** An article is a few thousand words; anything far bigger is the wrong file, refused before reading. */
export const MAX_ARTICLE_BYTES = 1_000_000;

const USAGE = `usage: npm run ingest -- --file ARTICLE.txt [--source-id ID] [--published YYYY[-MM[-DD]]] [--yaml OUT.yaml] [--limit N] [--json]
  --file FILE        the article's plain text (at most ${MAX_ARTICLE_BYTES / 1_000_000} MB)
  --source-id ID     its id in seed/data/sources.yaml (default: the file name); a known id supplies the publication date and story
  --published DATE   the publication date relative dates resolve against (default: the source's, or a leading "date YYYY-MM-DD" line)
  --data-dir DIR     the seed the known entities come from (default: seed/data)
  --from-graph       read the known entities and claims from the configured Neo4j (NEO4J_URI, or the embedded one) instead
  --yaml FILE        also write the proposals as seed YAML
  --limit N          print at most N proposals (default: all)
  --json             print the whole result as JSON instead of the sheet`;

function fail(message: string, code = 1): number {
  console.error(message);
  return code;
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        file: { type: 'string' },
        'source-id': { type: 'string' },
        published: { type: 'string' },
        'data-dir': { type: 'string' },
        'from-graph': { type: 'boolean', default: false },
        yaml: { type: 'string' },
        limit: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    return fail(`${(error as Error).message}\n${USAGE}`, 2);
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  if (!args.file) return fail(`--file is required\n${USAGE}`, 2);
  if (!existsSync(args.file) || !statSync(args.file).isFile()) return fail(`--file ${args.file}: no such file`);
  const bytes = statSync(args.file).size;
  if (bytes > MAX_ARTICLE_BYTES) return fail(`--file ${args.file} is ${bytes} bytes; an article may be at most ${MAX_ARTICLE_BYTES} bytes`);
  const limit = args.limit === undefined ? undefined : Number(args.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) return fail(`--limit is '${args.limit}'; expected a positive whole number`, 2);
  const sourceId = args['source-id'] ?? basename(args.file).replace(/\.[^.]+$/, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(sourceId)) return fail(`--source-id is '${sourceId}'; expected lower-case words joined by hyphens`, 2);
  let published;
  if (args.published !== undefined) {
    const parsed = parsePartialDate({ on: args.published });
    if (typeof parsed === 'string') return fail(`--published ${parsed}`, 2);
    published = parsed;
  }

  const started = performance.now();
  const ontology = loadOntology();
  const graph = args['from-graph'] ? await graphFromDatabase(ontology) : knownGraphFromSeed(prepareSeed(ontology, { dataDir: args['data-dir'] ?? SEED_DATA_DIR }));
  const assistant = new IngestAssistant(graph, ontology, loadCueLexicons(ontology));
  const built = performance.now();
  const text = readFileSync(args.file, 'utf8');
  const result = assistant.ingest({ text, sourceId, published });
  const done = performance.now();

  if (args.json) console.log(JSON.stringify(result, null, 2));
  else console.log(reviewSheet(result, text, graph, { limit, file: args.file }));
  if (args.yaml) {
    writeFileSync(args.yaml, proposalsYaml(result.proposals, text, ontology, `Proposals by ${ASSISTANT_VERSION} for ${basename(args.file)} (source ${sourceId})`));
    console.error(`wrote ${result.proposals.length} proposals to ${args.yaml}`);
  }
  console.error(
    `known graph: ${graph.entities.length} entities, ${assistant.finder.size} names (built in ${Math.round(built - started)} ms); ` +
      `article: ${text.split(/\s+/).filter(Boolean).length} words in ${Math.round(done - built)} ms`,
  );
  return 0;
}

/** The known graph of the configured database (started like `npm run seed` does, stopped after). */
async function graphFromDatabase(ontology: Ontology): Promise<KnownGraph> {
  const config = loadConfig();
  const db = await openDatabase(config, (line) => console.error(line));
  try {
    if (!(await db.executor.awaitAnswer(config.queryTimeoutMs))) {
      throw new Error(`Neo4j at ${db.connection.uri} did not answer within QUERY_TIMEOUT_MS (${config.queryTimeoutMs} ms); is it running?`);
    }
    return await readKnownGraph(db.executor, ontology);
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error((error as Error).message);
    process.exit(1);
  },
);
