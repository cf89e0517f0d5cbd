// The planner picks an anchor by cost (src/cypher/measures.ts, src/cypher/timeline.ts); whichever it picks,
// the answer must be the same. Each question is answered here under every anchor, page by page, and the
// answers compared — on the seed graph, where a cost model alone would always pick one of them.
import { describe, expect, it } from 'vitest';
import type { MeasureAnchor, MeasureFilter } from '../../src/cypher/measures.ts';
import type { TimelineAnchor } from '../../src/cypher/timeline.ts';
import { timelineStatement } from '../../src/cypher/timeline.ts';
import { CypherBuilder } from '../../src/cypher/projection/builder.ts';
import { cypher, type PlanNode, type ProfiledNode } from '../../src/db/executor.ts';
import { Repository } from '../../src/repository/repository.ts';
import { testApp } from '../support/app.ts';
import { seedGraph, testExecutor, testOntology, closeTestExecutor } from '../support/database.ts';
import { cacheSignature } from '../support/plans.ts';
import { afterAll, beforeAll } from 'vitest';

beforeAll(async () => {
  await seedGraph();
});
afterAll(async () => {
  await closeTestExecutor();
});

const repo = () => new Repository(testExecutor(), testOntology());

async function involved(name: string) {
  const resolved = await repo().resolveNames([{ argument: 'e', text: name, key: name.toLowerCase(), phrase: `"${name.toLowerCase()}"`, labels: [...testOntology().entityKinds], expand: 'involved', minSources: 0 }]);
  return resolved.get('e')!.matches[0]!.ids;
}

async function timelineKeys(entityIds: string[] | null, anchor: TimelineAnchor, pageSize: number, window: { from?: string; to?: string } = {}, policiesInSet?: boolean) {
  const keys: string[] = [];
  let after: string | null = null;
  for (let i = 0; i < 100; i++) {
    const page = await repo().timeline({
      entityIds, anchor, policiesInSet, from: window.from ?? null, to: window.to ?? null, after, limit: pageSize + 1,
      policyFields: [], relationshipFields: [], withRows: true, withTotal: i === 0,
    });
    const rows = page.rows.slice(0, pageSize);
    keys.push(...rows.map((r) => r.eventKey));
    if (page.rows.length <= pageSize) return keys;
    after = rows.at(-1)!.eventKey;
  }
  throw new Error('did not end');
}

async function measureIds(filter: MeasureFilter, anchor: MeasureAnchor, pageSize: number) {
  const ids: string[] = [];
  let after: string | null = null;
  for (let i = 0; i < 100; i++) {
    const page = await repo().measures({ filter, anchor, after, limit: pageSize + 1, fields: [], withRows: true, withTotal: false });
    const rows = page.rows.slice(0, pageSize);
    ids.push(...rows.map((r) => r.id));
    if (page.rows.length <= pageSize) return ids;
    after = String(page.rows[pageSize - 1]!.props.sortKey);
  }
  throw new Error('did not end');
}

const noFilter: MeasureFilter = {
  targetIds: null, promotingIds: null, issuerIds: null, statuses: null, types: null, from: null, to: null, minSources: null, modalities: null, targetSubtree: null, includeAreas: false,
};

describe('every anchor gives the same answer', () => {
  it('timeline: per-entity streams and the date-order walk list the same events, in pages of any size', async () => {
    const ids = await involved('China');
    expect(ids.length).toBeGreaterThan(2);
    const streams = await timelineKeys(ids, 'entities', 100);
    expect(streams.length).toBeGreaterThan(10);
    expect(await timelineKeys(ids, 'dateOrder', 100)).toEqual(streams);
    expect(await timelineKeys(ids, 'dateOrder', 3)).toEqual(streams);
    expect(await timelineKeys(ids, 'entities', 4)).toEqual(streams);
    const window = { from: '2023-01-01', to: '2024-06-30' };
    const windowed = await timelineKeys(ids, 'entities', 100, window);
    expect(windowed.length).toBeGreaterThan(0);
    expect(windowed.length).toBeLessThan(streams.length);
    expect(await timelineKeys(ids, 'dateOrder', 2, window)).toEqual(windowed);
  });

  it('timeline: a set without policies reads no stream of its own events, with the same answer; a policy\'s set lists the policy', async () => {
    const ids = await involved('China');
    const withOwn = await timelineKeys(ids, 'entities', 100);
    expect(await timelineKeys(ids, 'entities', 100, {}, false)).toEqual(withOwn);
    expect(await timelineKeys(ids, 'entities', 7, {}, false)).toEqual(withOwn);
    // The plan reads no entity by the set's id (the seek that finds a policy's own event): one seek per id
    // less (on M 3–6 db hits per id; on this small graph the claim streams' plans vary more than that).
    const ownSeeks = async (policiesInSet: boolean) => {
      const b = new CypherBuilder(testOntology());
      const text = timelineStatement(b, { entityIds: ids, anchor: 'entities', policiesInSet, from: null, to: null, after: null, limit: 51, policyFields: [], relationshipFields: [], withRows: true, withTotal: true });
      const seeks: string[] = [];
      const walk = (node: PlanNode) => {
        if (/Entity\(id\) WHERE id = x\d+/.test(node.details)) seeks.push(`${node.operator} ${node.details}`);
        node.children.forEach(walk);
      };
      walk(await testExecutor().explain(cypher('test.timelineOwn', text), b.params));
      return seeks;
    };
    expect(await ownSeeks(true)).toHaveLength(2); // the page's streams and the total's
    expect(await ownSeeks(false)).toEqual([]);
    // Through the API: a policy's timeline still lists the policy itself, a country's lists its events.
    const app = testApp();
    const policy = 'us-ai-chip-sales-restrictions-2023';
    const { body } = await app.post(`{ timeline(entity: "${policy}") { nodes { id kind } } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.timeline.nodes).toContainEqual({ id: `policy:${policy}`, kind: 'POLICY' });
    const china = await app.post(`{ timeline(entity: "China", first: 100) { nodes { id } } }`);
    expect(china.body.data.timeline.nodes.map((n: { id: string }) => n.id)).toEqual(withOwn.map((k) => k.slice(k.indexOf('|') + 1)));
  });

  it('timeline: both anchors are one statement text, and the anchor not taken reads nothing', async () => {
    // One text: a hub's date-order page is planned by any timeline asked with the same fields (its first
    // asking after a start cost 0.3–0.4 s of planning on M while the per-entity text was already planned).
    const ids = await involved('China');
    const page = (anchor: TimelineAnchor) => {
      const b = new CypherBuilder(testOntology());
      const text = timelineStatement(b, { entityIds: ids, anchor, policiesInSet: false, from: null, to: null, after: null, limit: 51, policyFields: [], relationshipFields: [], withRows: true, withTotal: false });
      return { text, params: b.params };
    };
    const walk = page('dateOrder');
    const streams = page('entities');
    expect(walk.text).toBe(streams.text);
    // And parameters of the same types: Neo4j caches a plan per text and parameter types, and an empty
    // list is another type than a list of strings (with the anchor not taken given an empty list, the
    // first walk in a plan the streams made was planned again: 120–190 ms on M, then 30–50).
    expect(cacheSignature(walk.params)).toBe(cacheSignature(streams.params));
    // Rows read by the operators of each anchor: the walk's ordered scans of every event, and the
    // per-entity seeks.
    const readBy = async (params: Record<string, unknown>) => {
      const { plan } = await testExecutor().profile(cypher('test.timelineAnchors', walk.text), params);
      const rows = { walk: 0, streams: 0, walkOperators: 0, streamOperators: 0 };
      const visit = (node: ProfiledNode) => {
        if (/Policy\(eventKey\)|Claim\(relKey\)/.test(node.details)) { rows.walk += node.rows; rows.walkOperators++; }
        if (/Claim\((fromId|toId), /.test(node.details)) { rows.streams += node.rows; rows.streamOperators++; }
        node.children.forEach(visit);
      };
      visit(plan);
      return rows;
    };
    const walked = await readBy(walk.params);
    const streamed = await readBy(streams.params);
    // At least one operator per stream (the planner may read one stream through more, by the statistics).
    expect(walked.walkOperators).toBeGreaterThanOrEqual(2);
    expect(walked.streamOperators).toBeGreaterThanOrEqual(4);
    expect(walked.walk).toBeGreaterThan(0);
    expect(walked.streams).toBe(0);
    expect(streamed.streams).toBeGreaterThan(0);
    expect(streamed.walk).toBe(0);
  });

  it('measures: expanding from the targets, the issuers or the promoted technologies, and walking policies in date order', async () => {
    const match = (await repo().resolveNames([{ argument: 't', text: 'semiconductors', key: 'semiconductors', phrase: '"semiconductors"', labels: ['Technology'], expand: 'narrower', minSources: 0 }])).get('t')!.matches[0]!;
    const semiconductors = match.ids;
    expect(semiconductors.length).toBeGreaterThan(3);
    // The whole subtree of one technology: other anchors walk up the taxonomy from each policy's targets instead.
    const subtree = { targetIds: semiconductors, targetSubtree: match.entity.id };
    const us = await involved('United States');
    const cases: Array<[MeasureFilter, MeasureAnchor]> = [
      [{ ...noFilter, targetIds: semiconductors }, 'targets'],
      [{ ...noFilter, ...subtree }, 'targets'],
      [{ ...noFilter, ...subtree, issuerIds: us }, 'issuers'],
      [{ ...noFilter, ...subtree, issuerIds: us, modalities: ['stated'] }, 'targets'],
      [{ ...noFilter, issuerIds: us }, 'issuers'],
      [{ ...noFilter, targetIds: semiconductors, issuerIds: us, statuses: ['in_force', 'under_consideration'] }, 'targets'],
      [{ ...noFilter, promotingIds: ['basic-research'] }, 'promoting'],
    ];
    for (const [filter, anchor] of cases) {
      const anchored = await measureIds(filter, anchor, 100);
      expect(anchored.length, JSON.stringify(filter)).toBeGreaterThan(0);
      expect(await measureIds(filter, 'dateOrder', 100)).toEqual(anchored);
      expect(await measureIds(filter, 'dateOrder', 2)).toEqual(anchored);
      expect(await measureIds(filter, anchor, 3)).toEqual(anchored);
    }
  });
});
