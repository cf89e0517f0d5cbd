// What the results depend on besides the code: the machine, how busy it was while measuring (the machine
// is shared), the commit, and the Neo4j settings.
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';

export interface MachineInfo {
  nproc: number;
  cpu: string;
  ramGiB: number;
  node: string;
  platform: string;
}

export function machineInfo(): MachineInfo {
  return {
    nproc: cpus().length,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    ramGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

export interface CommitInfo {
  commit: string;
  branch: string;
  /** True when the work tree had uncommitted changes (the figures then belong to no commit exactly). */
  dirty: boolean;
}

export function commitInfo(): CommitInfo {
  const git = (...args: string[]) => {
    try {
      return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return '';
    }
  };
  return {
    commit: git('rev-parse', '--short=12', 'HEAD') || 'unknown',
    branch: git('rev-parse', '--abbrev-ref', 'HEAD') || 'unknown',
    dirty: git('status', '--porcelain', '--untracked-files=no') !== '',
  };
}

export interface LoadSample {
  /** Seconds since the sampler started. */
  t: number;
  /** 1-minute load average. */
  load1: number;
}

/** Samples the 1-minute load average every few seconds while the run measures. */
export class LoadSampler {
  readonly samples: LoadSample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private started = 0;

  start(everyMs = 5_000): void {
    this.started = performance.now();
    const take = () => this.samples.push({ t: Math.round((performance.now() - this.started) / 1000), load1: loadavg()[0]! });
    take();
    this.timer = setInterval(take, everyMs);
    this.timer.unref();
  }

  stop(): { min: number; mean: number; max: number; samples: number } {
    if (this.timer) clearInterval(this.timer);
    this.samples.push({ t: Math.round((performance.now() - this.started) / 1000), load1: loadavg()[0]! });
    const values = this.samples.map((s) => s.load1);
    const round = (x: number) => Math.round(x * 100) / 100;
    return {
      min: round(Math.min(...values)),
      mean: round(values.reduce((a, b) => a + b, 0) / values.length),
      max: round(Math.max(...values)),
      samples: values.length,
    };
  }
}
