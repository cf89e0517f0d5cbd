// `npm run eval:ingest [-- --sources-dir DIR] [--out FILE]`: leave-one-article-out and the
// publication-order replay over seed/data and the article texts (read at run time from ../shared/sources;
// the repository holds no whole articles). Prints the tables docs/ingestion.md shows and writes the JSON.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadOntology } from '../../ontology/ontology.ts';
import { projectPath } from '../../project-root.ts';
import { prepareSeed } from '../../seed/load-seed.ts';
import { SEED_DATA_DIR, SEED_DIR } from '../../seed/read-seed.ts';
import { loadCueLexicons } from '../cue-lexicons.ts';
import { ASSISTANT_VERSION } from '../proposal.ts';
import { leaveOneArticleOut, MODES, publicationReplay, type EvalRun } from './run-eval.ts';
import { LEVELS, type Scores } from './score.ts';

const USAGE = `usage: npm run eval:ingest -- [--sources-dir DIR] [--data-dir DIR] [--out FILE]
  --sources-dir DIR  the article texts (default: ../shared/sources)
  --data-dir DIR     the curated seed (default: seed/data)
  --out FILE         where the JSON results go (default: docs/ingestion-eval.json)`;

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

function levelRows(name: string, s: Scores): string {
  return `| ${name} | ${s.gold} | ${s.proposals} | ${LEVELS.map((l) => `${pct(s.recall[l])} / ${pct(s.precision[l])}`).join(' | ')} | ${pct(s.pAt5)} | ${pct(s.pAt10)} | ${s.proposalsPerClaim.toFixed(2)} |`;
}

function table(title: string, run: EvalRun): string {
  const header = `| | claims | proposals | ${LEVELS.map((l) => `${l} R / P`).join(' | ')} | P@5 | P@10 | proposals per claim |\n|---|---|---|${LEVELS.map(() => '---').join('|')}|---|---|---|`;
  const lines = [`### ${title}`, '', header];
  for (const mode of MODES) lines.push(levelRows(`**overall, ${mode}**`, run.overall[mode]));
  for (const a of run.articles) lines.push(levelRows(`${a.label}, full`, a.byMode.full));
  lines.push('', `Recall over the claims whose two endpoints the graph already knows (the claims a name look-up can reach):`, '');
  lines.push(`| | answerable claims | ${LEVELS.map((l) => `${l} R`).join(' | ')} |`, `|---|---|${LEVELS.map(() => '---').join('|')}|`);
  const answerableRow = (name: string, s: Scores) => `| ${name} | ${s.answerable} of ${s.gold} | ${LEVELS.map((l) => pct(s.answerableRecall[l])).join(' | ')} |`;
  for (const mode of MODES) lines.push(answerableRow(`**overall, ${mode}**`, run.overall[mode]));
  for (const a of run.articles) lines.push(answerableRow(`${a.label}, full`, a.byMode.full));
  const f = run.overall.full;
  const m = f.mentionRecall;
  lines.push(
    '',
    `Full assistant: known-entity mention recall ${pct(m.found / Math.max(1, m.named))} (${m.found} of ${m.named} named endpoints; ${m.implicit} endpoints the quotes leave implicit, not counted); ` +
      `modality right on ${pct(f.modalityRightOfMatched)} of the claims matched at pair+type+direction; quotes not verbatim: ${f.notVerbatim}.`,
    '',
    'Misses at pair+type+direction, by cause: ' + Object.entries(f.misses).map(([k, v]) => `${k} ${v.length}`).join(', '),
  );
  // Candidate new entities as endpoints: their own column, so the known-entity figures above stay comparable.
  const n = run.overallNewEntity;
  const w = run.overallWithNewEntities;
  lines.push(
    '',
    `Candidate new entities as endpoints (full assistant): ${n.proposals} proposals name one; ${n.namedCurated} of them name curated entities only (by name or alias). ` +
      `Curated claims matched only through them: ${LEVELS.map((l) => `${l} ${n.goldMatched[l]}`).join(', ')}.`,
    '',
    `| | claims | proposals | ${LEVELS.map((l) => `${l} R / P`).join(' | ')} | P@5 | P@10 | proposals per claim |`,
    `|---|---|---|${LEVELS.map(() => '---').join('|')}|---|---|---|`,
    levelRows('**overall, full (known entities only)**', f),
    levelRows('**overall, full + new entities**', w),
    ...run.articles.map((a) => levelRows(`${a.label}, full + new entities`, a.withNewEntities)),
  );
  return lines.join('\n');
}

function main(): number {
  let args;
  try {
    args = parseArgs({ options: { 'sources-dir': { type: 'string' }, 'data-dir': { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', default: false } } }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const sourcesDir = args['sources-dir'] ?? projectPath('../shared/sources');
  if (!existsSync(sourcesDir)) {
    console.error(`the article texts are not at ${sourcesDir}; pass --sources-dir DIR (the folder with the five source articles)`);
    return 1;
  }
  const ontology = loadOntology();
  const seed = prepareSeed(ontology, { dataDir: args['data-dir'] ?? SEED_DATA_DIR, sourcesDir });
  const texts = new Map<string, string>();
  for (const s of seed.sources) {
    const file = String(s.properties.file ?? '');
    const path = s.counted ? join(sourcesDir, file) : join(SEED_DIR, file);
    if (!existsSync(path)) {
      console.error(`source ${s.id}: its text ${path} is missing; the evaluation needs every article`);
      return 1;
    }
    texts.set(s.id, readFileSync(path, 'utf8'));
  }
  const input = { seed, ontology, lexicons: loadCueLexicons(ontology), texts };
  const loao = leaveOneArticleOut(input);
  const replay = publicationReplay(input);
  console.log(table('Leave one article out', loao));
  console.log('');
  console.log(table(`Publication-order replay (${replay.order.join(' → ')})`, replay));
  const out = args.out ?? projectPath('docs/ingestion-eval.json');
  writeFileSync(
    out,
    `${JSON.stringify({ command: 'npm run eval:ingest', assistantVersion: ASSISTANT_VERSION, cpus: cpus().length, leaveOneArticleOut: loao, publicationReplay: replay }, null, 1)}\n`,
  );
  console.error(`wrote ${out}`);
  return 0;
}

process.exit(main());
