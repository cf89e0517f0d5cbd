// Results of a run: the raw JSON, and markdown tables with everything needed to judge them (command,
// machine, load average, sizes, commit, Neo4j settings). `--record NAME` puts both into docs/.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Anchors } from './anchors.ts';
import type { GraphSizes, Size } from './build-graph.ts';
import type { JvmSettings } from './database.ts';
import type { CheckResult } from './equivalence.ts';
import type { Cell, LoadPlan } from './load.ts';
import type { CommitInfo, MachineInfo } from './machine.ts';
import type { ExportRun } from './export-throughput.ts';
import { SYSTEM_LABELS, SYSTEMS, type SystemName } from './questions.ts';
import type { SweepSummary } from './sweep.ts';
import type { PhaseProfile } from '../../src/seed/bulk/load-phases.ts';

export const DOCS_DIR = fileURLToPath(new URL('../../docs/', import.meta.url));
export const PERFORMANCE_MD = join(DOCS_DIR, 'performance.md');
/** New result sections are inserted above this line of docs/performance.md (so other sections stay apart). */
export const INSERT_MARKER = '<!-- bench: new result sections are inserted above this line -->';

export interface BenchResult {
  date: string;
  command: string;
  size: Size;
  graph: { origin: string; counts: GraphSizes; buildMs: number; anchors: Anchors; loadProfile?: PhaseProfile };
  machine: MachineInfo;
  loadAverage: { beforeRun: number[]; duringMeasurement: { min: number; mean: number; max: number; samples: number } | null };
  commit: CommitInfo;
  database: { description: string; jvm: JvmSettings | undefined; neo4jVersion: string; apoc: string };
  neo4jGraphqlVersion: string;
  plan: LoadPlan & { durationMs: number };
  questions: Array<{ key: string; title: string; fairness: string | null }>;
  equivalence: CheckResult[];
  cells: Cell[];
  /** Exports downloaded once each (one client, uncompressed), their rows checked against the manifest. */
  exports?: ExportRun[];
  /** The random-parameter sweep (--sweep), when it ran. */
  sweep?: { seed: number; summaries: SweepSummary[] };
}

const ms = (x: number) => (Number.isNaN(x) ? '–' : x < 10 ? x.toFixed(1) : x.toFixed(0));
const rps = (x: number) => (x < 10 ? x.toFixed(1) : x.toFixed(0));
const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : '–');

function cell(result: BenchResult, question: string, system: SystemName, clients: number): Cell | undefined {
  return result.cells.find((c) => c.question === question && c.system === system && c.clients === clients);
}

export function resultTables(result: BenchResult): string {
  const out: string[] = [];
  const marks = new Map(result.questions.filter((q) => q.fairness).map((q, i) => [q.key, '†'.repeat(1) + String(i + 1)]));
  const clientLevels = [...new Set(result.cells.map((c) => c.clients))];
  for (const clients of clientLevels) {
    out.push(
      `**${clients} client${clients === 1 ? '' : 's'}** — latency p50 / p99 in ms, throughput in requests per second; ratios are Chokepoint ÷ the other (latency: above 1 is slower; throughput: above 1 is more).`,
      '',
      `| question | ${SYSTEMS.map((s) => `${SYSTEM_LABELS[s]} p50 / p99`).join(' | ')} | ${SYSTEMS.map((s) => `${SYSTEM_LABELS[s]} req/s`).join(' | ')} | p50 ÷ raw | p50 ÷ @neo4j/graphql | req/s ÷ raw | req/s ÷ @neo4j/graphql |`,
      `|---|${SYSTEMS.map(() => '---:').join('|')}|${SYSTEMS.map(() => '---:').join('|')}|---:|---:|---:|---:|`,
    );
    for (const q of result.questions) {
      const c = Object.fromEntries(SYSTEMS.map((s) => [s, cell(result, q.key, s, clients)])) as Record<SystemName, Cell | undefined>;
      if (!c.chokepoint || !c.raw || !c.neo4jGraphql) continue;
      const err = (x: Cell) => (x.summary.errors > 0 ? ` (${x.summary.errors} errors)` : '');
      out.push(
        `| ${q.key}${marks.has(q.key) ? ` ${marks.get(q.key)}` : ''} | ${SYSTEMS.map((s) => `${ms(c[s]!.summary.p50)} / ${ms(c[s]!.summary.p99)}${err(c[s]!)}`).join(' | ')} | ${SYSTEMS.map((s) => rps(c[s]!.summary.throughput)).join(' | ')} | ${ratio(c.chokepoint.summary.p50, c.raw.summary.p50)} | ${ratio(c.chokepoint.summary.p50, c.neo4jGraphql.summary.p50)} | ${ratio(c.chokepoint.summary.throughput, c.raw.summary.throughput)} | ${ratio(c.chokepoint.summary.throughput, c.neo4jGraphql.summary.throughput)} |`,
      );
    }
    out.push('');
  }
  out.push('Questions:', '');
  for (const q of result.questions) out.push(`- \`${q.key}\`: ${q.title}`);
  if (marks.size > 0) {
    out.push('', 'Where @neo4j/graphql has no equivalent feature it was given the fairest equivalent:', '');
    for (const q of result.questions) if (q.fairness) out.push(`- ${marks.get(q.key)} \`${q.key}\`: ${q.fairness}.`);
  }
  if (result.exports && result.exports.length > 0) {
    out.push('', '**Exports** — one download each over loopback (curl), rows counted and equal to the manifest\'s:', '', '| export | rows | seconds | rows/s | MB |', '|---|---:|---:|---:|---:|');
    for (const e of result.exports) out.push(`| ${e.name} | ${e.rows} | ${e.seconds.toFixed(2)} | ${Math.round(e.rowsPerSecond)} | ${(e.bytes / 1e6).toFixed(1)} |`);
  }
  const errors = result.cells.filter((c) => c.errorMessages.length > 0);
  if (errors.length > 0) {
    out.push('', 'Errors:', '');
    for (const c of errors) out.push(`- ${c.question}, ${SYSTEM_LABELS[c.system]}, ${c.clients} clients: ${c.summary.errors} — ${c.errorMessages.join(' / ')}`);
  }
  return out.join('\n');
}

export function contextBlock(result: BenchResult, jsonPath: string | null): string {
  const { machine, commit, graph, database, loadAverage, plan } = result;
  const jvm = database.jvm
    ? `heap ${database.jvm.heapMb} MiB (-Xms = -Xmx), page cache ${database.jvm.pageCacheMb} MiB, transaction timeout ${database.jvm.txTimeoutSeconds} s`
    : 'not started by the benchmark (settings unknown)';
  const during = loadAverage.duringMeasurement;
  return [
    `- command: \`${result.command}\``,
    `- date: ${result.date}; commit \`${commit.commit}\` (${commit.branch}${commit.dirty ? ', with uncommitted changes' : ''})`,
    `- machine: ${machine.nproc} × ${machine.cpu}, ${machine.ramGiB} GiB RAM, ${machine.platform}, Node ${machine.node}`,
    `- load average (1 min) before the run: ${loadAverage.beforeRun.map((x) => x.toFixed(2)).join(', ')} (1/5/15 min)` +
      (during ? `; while measuring: min ${during.min}, mean ${during.mean}, max ${during.max} (${during.samples} samples) — the machine is shared` : ''),
    `- graph: ${graph.origin}; ${graph.counts.entities} entities, ${graph.counts.relationships} relationships, ${graph.counts.citations} citations, ${graph.counts.sources} sources (built in ${(graph.buildMs / 1000).toFixed(1)} s)`,
    ...loadProfileLines(graph.loadProfile),
    `- Neo4j: ${database.neo4jVersion}, ${database.description}; JVM ${jvm}; APOC ${database.apoc}`,
    `- @neo4j/graphql ${result.neo4jGraphqlVersion}; each system measured ${(plan.durationMs / 1000).toFixed(1)} s per question and number of clients, in ${plan.rounds} slices of ${plan.sliceMs} ms interleaved round-robin with the others, after ${plan.warmupRequests} warm-up requests each`,
    `- answers checked equal before timing: ${result.equivalence.map((e) => `${e.question} (${e.size})`).join(', ')}`,
    ...(jsonPath ? [`- raw results: [${jsonPath}](${jsonPath})`] : []),
  ].join('\n');
}

/** A bulk load's phases in one line (the whole table is in the JSON results and the run's log). */
function loadProfileLines(profile: PhaseProfile | undefined): string[] {
  if (!profile) return [];
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const phases = profile.phases.filter((p) => p.of === undefined).map((p) => `${p.phase} ${s(p.ms)}`).join(', ');
  return [`- load phases (bulk import, wall): ${phases}; whole ${s(profile.totalMs)} = ${profile.ratio.toFixed(2)}× the importer and index builds (${s(profile.importerAndIndexesMs)})`];
}

export function sectionMarkers(size: Size, name: string) {
  return { begin: `<!-- bench:${size}:${name}:begin -->`, end: `<!-- bench:${size}:${name}:end -->` };
}

/** Writes docs/performance/bench-<size>-<name>.json and replaces (or inserts) its section in docs/performance.md. */
export function recordResult(result: BenchResult, name: string, heading: string): { markdown: string; json: string } {
  const relJson = `performance/bench-${result.size}-${name}.json`;
  return recordSection(result.size, name, heading, result, `${contextBlock(result, relJson)}\n\n${resultTables(result)}`);
}

/** Any section's record: its JSON as docs/<performance/bench-size-name.json>, its markdown between its markers in performance.md. */
export function recordSection(size: Size, name: string, heading: string, json: unknown, body: string): { markdown: string; json: string } {
  const relJson = `performance/bench-${size}-${name}.json`;
  const jsonFile = join(DOCS_DIR, relJson);
  mkdirSync(dirname(jsonFile), { recursive: true });
  writeFileSync(jsonFile, JSON.stringify(json, null, 2) + '\n');

  const { begin, end } = sectionMarkers(size, name);
  const section = [begin, `### ${heading}`, '', body, end].join('\n');
  const current = existsSync(PERFORMANCE_MD) ? readFileSync(PERFORMANCE_MD, 'utf8') : `# Performance\n\n${INSERT_MARKER}\n`;
  let next: string;
  const from = current.indexOf(begin);
  const to = current.indexOf(end);
  if (from >= 0 && to > from) next = current.slice(0, from) + section + current.slice(to + end.length);
  else if (current.includes(INSERT_MARKER)) next = current.replace(INSERT_MARKER, `${section}\n\n${INSERT_MARKER}`);
  else next = `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(PERFORMANCE_MD, next);
  return { markdown: PERFORMANCE_MD, json: jsonFile };
}

/** What a section's figures depend on (the comparison's contextBlock, without its three systems). */
export interface SectionContext {
  date: string;
  command: string;
  size: Size;
  graph: { origin: string; counts: GraphSizes; buildMs: number; loadProfile?: PhaseProfile };
  machine: MachineInfo;
  loadAverage: { beforeRun: number[]; duringMeasurement: { min: number; mean: number; max: number; samples: number } | null };
  commit: CommitInfo;
  database: { description: string; jvm: JvmSettings | undefined; neo4jVersion: string };
}

export function sectionContextBlock(c: SectionContext, jsonPath: string | null): string {
  const during = c.loadAverage.duringMeasurement;
  return [
    `- command: \`${c.command}\``,
    `- date: ${c.date}; commit \`${c.commit.commit}\` (${c.commit.branch}${c.commit.dirty ? ', with uncommitted changes' : ''})`,
    `- machine: ${c.machine.nproc} × ${c.machine.cpu}, ${c.machine.ramGiB} GiB RAM, ${c.machine.platform}, Node ${c.machine.node}`,
    `- load average (1 min) before the run: ${c.loadAverage.beforeRun.map((x) => x.toFixed(2)).join(', ')} (1/5/15 min)` +
      (during ? `; while measuring: min ${during.min}, mean ${during.mean}, max ${during.max} (${during.samples} samples) — the machine is shared` : ''),
    `- graph: ${c.graph.origin}; ${c.graph.counts.entities} entities, ${c.graph.counts.relationships} relationships, ${c.graph.counts.citations} citations, ${c.graph.counts.sources} sources (built in ${(c.graph.buildMs / 1000).toFixed(1)} s)`,
    ...loadProfileLines(c.graph.loadProfile),
    `- Neo4j: ${c.database.neo4jVersion}, ${c.database.description}${c.database.jvm ? `; heap ${c.database.jvm.heapMb} MiB, page cache ${c.database.jvm.pageCacheMb} MiB` : ''}; the API as deployed (bundled, NODE_ENV=production, cost budget off), its own process`,
    ...(jsonPath ? [`- raw results: [${jsonPath}](${jsonPath})`] : []),
  ].join('\n');
}
