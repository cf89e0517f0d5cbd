// How fast the ingestion assistant reads a 1 000-word article against the M graph's 100 k entities:
// `node --import tsx bench/ingest.ts [--sources-dir DIR]`. The names are the synthetic generator's
// (bench/generate) plus the curated seed's; the article is the curated articles' text cut at 1 000 words
// (or, without them, a text made of generated names and filler). Prints build and per-article times.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadOntology } from '../src/ontology/ontology.ts';
import { projectPath } from '../src/project-root.ts';
import { prepareSeed } from '../src/seed/load-seed.ts';
import { loadCueLexicons } from '../src/ingest/cue-lexicons.ts';
import { IngestAssistant } from '../src/ingest/ingest-article.ts';
import { knownGraphFromSeed, type KnownGraph } from '../src/ingest/known-graph.ts';
import { generateNodes } from './generate/entities.ts';
import { DEFAULT_SEED } from './generate/generate-graph.ts';
import { SIZES } from './generate/sizes.ts';

const args = parseArgs({ options: { 'sources-dir': { type: 'string' }, runs: { type: 'string', default: '7' } } }).values;
const sourcesDir = args['sources-dir'] ?? projectPath('../shared/sources');
const runs = Number(args.runs);

const ontology = loadOntology();
const seed = knownGraphFromSeed(prepareSeed(ontology));
const generated = generateNodes(SIZES.M, DEFAULT_SEED);
const graph: KnownGraph = {
  entities: [
    ...seed.entities,
    ...generated.entities.map((e) => ({
      id: e.id,
      kind: e.kind,
      type: typeof e.properties.type === 'string' ? e.properties.type : undefined,
      name: String(e.properties.name),
      aliases: Array.isArray(e.properties.aliases) ? e.properties.aliases.map(String) : [],
      named: true,
      country: typeof e.properties.country === 'string' ? e.properties.country : undefined,
    })),
  ],
  claims: seed.claims,
  sources: seed.sources,
};

let text: string;
if (existsSync(sourcesDir)) {
  text = readdirSync(sourcesDir).sort().map((f) => readFileSync(join(sourcesDir, f), 'utf8')).join('\n\n');
} else {
  const names = graph.entities.slice(0, 400).map((e) => e.name);
  text = names.map((n, i) => `${n} said on Monday it restricted exports of ${names[(i * 7) % names.length]} to ${names[(i * 13) % names.length]}.`).join(' ');
}
// Cut at 1 000 words, on a word boundary, keeping the original text's layout.
const cut = [...text.matchAll(/\S+/g)][1000];
if (cut) text = text.slice(0, cut.index);
const words = text.split(/\s+/).filter(Boolean).length;

const t0 = performance.now();
const assistant = new IngestAssistant(graph, ontology, loadCueLexicons(ontology));
const built = performance.now() - t0;
const times: number[] = [];
let proposals = 0;
for (let i = 0; i < runs + 1; i++) {
  const t = performance.now();
  const result = assistant.ingest({ text, sourceId: 'bench-article' });
  if (i > 0) times.push(performance.now() - t); // the first run compiles the patterns
  proposals = result.proposals.length;
}
times.sort((a, b) => a - b);
const heap = process.memoryUsage();
console.log(
  JSON.stringify(
    {
      entities: graph.entities.length,
      names: assistant.finder.size,
      words,
      buildMs: Math.round(built),
      articleMs: { median: Math.round(times[Math.floor(times.length / 2)]!), max: Math.round(times[times.length - 1]!), runs },
      proposals,
      rssMB: Math.round(heap.rss / 1e6),
      heapUsedMB: Math.round(heap.heapUsed / 1e6),
    },
    null,
    1,
  ),
);
