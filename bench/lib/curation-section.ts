// `npm run bench -- --curation`: the write side measured through the API on the bench graph, with real
// keys (a contributor proposes, a reviewer accepts) and quotes drawn from a generated source text the
// service holds (issue 18): accepting a proposal (p50/p99/max), accepted changes per second sustained
// by several propose+accept loops, a few read questions with and without a concurrent writer in
// interleaved slices, and the change feed's delivery to SSE subscribers of the accepting process and of
// a second API process. Pure arithmetic is exported apart so tests can check it.
import { ApiKeys } from '../../src/auth/api-keys.ts';
import { cypher, type Executor } from '../../src/db/executor.ts';
import { lastChangeSeq } from '../../src/cypher/curation.ts';
import type { Ontology } from '../../src/ontology/ontology.ts';
import { subscribeFeed, type FeedEvent } from './feed-subscriber.ts';
import { alternatingSlices } from './interleave.ts';
import type { Question } from './questions.ts';
import { percentile, summarise, type Summary } from './stats.ts';

export interface CurationPlan {
  /** Proposals accepted one after another to time the acceptance. */
  accepts: number;
  /** Propose+accept loops running at once for the sustained rate, and how long, in ms. */
  writers: number;
  sustainMs: number;
  /** Interleaved read slices: rounds of (alone, with a writer), each slice this long. */
  readRounds: number;
  readSliceMs: number;
  /** Changes accepted one at a time (with a pause) while two feed subscribers listen. */
  feedChanges: number;
}

export const CURATION_PLANS: Record<'quick' | 'normal', CurationPlan> = {
  quick: { accepts: 40, writers: 4, sustainMs: 5_000, readRounds: 3, readSliceMs: 1_000, feedChanges: 20 },
  normal: { accepts: 300, writers: 8, sustainMs: 30_000, readRounds: 10, readSliceMs: 3_000, feedChanges: 100 },
};

/** The read questions asked with and without a writer (keys of bench/lib/questions.ts). */
export const CURATION_READ_QUESTIONS = ['headline-narrow', 'entity-page', 'search'];

export interface Latencies {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

export interface ReadComparison {
  question: string;
  alone: Summary;
  withWriter: Summary;
  /** withWriter.p99 ÷ alone.p99. */
  p99Ratio: number;
}

export interface CurationResult {
  plan: CurationPlan;
  feedPollMs: number;
  source: { id: string; sentences: number; bytes: number };
  pairs: number;
  accept: Latencies & { errors: number };
  propose: Latencies;
  sustained: { writers: number; seconds: number; accepted: number; perSecond: number; errors: number; errorMessages: string[]; accept: Latencies };
  reads: ReadComparison[];
  writerDuringReads: { accepted: number; perSecond: number; errors: number };
  feed: { sameProcess: DeliveryLatencies; otherProcess: DeliveryLatencies };
  poll: Latencies;
}

/** Delivery of each accepted change to one subscriber, in ms. */
export interface DeliveryLatencies {
  /** Event received − the accepting response received (the change had committed by then; below 0: the event came first). */
  afterResponse: Latencies;
  /** Event received − the accepting request sent: an upper bound that includes the acceptance itself. */
  afterRequest: Latencies;
  /** Accepted changes the subscriber never received. */
  missing: number;
}

export function latencies(samples: readonly number[]): Latencies {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted.at(-1) ?? Number.NaN };
}

export interface TimedAccept {
  seq: number;
  sentAt: number;
  answeredAt: number;
}

/** Pairs each accepted change with the subscriber's event of the same seq. */
export function deliveryLatencies(accepts: readonly TimedAccept[], events: readonly FeedEvent[]): DeliveryLatencies {
  const bySeq = new Map(events.map((e) => [e.seq, e.receivedAt]));
  const afterResponse: number[] = [];
  const afterRequest: number[] = [];
  let missing = 0;
  for (const a of accepts) {
    const at = bySeq.get(a.seq);
    if (at === undefined) {
      missing++;
      continue;
    }
    afterResponse.push(at - a.answeredAt);
    afterRequest.push(at - a.sentAt);
  }
  return { afterResponse: latencies(afterResponse), afterRequest: latencies(afterRequest), missing };
}

/**
 * A source text of `count` distinct sentences that carry no modality cue (schema/ontology/modality.yaml),
 * so each is a verbatim quote fit for a relationship of the default modality.
 */
export function benchSourceText(count: number): { text: string; sentences: string[] } {
  const sentences = Array.from({ length: count }, (_, i) => `Ledger line ${String(i + 1).padStart(5, '0')} links the two parties in this benchmark record.`);
  return { text: `BENCH LEDGER - ${sentences.join(' ')}`, sentences };
}

/** Existing relationships of the default modality: their endpoints and type take the new ones (valid by construction). */
const benchPairs = cypher(
  'bench.curationPairs',
  `
MATCH (c:Claim) WHERE c.modality = $modality
RETURN c.type AS type, c.fromId AS from, c.toId AS to
LIMIT $limit
`,
);

class ApiError extends Error {
  override name = 'ApiError';
}

async function gql(url: string, key: string, query: string, variables: Record<string, unknown>): Promise<any> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  if (!response.ok || body.errors) throw new ApiError(`HTTP ${response.status}: ${(body.errors ?? []).map((e) => `${e.extensions?.code ?? 'ERROR'} ${e.message}`).join('; ').slice(0, 300)}`);
  return body.data;
}

const PROPOSE = 'mutation ($input: RelationshipProposalInput!) { proposeRelationship(input: $input) { id revision } }';
const ACCEPT = 'mutation ($id: ID!, $r: Int!) { review(id: $id, revision: $r, decision: ACCEPT) { change { seq } } }';

export interface CurationDeps {
  /** The API process that takes the writes, and a second one on the same database (the feed's other process). */
  url: string;
  otherUrl: string;
  executor: Executor;
  ontology: Ontology;
  /** The read questions (bench/lib/questions.ts), asked through the API. */
  questions: Question[];
  feedPollMs: number;
  log: (line: string) => void;
}

export async function runCurationSection(deps: CurationDeps, plan: CurationPlan): Promise<CurationResult> {
  const { url, executor, ontology, log } = deps;
  const stamp = Date.now().toString(36);
  const keys = new ApiKeys(executor);
  const contributor = (await keys.create(`bench-contributor-${stamp}`, 'contributor', 'bench')).token;
  const reviewer = (await keys.create(`bench-reviewer-${stamp}`, 'reviewer', 'bench')).token;

  // One held text (well under the 64 KiB request limit); relationships may cite the same sentence.
  const { text, sentences } = benchSourceText(400);
  const sourceId = `bench-ledger-${stamp}`;
  await gql(url, contributor, 'mutation ($input: SourceInput!) { registerSource(input: $input) { seq } }', {
    input: { id: sourceId, type: 'news_report', title: 'Benchmark ledger', urlNote: 'generated by npm run bench -- --curation', text },
  });
  const pairs = (await executor.read(benchPairs, { modality: ontology.defaultModality, limit: 64 })).map((r) => ({ type: String(r.type), from: String(r.from), to: String(r.to) }));
  if (pairs.length === 0) throw new Error(`the bench graph has no relationship of modality '${ontology.defaultModality}' to take endpoints from`);
  log(`curation: source ${sourceId} (${sentences.length} sentences, ${text.length} bytes), ${pairs.length} endpoint pairs`);

  let counter = 0;
  const proposeTimes: number[] = [];
  const propose = async (): Promise<{ id: string; revision: number }> => {
    const n = counter++;
    const pair = pairs[n % pairs.length]!;
    const t0 = performance.now();
    const data = await gql(url, contributor, PROPOSE, {
      input: { ...pair, key: `bench-${stamp}-${n}`, citations: [{ sourceId, quote: sentences[n % sentences.length] }] },
    });
    proposeTimes.push(performance.now() - t0);
    return data.proposeRelationship;
  };
  const accept = async (p: { id: string; revision: number }): Promise<TimedAccept> => {
    const sentAt = performance.now();
    const data = await gql(url, reviewer, ACCEPT, { id: p.id, r: p.revision });
    return { seq: Number(data.review.change.seq), sentAt, answeredAt: performance.now() };
  };

  // 1. Accepting, one at a time: the proposals are made first, so only the acceptance is timed.
  const queued = [];
  for (let i = 0; i < plan.accepts; i++) queued.push(await propose());
  const acceptTimes: number[] = [];
  let acceptErrors = 0;
  for (const p of queued) {
    try {
      const a = await accept(p);
      acceptTimes.push(a.answeredAt - a.sentAt);
    } catch {
      acceptErrors++;
    }
  }
  const acceptLatencies = { ...latencies(acceptTimes), errors: acceptErrors };
  log(`curation: accept p50 ${acceptLatencies.p50.toFixed(1)} ms, p99 ${acceptLatencies.p99.toFixed(1)} ms over ${acceptTimes.length}`);

  // 2. Sustained: `writers` loops propose and accept for sustainMs; the rate is accepted changes ÷ wall time.
  const sustainedAccepts: number[] = [];
  const messages = new Set<string>();
  let sustainedErrors = 0;
  const sustainStart = performance.now();
  const sustainEnd = sustainStart + plan.sustainMs;
  await Promise.all(
    Array.from({ length: plan.writers }, async () => {
      while (performance.now() < sustainEnd) {
        try {
          const a = await accept(await propose());
          sustainedAccepts.push(a.answeredAt - a.sentAt);
        } catch (error) {
          sustainedErrors++;
          if (messages.size < 3) messages.add((error as Error).message);
        }
      }
    }),
  );
  const sustainSeconds = (performance.now() - sustainStart) / 1000;
  const sustained = {
    writers: plan.writers,
    seconds: sustainSeconds,
    accepted: sustainedAccepts.length,
    perSecond: sustainedAccepts.length / sustainSeconds,
    errors: sustainedErrors,
    errorMessages: [...messages],
    accept: latencies(sustainedAccepts),
  };
  log(`curation: ${sustained.accepted} accepted in ${sustainSeconds.toFixed(1)} s by ${plan.writers} writers: ${sustained.perSecond.toFixed(1)}/s (${sustainedErrors} errors)`);

  // 3. Reads alone and with one propose+accept writer, in interleaved slices.
  const questions = deps.questions.filter((q) => CURATION_READ_QUESTIONS.includes(q.key));
  const tallies = new Map(questions.map((q) => [q.key, { alone: [] as number[], withWriter: [] as number[], aloneErrors: 0, writerErrors: 0, aloneMs: 0, writerMs: 0 }]));
  let writerAccepted = 0;
  let writerErrors = 0;
  let writerMs = 0;
  for (const withWriter of alternatingSlices(plan.readRounds)) {
    for (const question of questions) {
      const tally = tallies.get(question.key)!;
      const sliceStart = performance.now();
      const end = sliceStart + plan.readSliceMs;
      let writing = withWriter;
      const writer = (async () => {
        while (writing) {
          try {
            await accept(await propose());
            writerAccepted++;
          } catch {
            writerErrors++;
          }
        }
      })();
      while (performance.now() < end) {
        const t0 = performance.now();
        try {
          await gql(url, reviewer, question.chokepoint.query, question.chokepoint.variables);
          (withWriter ? tally.withWriter : tally.alone).push(performance.now() - t0);
        } catch {
          if (withWriter) tally.writerErrors++;
          else tally.aloneErrors++;
        }
      }
      writing = false;
      await writer;
      const wall = performance.now() - sliceStart;
      if (withWriter) {
        tally.writerMs += wall;
        writerMs += wall;
      } else tally.aloneMs += wall;
    }
  }
  const reads: ReadComparison[] = questions.map((q) => {
    const t = tallies.get(q.key)!;
    const alone = summarise(t.alone, t.aloneErrors, t.aloneMs);
    const withWriter = summarise(t.withWriter, t.writerErrors, t.writerMs);
    return { question: q.key, alone, withWriter, p99Ratio: withWriter.p99 / alone.p99 };
  });
  for (const r of reads) log(`curation: ${r.question} p99 ${r.alone.p99.toFixed(1)} ms alone, ${r.withWriter.p99.toFixed(1)} ms with a writer (${r.p99Ratio.toFixed(2)}×)`);

  // 4. The feed: subscribers on this process and on the other one; changes accepted one at a time with a pause.
  const [state] = await executor.read(lastChangeSeq);
  const since = Number(state?.seq ?? 0);
  const same = subscribeFeed(url, since);
  const other = subscribeFeed(deps.otherUrl, since);
  await Promise.all([same.opened, other.opened]);
  const feedAccepts: TimedAccept[] = [];
  for (let i = 0; i < plan.feedChanges; i++) {
    const proposal = await propose();
    // A pause of 20–80 ms: subscribers are waiting (not reading a backlog) when each change commits.
    await new Promise((r) => setTimeout(r, 20 + Math.random() * 60));
    feedAccepts.push(await accept(proposal));
  }
  const lastSeq = feedAccepts.at(-1)!.seq;
  await Promise.all([same.waitFor(lastSeq, 30_000), other.waitFor(lastSeq, 30_000)]).catch((error) => log(`curation: feed: ${(error as Error).message}`));
  await Promise.all([same.stop(), other.stop()]);
  const feed = { sameProcess: deliveryLatencies(feedAccepts, same.events), otherProcess: deliveryLatencies(feedAccepts, other.events) };
  log(`curation: feed same process p99 ${feed.sameProcess.afterResponse.p99.toFixed(1)} ms, other process p99 ${feed.otherProcess.afterResponse.p99.toFixed(1)} ms`);

  // 5. The price of the feed's poll: the one indexed read each API process makes every FEED_POLL_MS while anyone subscribes.
  const pollTimes: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    await executor.read(lastChangeSeq);
    pollTimes.push(performance.now() - t0);
  }

  return {
    plan,
    feedPollMs: deps.feedPollMs,
    source: { id: sourceId, sentences: sentences.length, bytes: text.length },
    pairs: pairs.length,
    accept: acceptLatencies,
    propose: latencies(proposeTimes),
    sustained,
    reads,
    writerDuringReads: { accepted: writerAccepted, perSecond: writerMs > 0 ? writerAccepted / (writerMs / 1000) : 0, errors: writerErrors },
    feed,
    poll: latencies(pollTimes),
  };
}

const ms = (x: number) => (Number.isNaN(x) ? '–' : Math.abs(x) < 10 ? x.toFixed(1) : x.toFixed(0));
const trio = (l: Latencies) => `${ms(l.p50)} / ${ms(l.p99)} / ${ms(l.max)}`;
const verdict = (met: boolean) => (met ? 'met on this run' : '**not met** on this run');

/** The section's tables, each figure beside its goal (issue 18). */
export function curationTables(r: CurationResult): string {
  const worstRatio = Math.max(...r.reads.map((x) => x.p99Ratio));
  return [
    `**Curation through the API** — contributor and reviewer keys, quotes from a held generated text (${r.source.sentences} sentences), new relationships between ${r.pairs} existing pairs of endpoints; p50 / p99 / max in ms.`,
    '',
    '| measure | figure | goal | |',
    '|---|---:|---|---|',
    `| accepting a proposal, one at a time (${r.accept.n}, ${r.accept.errors} errors) | ${trio(r.accept)} | p99 < 50 ms | ${verdict(r.accept.p99 < 50 && r.accept.errors === 0)} |`,
    `| accepted changes per second, ${r.sustained.writers} propose+accept loops × ${r.sustained.seconds.toFixed(1)} s (${r.sustained.accepted} accepted, ${r.sustained.errors} errors) | ${r.sustained.perSecond.toFixed(1)}/s | ≥ 200/s | ${verdict(r.sustained.perSecond >= 200 && r.sustained.errors === 0)} |`,
    `| their acceptances under that load | ${trio(r.sustained.accept)} | | |`,
    ...(r.sustained.errorMessages.length > 0 ? [`| the sustained run's errors (up to three distinct) | ${r.sustained.errorMessages.map((m) => m.replaceAll('|', '/')).join('; ')} | | |`] : []),
    `| the proposals (all of the run) | ${trio(r.propose)} | | |`,
    `| worst read p99 with a writer ÷ alone (below) | ${worstRatio.toFixed(2)}× | within ±10 % | ${verdict(worstRatio <= 1.1 && r.writerDuringReads.accepted > 0 && r.writerDuringReads.errors === 0)} |`,
    `| feed delivery, subscriber of the accepting process (${r.feed.sameProcess.afterResponse.n}, ${r.feed.sameProcess.missing} missing) | ${trio(r.feed.sameProcess.afterResponse)} | p99 < 100 ms | ${verdict(r.feed.sameProcess.afterResponse.p99 < 100 && r.feed.sameProcess.missing === 0)} |`,
    `| feed delivery, subscriber of another API process (poll every ${r.feedPollMs} ms; ${r.feed.otherProcess.missing} missing) | ${trio(r.feed.otherProcess.afterResponse)} | p99 < 100 ms | ${verdict(r.feed.otherProcess.afterResponse.p99 < 100 && r.feed.otherProcess.missing === 0)} |`,
    `| the same two, from the accepting request's send (upper bound) | ${trio(r.feed.sameProcess.afterRequest)}; ${trio(r.feed.otherProcess.afterRequest)} | | |`,
    `| the feed's poll (\`curation.lastChangeSeq\`, 200 reads) | ${trio(r.poll)} | | |`,
    '',
    `**Reads with and without a writer** — ${r.plan.readRounds} rounds of slices of ${r.plan.readSliceMs / 1000} s per question, alone and with one propose+accept loop (which accepted ${r.writerDuringReads.accepted}, ${r.writerDuringReads.perSecond.toFixed(1)}/s, ${r.writerDuringReads.errors} errors), alternating; one reading client.`,
    '',
    '| question | alone p50 / p99 | with a writer p50 / p99 | p99 ratio | requests alone / with |',
    '|---|---:|---:|---:|---:|',
    ...r.reads.map(
      (x) =>
        `| ${x.question} | ${ms(x.alone.p50)} / ${ms(x.alone.p99)} | ${ms(x.withWriter.p50)} / ${ms(x.withWriter.p99)} | ${x.p99Ratio.toFixed(2)}× | ${x.alone.n} / ${x.withWriter.n}${x.alone.errors + x.withWriter.errors > 0 ? ` (${x.alone.errors + x.withWriter.errors} errors)` : ''} |`,
    ),
  ].join('\n');
}
