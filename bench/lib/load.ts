// The measuring loop. For each number of clients and each question, the three systems take turns in
// short time slices (round-robin, the starting system rotating every round), so a change in the shared
// machine's load during the run falls on all three alike. Within a slice `clients` loops each send one
// request after the other (a closed loop); a slice ends when its time is up and the requests in flight
// have returned, and that wall time is what throughput divides by.
import { SYSTEMS, type Question, type SystemName } from './questions.ts';
import { summarise, type Summary } from './stats.ts';
import type { Ask } from './systems.ts';

export interface LoadPlan {
  clients: number[];
  /** Length of one slice in ms. */
  sliceMs: number;
  /** Slices per system, question and number of clients. */
  rounds: number;
  /** Sequential requests per system and question before measuring (not recorded). */
  warmupRequests: number;
}

export interface Cell {
  question: string;
  system: SystemName;
  clients: number;
  summary: Summary;
  /** Up to three distinct error messages, when requests failed. */
  errorMessages: string[];
}

interface Tally {
  latencies: number[];
  errors: number;
  wallMs: number;
  messages: Set<string>;
}

async function slice(ask: Ask, question: Question, clients: number, ms: number, tally: Tally): Promise<void> {
  const started = performance.now();
  const end = started + ms;
  const loop = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        await ask(question);
        tally.latencies.push(performance.now() - t0);
      } catch (error) {
        tally.errors++;
        if (tally.messages.size < 3) tally.messages.add(String((error as Error).message ?? error).slice(0, 300));
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, loop));
  tally.wallMs += performance.now() - started;
}

export async function warmUp(questions: Question[], ask: Record<SystemName, Ask>, requests: number): Promise<void> {
  for (let i = 0; i < requests; i++) {
    for (const question of questions) {
      for (const system of SYSTEMS) await ask[system](question);
    }
  }
}

export async function measure(
  questions: Question[],
  ask: Record<SystemName, Ask>,
  plan: LoadPlan,
  progress: (line: string) => void,
): Promise<Cell[]> {
  const cells: Cell[] = [];
  for (const clients of plan.clients) {
    for (const [qi, question] of questions.entries()) {
      const tallies = Object.fromEntries(SYSTEMS.map((s) => [s, { latencies: [], errors: 0, wallMs: 0, messages: new Set() } as Tally])) as Record<
        SystemName,
        Tally
      >;
      for (let round = 0; round < plan.rounds; round++) {
        const start = (round + qi) % SYSTEMS.length;
        const order = [...SYSTEMS.slice(start), ...SYSTEMS.slice(0, start)];
        for (const system of order) await slice(ask[system], question, clients, plan.sliceMs, tallies[system]);
      }
      for (const system of SYSTEMS) {
        const tally = tallies[system];
        cells.push({ question: question.key, system, clients, summary: summarise(tally.latencies, tally.errors, tally.wallMs), errorMessages: [...tally.messages] });
      }
      const line = SYSTEMS.map((s) => {
        const c = cells.at(-SYSTEMS.length + SYSTEMS.indexOf(s))!.summary;
        return `${s} p50 ${c.p50.toFixed(1)} ms, ${c.throughput.toFixed(0)}/s${c.errors ? `, ${c.errors} errors` : ''}`;
      }).join(' · ');
      progress(`${clients} client${clients === 1 ? '' : 's'} · ${question.key}: ${line}`);
    }
  }
  return cells;
}
