// `npm run bench -- --size M --sweep`: the worst case beside the fixed questions. Each question is asked
// through the Chokepoint API with parameters drawn at random (seeded, and recorded in the results) from
// the graph itself, always including the ten largest hubs; sequential, one client, so a slow parameter
// shows as itself. Reports p50/p99/max over the parameters, errors, partial answers, and the slowest
// parameters by name (issue 24 item 8). Where the issue's goal is a ratio (the narrow headline, search),
// the hand-written statement is asked the same parameters right beside the API (which goes first
// alternates per case), so both meet the same cache and the same load.
import { Random } from '../generate/random.ts';
import { cypher, type CypherQuery, type Executor } from '../../src/db/executor.ts';
import { exactQuery, fuzzyQuery } from '../../src/text/search-text.ts';
import { nameKey } from '../../src/text/fold.ts';
import * as raw from './raw-cypher.ts';
import { percentile } from './stats.ts';
import { BENCH_HEADERS } from './systems.ts';

export const DEFAULT_SWEEP_SEED = 24;

/** Draws per question (the issue's goals: 200 paths; hubs are always in). */
export const SWEEP_DRAWS = { path: 200, technology: 200, entity: 200, timeline: 10, search: 60 } as const;

const PATH = `query SweepPath($from: ID!, $to: ID!) {
  path(from: $from, to: $to, maxHops: 4, limit: 5) { length weakestHop nodes { id name } hops { relationship { id type citations { quote } } } }
}`;
const HEADLINE = `query SweepHeadline($target: String!) {
  measures(targeting: $target, first: 20) {
    nodes { id name type status date { start precision } issuers { id name } targets { id name } evidence(types: ["ISSUED", "TARGETS"]) { id type citations { quote source { id } } } }
  }
}`;
/** The entity page the sweep asks (also bench/hub-pages.ts). */
export const ENTITY_DOCUMENT = `query SweepEntity($id: ID!) {
  entity(id: $id) {
    id name kind aliases description
    relationships(first: 20) { totalCount nodes { id type from { id name } to { id name } independentSources citations { quote source { id } } } }
  }
}`;
/** A hub timeline's first page with totalCount (also bench/hub-pages.ts). */
export const TIMELINE_DOCUMENT = `query SweepTimeline($entity: ID!) {
  timeline(entity: $entity, first: 50) { totalCount nodes { id kind date { start precision } policy { id name } relationship { id type } } }
}`;
const SEARCH = `query SweepSearch($text: String!) { search(text: $text, first: 10) { score matched entity { id name kind } } }`;

/** The `n` entities of a label with the most relationships. */
export const hubsStatement = (label: string, n: number) =>
  `MATCH (e:${label}) WITH e, COUNT { (e)--() } AS degree ORDER BY degree DESC LIMIT ${n} RETURN e.id AS id, e.name AS name, degree`;
const hubs = (label: string, n: number) => cypher('bench.sweep.hubs', hubsStatement(label, n));
const idsOf = (label: string) => cypher('bench.sweep.ids', `MATCH (e:${label}) RETURN e.id AS id, e.name AS name ORDER BY e.id`);

interface Entity {
  id: string;
  name: string;
}

export interface SweepCase {
  /** The parameters, by name (what the report prints). */
  label: string;
  variables: Record<string, unknown>;
  /** The hand-written statement for the same parameters, when the question is compared with one. */
  raw?: { statement: CypherQuery; params: Record<string, unknown> };
}

/** The hand-written statement's figures over the same cases (ms). */
export interface RawSweep {
  n: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
  /** The API's p99 ÷ the statement's. */
  p99Ratio: number;
  worst: Array<{ label: string; ms: number; error?: string }>;
  samples: Array<{ label: string; ms: number; error?: string }>;
}

export interface SweepQuestion {
  key: string;
  title: string;
  query: string;
  cases: SweepCase[];
  /**
   * Asked first and not counted, with parameters none of the cases has: the first requests of a document
   * after a start plan its statements and warm the JIT (~1 s each on M, whatever the parameter), a cost
   * per document and process, not a tail over parameters. Their times are reported apart.
   */
  warmup?: SweepCase[];
}

/** Warm-up requests per question before its cases are timed. */
export const SWEEP_WARMUP_CASES = 5;

export interface SweepSummary {
  key: string;
  title: string;
  n: number;
  errors: number;
  /** Answers flagged partial (extensions.partial). */
  partial: number;
  p50: number;
  p99: number;
  max: number;
  /** The slowest parameters, slowest first. */
  worst: Array<{ label: string; ms: number; error?: string }>;
  /** Every case's time, in draw order (the run's JSON keeps them). */
  /** `partialReasons`: why the API said the answer is partial (its `extensions.partial[].reason`). */
  samples: Array<{ label: string; ms: number; error?: string; partial?: boolean; partialReasons?: string[] }>;
  /** The hand-written statement over the same cases, asked beside the API. */
  raw?: RawSweep;
  /** The warm-up requests' times through the API, in order (not in the figures above). */
  warmup?: number[];
}

/** Draws the sweep's parameters from the graph (seeded: the same seed and graph give the same draws). */
export async function drawSweep(executor: Executor, seed: number): Promise<SweepQuestion[]> {
  const random = new Random(seed, 24);
  const read = async (query: ReturnType<typeof cypher>) => (await executor.read(query)).map((r) => ({ id: String(r.id), name: String(r.name) }));
  const [countries, actors, technologies, twelveHubCountries, twelveHubEntities] = await Promise.all([
    read(idsOf('Country')),
    read(idsOf('Actor')),
    read(idsOf('Technology')),
    read(hubs('Country', 12)),
    read(hubs('Entity', 12)),
  ]);
  // The ten largest are timed; the 11th and 12th warm up (a hub takes other statements than a small
  // entity: the date-order walk of a timeline, the scans of a path search).
  const hubCountries = twelveHubCountries.slice(0, 10);
  const hubEntities = twelveHubEntities.slice(0, 10);
  const warmHubCountries = twelveHubCountries.slice(10);
  const warmHubEntities = twelveHubEntities.slice(10);
  const entities = [...countries, ...actors, ...technologies];
  const draw = <T>(items: readonly T[], n: number, always: readonly T[] = []) => [...always, ...Array.from({ length: Math.max(0, n - always.length) }, () => random.pick(items))];

  const pathCases = Array.from({ length: SWEEP_DRAWS.path }, (_, i) => {
    const from = random.pick(actors);
    // Every other pair ends at one of the ten largest hub countries.
    const to = i % 2 === 0 ? hubCountries[(i / 2) % hubCountries.length]! : random.pick(countries);
    return { label: `${from.name} → ${to.name}`, variables: { from: from.id, to: to.id } };
  });
  const words = draw(entities, SWEEP_DRAWS.search).map((e: Entity, i) => {
    const word = e.name.split(/\s+/)[0] ?? e.name;
    // A third exact names, a third first words (prefixes), a third with a typo (a letter dropped).
    const text = i % 3 === 0 ? e.name : i % 3 === 1 ? word : word.length > 4 ? word.slice(0, 2) + word.slice(3) : word;
    const query = exactQuery(text);
    const fuzzy = fuzzyQuery(text);
    // The statement is given the Lucene queries and folded key the API builds from the text.
    const compared = query && fuzzy ? { raw: { statement: raw.search, params: { query, fuzzy, key: nameKey(text), first: 10 } } } : {};
    return { label: text, variables: { text }, ...compared };
  });
  // Warm-up parameters from their own stream (the timed draws stay those of earlier runs with the seed),
  // never one the cases have, and no timed hub: the 11th and 12th largest first, then small ones.
  const warmRandom = new Random(seed, 25);
  const hubIds = new Set([...twelveHubCountries, ...twelveHubEntities].map((e) => e.id));
  const others = <T extends Entity>(items: readonly T[]) => items.filter((e) => !hubIds.has(e.id));
  const warm = <T>(make: () => T & { label: string }, taken: ReadonlySet<string>, first: Array<T & { label: string }> = []) => {
    const out: Array<T & { label: string }> = first.filter((c) => !taken.has(c.label)).slice(0, SWEEP_WARMUP_CASES);
    for (let tries = 0; out.length < SWEEP_WARMUP_CASES && tries < 100; tries++) {
      const c = make();
      if (!taken.has(c.label) && !out.some((o) => o.label === c.label)) out.push(c);
    }
    return out;
  };
  const labels = (cases: ReadonlyArray<{ label: string }>) => new Set(cases.map((c) => c.label));
  /** Warm-up cases of a one-entity question: its hubs first, then random others, none of them counted cases. */
  const warmOne = <T extends Entity>(pool: readonly T[], hubs: readonly T[], cases: ReadonlyArray<{ label: string }>, variables: (e: T) => Record<string, unknown>) =>
    warm(
      () => {
        const e = warmRandom.pick(others(pool));
        return { label: e.name, variables: variables(e) };
      },
      labels(cases),
      hubs.map((e) => ({ label: e.name, variables: variables(e) })),
    );
  const headlineCases = draw(technologies, SWEEP_DRAWS.technology).map((t) => ({
    label: t.name,
    variables: { target: t.id },
    raw: { statement: raw.headline, params: { target: t.id, first: 20 } },
  }));
  const entityCases = draw(entities, SWEEP_DRAWS.entity, hubEntities).map((e) => ({ label: e.name, variables: { id: e.id } }));
  const timelineCases = hubCountries.slice(0, SWEEP_DRAWS.timeline).map((c) => ({ label: c.name, variables: { entity: c.id } }));
  const warmups: Record<string, SweepCase[]> = {
    path: warm(
      () => {
        const from = warmRandom.pick(actors);
        const to = warmRandom.pick(others(countries));
        return { label: `${from.name} → ${to.name}`, variables: { from: from.id, to: to.id } };
      },
      labels(pathCases),
      warmHubCountries.map((to) => {
        const from = warmRandom.pick(actors);
        return { label: `${from.name} → ${to.name}`, variables: { from: from.id, to: to.id } };
      }),
    ),
    'headline-narrow': warm(() => {
      const t = warmRandom.pick(technologies);
      return { label: t.name, variables: { target: t.id }, raw: { statement: raw.headline, params: { target: t.id, first: 20 } } };
    }, labels(headlineCases)),
    'entity-page': warmOne(entities, warmHubEntities, entityCases, (e) => ({ id: e.id })),
    'timeline-hubs': warmOne(countries, warmHubCountries, timelineCases, (c) => ({ entity: c.id })),
    search: warm(() => {
      const e = warmRandom.pick(entities);
      const query = exactQuery(e.name);
      const fuzzy = fuzzyQuery(e.name);
      return { label: e.name, variables: { text: e.name }, ...(query && fuzzy ? { raw: { statement: raw.search, params: { query, fuzzy, key: nameKey(e.name), first: 10 } } } : {}) };
    }, labels(words)),
  };
  return [
    { key: 'path', title: `path, ${SWEEP_DRAWS.path} actor → country pairs (half to the ten largest hub countries), maxHops 4`, query: PATH, cases: pathCases, warmup: warmups.path },
    {
      key: 'headline-narrow',
      title: `measures targeting a random technology (${SWEEP_DRAWS.technology}), first 20 with citations`,
      query: HEADLINE,
      cases: headlineCases,
      warmup: warmups['headline-narrow'],
    },
    {
      key: 'entity-page',
      title: `entity page of a random entity (${SWEEP_DRAWS.entity}, the ten largest hubs first), 20 relationships with totalCount`,
      query: ENTITY_DOCUMENT,
      cases: entityCases,
      warmup: warmups['entity-page'],
    },
    {
      key: 'timeline-hubs',
      title: `timeline of each of the ten largest hub countries, first 50 with totalCount`,
      query: TIMELINE_DOCUMENT,
      cases: timelineCases,
      warmup: warmups['timeline-hubs'],
    },
    { key: 'search', title: `search of ${SWEEP_DRAWS.search} words from names (exact, first word, a letter dropped)`, query: SEARCH, cases: words, warmup: warmups.search },
  ];
}

/** Asks every case once, sequentially (beside its hand-written statement, if any), and summarises each question. */
export async function runSweep(url: string, questions: readonly SweepQuestion[], log: (line: string) => void, executor?: Executor): Promise<SweepSummary[]> {
  const out: SweepSummary[] = [];
  for (const question of questions) {
    const samples: SweepSummary['samples'] = [];
    const rawSamples: RawSweep['samples'] = [];
    const warmup: number[] = [];
    for (const c of question.warmup ?? []) {
      warmup.push((await askApi(url, question.query, c)).ms);
      if (c.raw && executor) await askStatement(executor, c);
    }
    for (const [index, c] of question.cases.entries()) {
      const api = () => askApi(url, question.query, c);
      const statement = c.raw && executor ? () => askStatement(executor, c) : null;
      if (statement && index % 2 === 1) {
        rawSamples.push(await statement());
        samples.push(await api());
      } else {
        samples.push(await api());
        if (statement) rawSamples.push(await statement());
      }
    }
    const summary: SweepSummary = { key: question.key, title: question.title, ...summarise(samples), samples, ...(warmup.length > 0 ? { warmup } : {}) };
    summary.partial = samples.filter((s) => s.partial).length;
    if (rawSamples.length > 0) {
      const figures = summarise(rawSamples);
      summary.raw = { ...figures, p99Ratio: summary.p99 / figures.p99, samples: rawSamples };
    }
    if (warmup.length > 0) log(`sweep ${question.key}: warm-up, not counted: ${warmup.map((ms) => ms.toFixed(0)).join(', ')} ms`);
    log(
      `sweep ${question.key}: n ${summary.n}, errors ${summary.errors}, partial ${summary.partial}, p50 ${summary.p50.toFixed(1)} ms, p99 ${summary.p99.toFixed(1)} ms, max ${summary.max.toFixed(1)} ms` +
        (summary.raw ? `; hand-written statement p50 ${summary.raw.p50.toFixed(1)} ms, p99 ${summary.raw.p99.toFixed(1)} ms (API p99 ÷ statement p99 ${summary.raw.p99Ratio.toFixed(2)}×)` : ''),
    );
    out.push(summary);
  }
  return out;
}

async function askApi(url: string, query: string, c: SweepCase): Promise<SweepSummary['samples'][number]> {
  const started = performance.now();
  let error: string | undefined;
  let partialReasons: string[] = [];
  try {
    const response = await fetch(`${url}/graphql`, { method: 'POST', headers: BENCH_HEADERS, body: JSON.stringify({ query, variables: c.variables }) });
    const body = (await response.json()) as { errors?: Array<{ message: string; extensions?: { code?: string } }>; extensions?: { partial?: Array<{ reason?: unknown }> } };
    if (response.status !== 200 || body.errors) error = `HTTP ${response.status} ${body.errors?.[0]?.extensions?.code ?? ''} ${body.errors?.[0]?.message ?? ''}`.trim();
    partialReasons = (body.extensions?.partial ?? []).map((p) => String(p.reason ?? 'no reason given'));
  } catch (e) {
    error = (e as Error).message;
  }
  return { label: c.label, ms: performance.now() - started, ...(error ? { error } : {}), ...(partialReasons.length > 0 ? { partial: true, partialReasons } : {}) };
}

async function askStatement(executor: Executor, c: SweepCase): Promise<RawSweep['samples'][number]> {
  const started = performance.now();
  let error: string | undefined;
  try {
    await executor.read(c.raw!.statement, c.raw!.params);
  } catch (e) {
    error = (e as Error).message;
  }
  return { label: c.label, ms: performance.now() - started, ...(error ? { error } : {}) };
}

function summarise(samples: ReadonlyArray<{ label: string; ms: number; error?: string }>) {
  const times = samples.map((s) => s.ms).sort((a, b) => a - b);
  return {
    n: samples.length,
    errors: samples.filter((s) => s.error).length,
    partial: 0,
    p50: percentile(times, 0.5),
    p99: percentile(times, 0.99),
    max: times[times.length - 1] ?? Number.NaN,
    worst: [...samples].sort((a, b) => b.ms - a.ms).slice(0, 3).map(({ label, ms, error }) => ({ label, ms, ...(error ? { error } : {}) })),
  };
}

/** The sweep as a markdown table. */
export function sweepTable(summaries: readonly SweepSummary[], seed: number): string {
  const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');
  const worst = (list: ReadonlyArray<{ label: string; ms: number; error?: string }>) =>
    list.map((w) => `${w.label} (${ms(w.ms)}${w.error ? `, ${w.error.slice(0, 60)}` : ''})`).join('; ');
  const rows = summaries.map((s) => `| ${s.title} | ${s.n} | ${s.errors} | ${s.partial} | ${ms(s.p50)} | ${ms(s.p99)} | ${ms(s.max)} | ${worst(s.worst)} |`);
  const compared = summaries.filter((s) => s.raw);
  const rawRows = compared.map(
    (s) => `| ${s.key} | ${s.raw!.n} | ${s.raw!.errors} | ${ms(s.p50)} / ${ms(s.p99)} | ${ms(s.raw!.p50)} / ${ms(s.raw!.p99)} | ${s.raw!.p99Ratio.toFixed(2)}× | ${worst(s.raw!.worst)} |`,
  );
  return [
    `Sweep (random parameters, seed ${seed}, one client, sequential; Chokepoint API; ms):`,
    '',
    '| question | n | errors | partial | p50 | p99 | max | slowest parameters |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    ...partialLines(summaries),
    ...(summaries.some((s) => s.warmup)
      ? [
          '',
          `Before each question, ${SWEEP_WARMUP_CASES} requests with other parameters (their own random stream; the 11th and 12th largest hubs first where the question has hubs), not counted above — the first requests of a document after a start plan its statements and warm the JIT; ms in order:`,
          '',
          ...summaries.filter((s) => s.warmup).map((s) => `- ${s.key}: ${s.warmup!.map((x) => ms(x)).join(', ')}`),
        ]
      : []),
    ...(compared.length > 0
      ? [
          '',
          'The same parameters asked of the hand-written statement (bench/lib/raw-cypher.ts) through the driver, beside the API (alternating which goes first); ms:',
          '',
          '| question | n | statement errors | API p50 / p99 | statement p50 / p99 | API p99 ÷ statement p99 | the statement\'s slowest parameters |',
          '|---|---|---|---|---|---|---|',
          ...rawRows,
        ]
      : []),
  ].join('\n');
}

/** Each partial answer by name with the reason the API gave (a work or time limit), under the table. */
function partialLines(summaries: readonly SweepSummary[]): string[] {
  const partial = summaries.flatMap((s) => s.samples.filter((x) => x.partial).map((x) => `${s.key}: ${x.label} (${x.ms.toFixed(1)} ms) — ${(x.partialReasons ?? []).join('; ')}`));
  return partial.length === 0 ? [] : ['', 'Partial answers, with the reason the API gave:', '', ...partial.map((line) => `- ${line}`)];
}
