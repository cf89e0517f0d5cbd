// `npm run bench -- --playground-load` (issue 19 row 3): does a crowd loading the playground hurt another
// client? One client asks the headline question back to back; slices alone and slices while N first-time
// browsers load the playground (bench/lib/playground-loaders.ts, another process) alternate in one run,
// with a pause between slices in which nothing is timed while the crowd stops. Goal: the client's p99
// with the crowd at most 1.2 × its p99 alone.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { alternatingSlices } from './interleave.ts';
import type { LoaderMessage, LoaderTally } from './playground-loaders.ts';
import type { Question } from './questions.ts';
import { summarise, type Summary } from './stats.ts';
import { postGraphql } from './systems.ts';

export interface PlaygroundPlan {
  loaders: number;
  rounds: number;
  sliceMs: number;
  /** Untimed pause after each slice, so the crowd's last requests do not fall into an "alone" slice. */
  settleMs: number;
}

export const PLAYGROUND_PLANS: Record<'quick' | 'normal', Omit<PlaygroundPlan, 'loaders'>> = {
  quick: { rounds: 3, sliceMs: 2_000, settleMs: 500 },
  normal: { rounds: 10, sliceMs: 6_000, settleMs: 1_000 },
};

export interface PlaygroundResult {
  plan: PlaygroundPlan;
  question: string;
  alone: Summary;
  withLoaders: Summary;
  /** withLoaders.p99 ÷ alone.p99. */
  p99Ratio: number;
  /** Up to three distinct errors of the measured client. */
  headlineErrors: string[];
  crowd: LoaderTally & { mib: number };
}

/** The slices' latencies summed up: one summary per side, and the ratio the goal is judged on. */
export function comparePhases(alone: { latencies: number[]; errors: number; wallMs: number }, loaded: { latencies: number[]; errors: number; wallMs: number }) {
  const a = summarise(alone.latencies, alone.errors, alone.wallMs);
  const b = summarise(loaded.latencies, loaded.errors, loaded.wallMs);
  return { alone: a, withLoaders: b, p99Ratio: b.p99 / a.p99 };
}

const LOADERS_ENTRY = fileURLToPath(new URL('./playground-loaders.ts', import.meta.url));

export async function runPlaygroundSection(url: string, headline: Question, plan: PlaygroundPlan, log: (line: string) => void): Promise<PlaygroundResult> {
  const page = await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });
  if (page.status !== 200 || !(page.headers.get('content-type') ?? '').includes('text/html')) {
    throw new Error(`the server does not serve the playground (GET /graphql answered ${page.status}); run \`npm run build\` first so dist/public holds its assets`);
  }
  await page.arrayBuffer();
  const child = fork(LOADERS_ENTRY, [url, '/graphql', String(plan.loaders)], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_PLAYGROUND_LOADERS: '1' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const tally = new Promise<LoaderTally>((resolve, reject) => {
    child.once('message', (message) => resolve(message as LoaderTally));
    child.once('exit', (code) => reject(new Error(`the playground loaders exited with ${code} before reporting`)));
  });
  tally.catch(() => {});
  const send = (message: LoaderMessage) => child.send(message);
  const sides = { alone: { latencies: [] as number[], errors: 0, wallMs: 0 }, loaded: { latencies: [] as number[], errors: 0, wallMs: 0 } };
  const headlineErrors = new Set<string>();
  try {
    const ask = () => postGraphql(`${url}/graphql`, headline.chokepoint);
    // Warm (a cold first answer may even time out on a busy machine): errors here are not counted.
    for (let i = 0; i < 5; i++) await ask().catch(() => undefined);
    for (const loaded of alternatingSlices(plan.rounds)) {
      const side = loaded ? sides.loaded : sides.alone;
      if (loaded) send('on');
      const start = performance.now();
      const end = start + plan.sliceMs;
      while (performance.now() < end) {
        const t0 = performance.now();
        try {
          await ask();
          side.latencies.push(performance.now() - t0);
        } catch (error) {
          side.errors++;
          if (headlineErrors.size < 3) headlineErrors.add(String((error as Error).message).slice(0, 200));
        }
      }
      side.wallMs += performance.now() - start;
      if (loaded) send('off');
      await new Promise((r) => setTimeout(r, plan.settleMs));
    }
    send('finish');
    const crowd = await tally;
    const compared = comparePhases(sides.alone, sides.loaded);
    log(`playground-load: headline p99 ${compared.alone.p99.toFixed(1)} ms alone, ${compared.withLoaders.p99.toFixed(1)} ms with ${plan.loaders} loaders (${compared.p99Ratio.toFixed(2)}×)`);
    return { plan, question: headline.key, ...compared, headlineErrors: [...headlineErrors], crowd: { ...crowd, mib: crowd.bytes / 2 ** 20 } };
  } finally {
    if (child.exitCode === null) child.kill('SIGTERM');
  }
}

const ms = (x: number) => (Number.isNaN(x) ? '–' : x < 10 ? x.toFixed(1) : x.toFixed(0));

export function playgroundTable(r: PlaygroundResult): string {
  const { alone, withLoaders: loaded, crowd, plan } = r;
  const judged = alone.n > 0 && loaded.n > 0;
  const verdict = !judged
    ? `**no figure** (${alone.n} answers alone, ${loaded.n} with the loaders)`
    : `**${r.p99Ratio.toFixed(2)}×** (goal ≤ 1.2×: ${r.p99Ratio <= 1.2 && loaded.errors === 0 ? 'met on this run' : '**not met** on this run'})`;
  return [
    `**The playground under a crowd** — one client asks \`${r.question}\` back to back; ${plan.rounds} rounds of ${plan.sliceMs / 1000} s slices alone and with ${plan.loaders} first-time browsers loading the playground (HTML and every asset, br/gzip, **no cache**: the worst case), alternating, ${plan.settleMs} ms untimed between slices.`,
    '',
    '| phase | answers | p50 ms | p99 ms | errors |',
    '|---|---:|---:|---:|---:|',
    `| alone | ${alone.n} | ${ms(alone.p50)} | ${ms(alone.p99)} | ${alone.errors} |`,
    `| with ${plan.loaders} loaders | ${loaded.n} | ${ms(loaded.p50)} | ${ms(loaded.p99)} | ${loaded.errors} |`,
    '',
    `p99 with the loaders ÷ alone: ${verdict}. ` +
      `The crowd: ${crowd.pages} page loads, ${crowd.mib.toFixed(0)} MiB received, ${crowd.refused} answers 429 (the per-client byte budget; a refused loader waits its Retry-After), ${crowd.errors} errors${crowd.errorReasons.length ? ` (${crowd.errorReasons.join('; ')})` : ''}.`,
    ...(r.headlineErrors.length ? ['', `The measured client's errors: ${r.headlineErrors.join('; ')}.`] : []),
  ].join('\n');
}
