// The benchmark's method without a database: nearest-rank percentiles, option checks, the equivalence
// check's verdicts and diffs, and the interleaving of the three systems. No timings are asserted.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Executor } from '../../src/db/executor.ts';
import { runSweep, sweepTable, type SweepQuestion } from '../../bench/lib/sweep.ts';
import { parseBenchArgs, parseDuration, UsageError } from '../../bench/lib/args.ts';
import { checkEquivalence } from '../../bench/lib/equivalence.ts';
import { measure } from '../../bench/lib/load.ts';
import { SEED_ANCHORS } from '../../bench/lib/anchors.ts';
import { buildQuestions, SYSTEMS, type Prepared, type Question, type SystemName } from '../../bench/lib/questions.ts';
import { percentile, summarise } from '../../bench/lib/stats.ts';
import type { Ask } from '../../bench/lib/systems.ts';

describe('percentiles', () => {
  const samples = Array.from({ length: 100 }, (_, i) => i + 1);

  it('are nearest-rank: a value that was measured, never an interpolation', () => {
    expect(percentile(samples, 0.5)).toBe(50);
    expect(percentile(samples, 0.99)).toBe(99);
    expect(percentile(samples, 1)).toBe(100);
    expect(percentile([1.5, 2.5], 0.5)).toBe(1.5);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
  });

  it('summarise sorts, counts errors apart and divides completed requests by wall time', () => {
    const summary = summarise([30, 10, 20], 2, 1500);
    expect(summary).toMatchObject({ n: 3, errors: 2, p50: 20, p99: 30, mean: 20 });
    expect(summary.throughput).toBeCloseTo(2, 10);
  });
});

describe('bench options', () => {
  it('name the option, the value and what is allowed', () => {
    expect(() => parseBenchArgs(['--size', 'XL'])).toThrow(/--size must be one of S, M, L; got "XL"/);
    expect(() => parseBenchArgs([])).toThrow(/--size must be one of S, M, L; got nothing/);
    expect(() => parseBenchArgs(['--size', 'S', '--clients', '1,zero'])).toThrow(/--clients must be a whole number from 1 to 64; got "zero"/);
    expect(() => parseBenchArgs(['--size', 'S', '--duration', 'soon'])).toThrow(UsageError);
    expect(() => parseBenchArgs(['--size', 'S', '--record', 'Before Rewrite'])).toThrow(/--record must be a short name/);
    expect(() => parseBenchArgs(['--size', 'S', '--nope'])).toThrow(UsageError);
  });

  it('accept durations in ms, s and m, and default to 1 and 16 clients', () => {
    expect(parseDuration('duration', '500ms')).toBe(500);
    expect(parseDuration('duration', '10s')).toBe(10_000);
    expect(parseDuration('duration', '2m')).toBe(120_000);
    expect(parseDuration('duration', '3')).toBe(3000);
    const options = parseBenchArgs(['--size', 's']);
    expect(options).toMatchObject({ size: 'S', clients: [1, 16], quick: false, checkOnly: false, record: null });
  });

  it('warm the store as npm start does unless --cold, with a page cache that holds M', () => {
    expect(parseBenchArgs(['--size', 'M']).cold).toBe(false);
    expect(parseBenchArgs(['--size', 'M', '--cold']).cold).toBe(true);
    // M's store and indexes are ~1.5 GB: the default page cache must hold them, or reads keep going to disk.
    expect(parseBenchArgs(['--size', 'M']).pageCacheMb).toBeGreaterThanOrEqual(1800);
  });

  it('--quick keeps the whole run short: two short slices per system and few warm-up requests', () => {
    const quick = parseBenchArgs(['--size', 'S', '--quick']);
    expect(quick.durationMs / quick.sliceMs).toBe(2);
    expect(quick.sliceMs).toBeLessThan(parseBenchArgs(['--size', 'S']).sliceMs);
    expect(quick.warmupRequests).toBeLessThan(parseBenchArgs(['--size', 'S']).warmupRequests);
  });
});

/** A question whose canonical form is the answer itself. */
function question(key: string): Question {
  const same = (answer: unknown) => answer;
  return {
    key,
    title: key,
    chokepoint: { query: '{ x }', variables: {} },
    raw: { statement: { name: 'x', text: 'RETURN 1' }, params: {} },
    neo4jGraphql: { query: '{ x }', variables: {} },
    canonical: { chokepoint: same, raw: same, neo4jGraphql: same },
  };
}

function answering(answers: Record<SystemName, unknown>): Record<SystemName, Ask> {
  const ask = (s: SystemName): Ask => async () => structuredClone(answers[s]);
  return { chokepoint: ask('chokepoint'), raw: ask('raw'), neo4jGraphql: ask('neo4jGraphql') };
}

describe('equivalence check', () => {
  it('passes when the three canonical answers are deeply equal', async () => {
    const rows = [{ id: 'a', citations: [{ quote: 'q', source: 's' }] }];
    const [result] = await checkEquivalence([question('q1')], answering({ chokepoint: rows, raw: rows, neo4jGraphql: rows }));
    expect(result).toEqual({ question: 'q1', size: 1, disagreements: [] });
  });

  it('names the system that differs from the raw driver and shows the differing value', async () => {
    const raw = [{ id: 'a', citations: [{ quote: 'the quote', source: 's1' }] }];
    const wrong = [{ id: 'a', citations: [{ quote: 'the quote', source: 's2' }] }];
    const [result] = await checkEquivalence([question('q1')], answering({ chokepoint: wrong, raw, neo4jGraphql: raw }));
    expect(result!.disagreements).toHaveLength(1);
    expect(result!.disagreements[0]!.system).toBe('chokepoint');
    expect(result!.disagreements[0]!.diff).toContain("'s2'");
    expect(result!.disagreements[0]!.diff).toContain("'s1'");
  });

  it('treats order as part of the answer (systems must agree on the order the API defines)', async () => {
    const [result] = await checkEquivalence([question('q1')], answering({ chokepoint: ['a', 'b'], raw: ['a', 'b'], neo4jGraphql: ['b', 'a'] }));
    expect(result!.disagreements.map((d) => d.system)).toEqual(['neo4jGraphql']);
  });

  it('reports a system that fails instead of answering', async () => {
    const ask = answering({ chokepoint: [1], raw: [1], neo4jGraphql: [1] });
    ask.neo4jGraphql = async () => {
      throw new Error('HTTP 500 — Unknown function apoc.version');
    };
    const [result] = await checkEquivalence([question('q1')], ask);
    expect(result!.disagreements).toEqual([{ question: 'q1', system: 'neo4jGraphql', diff: 'failed: HTTP 500 — Unknown function apoc.version' }]);
  });
});

describe('interleaving', () => {
  it('gives each system turns in every round, starting with a different system each round', async () => {
    const calls: SystemName[] = [];
    const recording = (s: SystemName): Ask => async () => {
      calls.push(s);
      await new Promise((resolve) => setTimeout(resolve, 2));
    };
    const ask = { chokepoint: recording('chokepoint'), raw: recording('raw'), neo4jGraphql: recording('neo4jGraphql') };
    const rounds = 3;
    const cells = await measure([question('q1')], ask, { clients: [2], sliceMs: 15, rounds, warmupRequests: 0 }, () => {});

    // Collapse consecutive calls of one system into slices: rounds × systems slices, in rotating order.
    const slices = calls.filter((s, i) => i === 0 || calls[i - 1] !== s);
    expect(slices).toHaveLength(rounds * SYSTEMS.length);
    for (let round = 0; round < rounds; round++) {
      const turn = slices.slice(round * SYSTEMS.length, (round + 1) * SYSTEMS.length);
      expect(new Set(turn).size).toBe(SYSTEMS.length);
      expect(turn[0]).toBe(SYSTEMS[round % SYSTEMS.length]);
    }
    expect(cells.map((c) => c.system)).toEqual([...SYSTEMS]);
    for (const c of cells) {
      expect(c.summary.n).toBe(calls.filter((s) => s === c.system).length);
      expect(c.summary.errors).toBe(0);
    }
  });

  it('counts failed requests as errors with their message, not as latency samples', async () => {
    const ask = answering({ chokepoint: 1, raw: 1, neo4jGraphql: 1 });
    ask.chokepoint = async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      throw new Error('HTTP 503 — DATABASE_UNAVAILABLE: try later');
    };
    const cells = await measure([question('q1')], ask, { clients: [1], sliceMs: 10, rounds: 1, warmupRequests: 0 }, () => {});
    const chokepoint = cells.find((c) => c.system === 'chokepoint')!;
    expect(chokepoint.summary.n).toBe(0);
    expect(chokepoint.summary.errors).toBeGreaterThan(0);
    expect(chokepoint.errorMessages).toEqual(['HTTP 503 — DATABASE_UNAVAILABLE: try later']);
  });
});

describe("the timeline question's canonical answers", () => {
  // The S run of session 3 stopped at the equivalence check: the API answers a NOT_AFTER event's open
  // first day as null, the raw driver reads the read model's sort sentinel 0001-01-01 (src/seed/read-model.ts).
  const prepared: Prepared = {
    broadStatement: 'anchored', broadShare: 0.1, narrowIds: ['a'], broadIds: ['a'], timelineIds: ['china'], timelineStatement: 'anchored',
    searchQuery: 'x', searchFuzzyQuery: 'x~', searchKey: 'x', governmentTypes: ['government'],
  };
  const timeline = buildQuestions(SEED_ANCHORS, prepared).find((q) => q.key === 'timeline')!;
  const policy = { id: 'us-china-trade-war-trump', name: 'Trade war' };

  it('agree on an undated event placed before its source (NOT_AFTER), with its last possible day', () => {
    const api = timeline.canonical.chokepoint({
      timeline: { nodes: [{ id: `policy:${policy.id}`, kind: 'POLICY', date: { start: null, end: '2024-05-14', precision: 'NOT_AFTER' }, policy, relationship: null }] },
    });
    const raw = timeline.canonical.raw([{ key: `policy:${policy.id}`, start: '0001-01-01', end: '2024-05-14', precision: 'not_after', policy, relationship: null }]);
    const graphql = timeline.canonical.neo4jGraphql({ timeline: [{ __typename: 'Policy', ...policy, whenStart: '0001-01-01', whenEnd: '2024-05-14', whenPrecision: 'not_after' }] });
    expect(api).toEqual(raw);
    expect(graphql).toEqual(raw);
    expect((raw as { date: unknown }[])[0]!.date).toEqual({ start: null, end: '2024-05-14', precision: 'not_after' });
  });

  it('still tell a different last day apart', () => {
    const api = timeline.canonical.chokepoint({
      timeline: { nodes: [{ id: `policy:${policy.id}`, kind: 'POLICY', date: { start: null, end: '2024-05-14', precision: 'NOT_AFTER' }, policy, relationship: null }] },
    });
    const raw = timeline.canonical.raw([{ key: `policy:${policy.id}`, start: '0001-01-01', end: '2024-05-15', precision: 'not_after', policy, relationship: null }]);
    expect(api).not.toEqual(raw);
  });
});

describe('the sweep beside the hand-written statement', () => {
  it('asks both for every case, alternating which goes first, and reports the p99 ratio and the table', async () => {
    const order: string[] = [];
    const server = createServer((req, res) => {
      order.push('api');
      req.resume();
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ data: { ok: true } }));
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    const executor = {
      read: async () => {
        order.push('raw');
        await new Promise((done) => setTimeout(done, 5));
        return [];
      },
    } as unknown as Executor;
    const statement = { name: 'bench.test', text: 'RETURN 1' };
    const question: SweepQuestion = {
      key: 'headline-narrow',
      title: 'measures',
      query: '{ ok }',
      cases: ['A', 'B', 'C', 'D'].map((label) => ({ label, variables: {}, raw: { statement, params: {} } })),
    };
    try {
      const [summary] = await runSweep(`http://127.0.0.1:${port}`, [question], () => {}, executor);
      expect(order).toEqual(['api', 'raw', 'raw', 'api', 'api', 'raw', 'raw', 'api']);
      expect(summary!.n).toBe(4);
      expect(summary!.raw!.n).toBe(4);
      expect(summary!.raw!.p99).toBeGreaterThanOrEqual(4);
      expect(summary!.raw!.p99Ratio).toBeCloseTo(summary!.p99 / summary!.raw!.p99, 6);
      const table = sweepTable([summary!], 1);
      expect(table).toContain('API p99 ÷ statement p99');
      expect(table).toContain(`${summary!.raw!.p99Ratio.toFixed(2)}×`);
    } finally {
      server.close();
    }
  });

  it('counts partial answers and names each with the reason the API gave', async () => {
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const label = JSON.parse(body).variables.label;
        res.setHeader('content-type', 'application/json');
        const partial = label === 'B' ? { partial: [{ path: ['path'], reason: 'the work budget ran out after 2 levels' }] } : {};
        res.end(JSON.stringify({ data: { ok: true }, extensions: { ...partial } }));
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    const question: SweepQuestion = { key: 'path', title: 'path', query: '{ ok }', cases: ['A', 'B'].map((label) => ({ label, variables: { label } })) };
    try {
      const [summary] = await runSweep(`http://127.0.0.1:${port}`, [question], () => {});
      expect(summary!.partial).toBe(1);
      expect(summary!.samples.find((x) => x.label === 'B')).toMatchObject({ partial: true, partialReasons: ['the work budget ran out after 2 levels'] });
      expect(summary!.samples.find((x) => x.label === 'A')!.partial).toBeUndefined();
      expect(sweepTable([summary!], 1)).toMatch(/Partial answers, with the reason the API gave:\n\n- path: B \([\d.]+ ms\) — the work budget ran out after 2 levels/);
    } finally {
      server.close();
    }
  });

  it('asks the warm-up cases first, API and statement, and keeps them out of the figures', async () => {
    const asked: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        asked.push(`api ${JSON.parse(body).variables.label}`);
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ data: { ok: true } }));
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    const executor = {
      read: async (_statement: unknown, params: { label: string }) => {
        asked.push(`raw ${params.label}`);
        return [];
      },
    } as unknown as Executor;
    const statement = { name: 'bench.test', text: 'RETURN 1' };
    const make = (label: string) => ({ label, variables: { label }, raw: { statement, params: { label } } });
    const question: SweepQuestion = { key: 'headline-narrow', title: 'measures', query: '{ ok }', cases: ['A', 'B'].map(make), warmup: ['w1', 'w2'].map(make) };
    try {
      const [summary] = await runSweep(`http://127.0.0.1:${port}`, [question], () => {}, executor);
      expect(asked.slice(0, 4)).toEqual(['api w1', 'raw w1', 'api w2', 'raw w2']);
      expect(summary!.n).toBe(2);
      expect(summary!.samples.map((s) => s.label)).toEqual(['A', 'B']);
      expect(summary!.raw!.samples.map((s) => s.label)).toEqual(['A', 'B']);
      expect(summary!.warmup).toHaveLength(2);
      expect(sweepTable([summary!], 1)).toMatch(/not counted above[\s\S]*- headline-narrow: /);
    } finally {
      server.close();
    }
  });
});
