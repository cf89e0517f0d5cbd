// The wall time of each phase of a bulk load (generation, file writing, the importer, opening the
// database, index builds, the read model…), summed per phase name: what `npm run generate -- --bulk`
// prints and the benchmark records, so "the time outside the importer and the index builds" is measured.
// Phases run one after another (never two at once); a part of a phase (`of`) is shown under it, not added.

/** The two phases the load's goal measures the rest against (docs/performance.md "L load profile"). */
export const IMPORTER = 'importer';
export const INDEX_BUILDS = 'index builds';
/** Phases the callers of a bulk load time around it (the generator's CLI and the benchmark). */
export const GENERATE_NODES = 'generating the sources and entities';
export const OPEN_DATABASE = 'opening the database';

export interface PhaseTime {
  phase: string;
  ms: number;
  /** Set when this is a part of another phase's time (already counted in it). */
  of?: string;
}

export interface PhaseProfile {
  phases: PhaseTime[];
  /** From start() to the last phase's end. */
  totalMs: number;
  /** The importer's and the index builds' time. */
  importerAndIndexesMs: number;
  /** totalMs ÷ importerAndIndexesMs: the goal is ≤ 1.5. */
  ratio: number;
}

export class LoadPhases {
  private readonly times = new Map<string, PhaseTime>();
  private startedAt: number | undefined;
  private endedAt = 0;

  constructor(private readonly clock: () => number = () => performance.now()) {}

  /** Marks the start of the whole load (the first phase's start when not called). */
  start(): void {
    this.startedAt ??= this.clock();
  }

  /** Adds `ms` to `phase` (created at its first use, in that order). */
  add(phase: string, ms: number, of?: string): void {
    const entry = this.times.get(phase);
    if (entry) entry.ms += ms;
    else this.times.set(phase, of === undefined ? { phase, ms } : { phase, ms, of });
  }

  /** Runs `step` as (a part of) `phase`, adding its wall time whether it succeeds or fails. */
  async time<T>(phase: string, step: () => Promise<T> | T): Promise<T> {
    const began = this.clock();
    this.startedAt ??= began;
    try {
      return await step();
    } finally {
      const ended = this.clock();
      this.add(phase, ended - began);
      this.endedAt = Math.max(this.endedAt, ended);
    }
  }

  /** The same for synchronous steps (no await between the clock readings). */
  timeSync<T>(phase: string, step: () => T): T {
    const began = this.clock();
    this.startedAt ??= began;
    try {
      return step();
    } finally {
      const ended = this.clock();
      this.add(phase, ended - began);
      this.endedAt = Math.max(this.endedAt, ended);
    }
  }

  profile(): PhaseProfile {
    const phases = [...this.times.values()].map((p) => ({ ...p, ms: Math.round(p.ms) }));
    const totalMs = Math.round(this.startedAt === undefined ? 0 : this.endedAt - this.startedAt);
    const counted = phases.filter((p) => p.of === undefined).reduce((sum, p) => sum + p.ms, 0);
    // Time between phases (awaits, progress callbacks) is shown rather than hidden in a total.
    if (totalMs - counted > 0) phases.push({ phase: 'between phases', ms: totalMs - counted });
    const importerAndIndexesMs = (this.times.get(IMPORTER)?.ms ?? 0) + (this.times.get(INDEX_BUILDS)?.ms ?? 0);
    return { phases, totalMs, importerAndIndexesMs: Math.round(importerAndIndexesMs), ratio: importerAndIndexesMs > 0 ? totalMs / importerAndIndexesMs : Number.NaN };
  }
}

/** The profile as lines of text (a Markdown table): phase, seconds, share of the whole load. */
export function formatPhaseProfile(profile: PhaseProfile): string {
  const seconds = (ms: number) => (ms / 1000).toFixed(1);
  const share = (ms: number) => (profile.totalMs > 0 ? `${Math.round((100 * ms) / profile.totalMs)} %` : '—');
  const lines = ['| phase | s | share |', '|---|---:|---:|'];
  for (const p of profile.phases) lines.push(`| ${p.of === undefined ? p.phase : `… of which ${p.phase}`} | ${seconds(p.ms)} | ${share(p.ms)} |`);
  const outside = profile.totalMs - profile.importerAndIndexesMs;
  lines.push(`| **whole load** | **${seconds(profile.totalMs)}** | 100 % |`);
  lines.push(`| outside the importer and the index builds | ${seconds(outside)} | ${share(outside)} |`);
  lines.push(`| whole ÷ (importer + index builds) | ${Number.isFinite(profile.ratio) ? `${profile.ratio.toFixed(2)}×` : '—'} | goal ≤ 1.5× |`);
  return lines.join('\n');
}
