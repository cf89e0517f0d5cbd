// The arithmetic and outputs of `npm run bench -- --curation` and `--playground-load`, without a
// database: latencies pair each accepted change with its feed event, slices alternate fairly, the
// generated quotes are fit for the default modality, SSE blocks parse, and every goal's verdict follows
// from the figure beside it (a figure just over a goal is never reported as met).
import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../../bench/lib/args.ts';
import { benchSourceText, curationTables, deliveryLatencies, latencies, type CurationResult } from '../../bench/lib/curation-section.ts';
import { parseSseBlocks } from '../../bench/lib/feed-subscriber.ts';
import { alternatingSlices } from '../../bench/lib/interleave.ts';
import { assetPaths } from '../../bench/lib/playground-loaders.ts';
import { comparePhases, playgroundTable, type PlaygroundResult } from '../../bench/lib/playground-section.ts';
import { summarise } from '../../bench/lib/stats.ts';
import { cuesIn } from '../../src/ontology/modality.ts';
import { loadOntology } from '../../src/ontology/ontology.ts';

describe('latencies and the feed’s delivery', () => {
  it('are nearest-rank with the largest sample as max', () => {
    expect(latencies([5, 1, 3, 2, 4])).toEqual({ n: 5, p50: 3, p99: 5, max: 5 });
    expect(latencies([]).n).toBe(0);
    expect(latencies([]).p99).toBeNaN();
  });

  it('pair each accepted change with the event of its seq, keep negative delays, and count what never came', () => {
    const accepts = [
      { seq: 7, sentAt: 100, answeredAt: 130 },
      { seq: 8, sentAt: 200, answeredAt: 240 },
      { seq: 9, sentAt: 300, answeredAt: 320 },
    ];
    const events = [
      { seq: 8, kind: 'ADD_RELATIONSHIP', itemId: 'b', receivedAt: 235 },
      { seq: 7, kind: 'ADD_RELATIONSHIP', itemId: 'a', receivedAt: 150 },
      { seq: 6, kind: 'REGISTER_SOURCE', itemId: 'x', receivedAt: 10 },
    ];
    const d = deliveryLatencies(accepts, events);
    expect(d.missing).toBe(1);
    expect(d.afterResponse).toEqual({ n: 2, p50: -5, p99: 20, max: 20 });
    expect(d.afterRequest).toEqual({ n: 2, p50: 35, p99: 50, max: 50 });
  });
});

describe('interleaving', () => {
  it('gives both sides the same number of slices and alternates which comes first', () => {
    const slices = alternatingSlices(4);
    expect(slices).toEqual([false, true, true, false, false, true, true, false]);
    expect(slices.filter(Boolean)).toHaveLength(4);
    expect(alternatingSlices(0)).toEqual([]);
  });

  it('compares p99 with the load to p99 alone', () => {
    const compared = comparePhases({ latencies: [10, 20, 30, 40], errors: 0, wallMs: 1000 }, { latencies: [15, 25, 60], errors: 1, wallMs: 1000 });
    expect(compared.alone.p99).toBe(40);
    expect(compared.withLoaders.p99).toBe(60);
    expect(compared.p99Ratio).toBe(1.5);
    expect(compared.withLoaders.errors).toBe(1);
  });
});

describe('the generated source text', () => {
  it('holds each quote verbatim, once, with no modality cue (fit for the default modality)', () => {
    const ontology = loadOntology();
    const { text, sentences } = benchSourceText(400);
    expect(new Set(sentences).size).toBe(400);
    expect(text.length).toBeLessThan(60 * 1024);
    for (const s of sentences) {
      expect(text.split(s)).toHaveLength(2);
      expect(cuesIn(s, ontology)).toEqual([]);
    }
  });
});

describe('SSE blocks', () => {
  it('yield each data payload and keep an unfinished block for the next chunk', () => {
    const first = parseSseBlocks(':\n\nevent: next\ndata: {"a":1}\n\nevent: next\ndata: {"a"');
    expect(first.data).toEqual(['{"a":1}']);
    const second = parseSseBlocks(`${first.rest}:2}\n\n`);
    expect(second).toEqual({ data: ['{"a":2}'], rest: '' });
  });

  it('find the playground’s assets once each', () => {
    expect(assetPaths('<script src="/assets/a.js"></script><link href="/assets/b.css"><script src="/assets/a.js">')).toEqual(['/assets/a.js', '/assets/b.css']);
  });
});

const curation = (over: { acceptP99?: number; perSecond?: number; ratio?: number; feedP99?: number; otherP99?: number }): CurationResult => {
  const l = (p99: number) => ({ n: 10, p50: p99 / 2, p99, max: p99 });
  const read = (ratio: number) => ({ question: 'entity-page', alone: summarise([10, 10], 0, 1000), withWriter: summarise([10, 10 * ratio], 0, 1000), p99Ratio: ratio });
  return {
    plan: { accepts: 10, writers: 2, sustainMs: 1000, readRounds: 1, readSliceMs: 1000, feedChanges: 10 },
    feedPollMs: 50,
    source: { id: 's', sentences: 400, bytes: 1 },
    pairs: 3,
    accept: { ...l(over.acceptP99 ?? 20), errors: 0 },
    propose: l(10),
    sustained: { writers: 2, seconds: 10, accepted: (over.perSecond ?? 250) * 10, perSecond: over.perSecond ?? 250, errors: 0, errorMessages: [], accept: l(30) },
    reads: [read(over.ratio ?? 1.05)],
    writerDuringReads: { accepted: 5, perSecond: 5, errors: 0 },
    feed: {
      sameProcess: { afterResponse: l(over.feedP99 ?? 5), afterRequest: l(30), missing: 0 },
      otherProcess: { afterResponse: l(over.otherP99 ?? 40), afterRequest: l(60), missing: 0 },
    },
    poll: l(1),
  };
};

describe('verdicts', () => {
  const rows = (text: string) => text.split('\n');
  const row = (text: string, start: string) => rows(text).find((r) => r.startsWith(start))!;

  it('say "met" only when the figure meets its goal', () => {
    const good = curationTables(curation({}));
    expect(good).not.toContain('not met');
    expect(row(good, '| accepting a proposal')).toContain('| 10 / 20 / 20 | p99 < 50 ms | met on this run |');

    expect(row(curationTables(curation({ acceptP99: 50 })), '| accepting a proposal')).toContain('**not met**');
    expect(row(curationTables(curation({ perSecond: 199.9 })), '| accepted changes per second')).toContain('199.9/s | ≥ 200/s | **not met**');
    expect(row(curationTables(curation({ ratio: 1.11 })), '| worst read p99')).toContain('1.11× | within ±10 % | **not met**');
    // A writer that wrote nothing (or failed) does not make "with a writer" a comparison.
    const idle = curation({});
    idle.writerDuringReads = { accepted: 0, perSecond: 0, errors: 3 };
    expect(row(curationTables(idle), '| worst read p99')).toContain('**not met**');
    expect(row(curationTables(curation({ feedP99: 100 })), '| feed delivery, subscriber of the accepting')).toContain('**not met**');
    expect(row(curationTables(curation({ otherP99: 120 })), '| feed delivery, subscriber of another')).toContain('**not met**');
  });

  it('judge the playground by p99 with the crowd ÷ p99 alone, at most 1.2×', () => {
    const result = (ratio: number): PlaygroundResult => ({
      plan: { loaders: 64, rounds: 2, sliceMs: 1000, settleMs: 100 },
      question: 'headline-narrow',
      alone: summarise([100], 0, 1000),
      withLoaders: summarise([100 * ratio], 0, 1000),
      p99Ratio: ratio,
      headlineErrors: [],
      crowd: { pages: 10, bytes: 2 ** 21, errors: 0, refused: 3, errorReasons: [], mib: 2 },
    });
    expect(playgroundTable(result(1.2))).toContain('**1.20×** (goal ≤ 1.2×: met on this run)');
    expect(playgroundTable(result(1.21))).toContain('**1.21×** (goal ≤ 1.2×: **not met** on this run)');
    expect(playgroundTable(result(1.2))).toContain('10 page loads, 2 MiB received, 3 answers 429');
    // No answer on one side: no ratio at all, rather than NaN called "not met".
    const none = { ...result(1), withLoaders: summarise([], 3, 1000), p99Ratio: Number.NaN, headlineErrors: ['HTTP 200 — QUERY_TIMEOUT'] };
    expect(playgroundTable(none)).toContain('**no figure** (1 answers alone, 0 with the loaders)');
    expect(playgroundTable(none)).toContain("The measured client's errors: HTTP 200 — QUERY_TIMEOUT.");
  });
});

describe('options', () => {
  it('take --curation, --playground-load and a bounded --loaders', () => {
    expect(parseBenchArgs(['--size', 'S', '--curation'])).toMatchObject({ curation: true, playgroundLoad: false, loaders: 64 });
    expect(parseBenchArgs(['--size', 'M', '--playground-load', '--loaders', '32'])).toMatchObject({ curation: false, playgroundLoad: true, loaders: 32 });
    expect(() => parseBenchArgs(['--size', 'S', '--playground-load', '--loaders', '1000'])).toThrow(/--loaders must be a whole number from 1 to 256; got "1000"/);
  });
});
