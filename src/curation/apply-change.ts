// Applying an accepted change: one write transaction that locks the proposal and the graph state,
// re-checks the change against the graph as it is now (quotes verbatim in the held texts included),
// writes the relationship with the loader's own rows and statement (src/seed/graph-rows.ts,
// src/cypher/seed.ts curatedUpsertRelationship: edge, Claim with its read-model keys and stored CSV line,
// CITES — the full-text index follows in the same transaction), shifts the technologies' subtree counts
// it touches, drops the stored timeline totals of the sets its ends belong to, the graph's counts, and records the change with the next sequence number and a new graph
// version. A failure anywhere rolls all of it back. Work is proportional to the change, not to the
// graph or an endpoint's degree (tests/integration/accept-plans.test.ts).
import { createHash } from 'node:crypto';
import type { CypherQuery, Params, Row, TransactionRunner } from '../db/executor.ts';
import { retractClaimStatements, shiftSubtreeTargetCounts, storedRelationship, technologiesAbove, unretractClaim } from '../cypher/curation.ts';
import { setSubtreeTargetCounts } from '../cypher/read-model.ts';
import { FORGET_PARAMS, forgetTimelineCounts } from '../cypher/timeline-counts.ts';
import { curatedUpsertRelationship } from '../cypher/seed.ts';
import type { Ontology } from '../ontology/ontology.ts';
import { wireRow } from '../seed/load-input.ts';
import type { RowContext } from '../seed/graph-rows.ts';
import { ReadModel } from '../seed/read-model.ts';
import type { SeedRelationship } from '../seed/validate-seed.ts';
import { checkRelationshipRecord, storedToRaw, storedVerification, type CheckedRelationship, type RawRelationship, type StoredVerification } from './relationship-record.ts';

/** A relationship's state on either side of a change: its raw record, and whether it is retracted. */
export interface RelationshipState {
  raw: RawRelationship;
  retracted: boolean;
  reason?: string;
  origin?: string;
  /** Whether a reviewed change had set it (so a reseed leaves it alone); kept in the log for reverts. */
  curated?: boolean;
}

export interface StoredState extends RelationshipState {
  props: Record<string, unknown>;
  cites: Array<{ source: string; props: Record<string, unknown> }>;
}

/** Runs statements, letting a test fail the transaction before any one of them (tests/integration/curation-*.test.ts). */
export type Statement = (query: CypherQuery, params?: Params) => Promise<Row[]>;

export function statementRunner(tx: TransactionRunner, beforeStatement?: (name: string) => void | Promise<void>): Statement {
  return async (query, params = {}) => {
    await beforeStatement?.(query.name);
    return tx.run(query, params);
  };
}

export async function readStored(run: Statement | TransactionRunner['run'], ontology: Ontology, id: string): Promise<StoredState | null> {
  const [row] = await run(storedRelationship, { id });
  return storedOf(ontology, row);
}

/** Counts a state adds to the graph's totals (a retracted relationship adds none). */
function countsOf(state: { retracted: boolean; cites: Array<{ verified: boolean }> } | null) {
  if (!state || state.retracted) return { relationships: 0, citations: 0, verifiedCitations: 0 };
  return { relationships: 1, citations: state.cites.length, verifiedCitations: state.cites.filter((c) => c.verified).length };
}

/** The row context of one relationship: a read model of just its endpoints (their stored names, kinds and dates). */
function rowContext(entities: Row[], origin: RowContext['origin'], claimLine: RowContext['claimLine']): RowContext {
  const kinds = new Map(entities.map((e) => [String(e.id), String(e.kind)]));
  const model = new ReadModel({
    sources: [],
    entities: entities.map((e) => ({ id: String(e.id), kind: String(e.kind), dates: {}, properties: { name: e.name } })),
  });
  for (const e of entities) {
    if (typeof e.whenStart === 'string' && typeof e.whenEnd === 'string') {
      model.place(String(e.id), {
        start: e.whenStart,
        end: e.whenEnd,
        precision: String(e.whenPrecision),
        field: String(e.whenField),
        basis: e.whenBasis === 'source' ? 'source' : 'stated',
        ...(typeof e.whenSource === 'string' ? { source: e.whenSource } : {}),
      });
    }
  }
  return { origin, model, kindOf: (id) => kinds.get(id), claimLine };
}

export interface Applied {
  delta: { sources: number; relationships: number; citations: number; verifiedCitations: number };
  rel: SeedRelationship | null;
  /** The relationship as stored after the change (normalised: what the change log keeps). */
  now: StoredState;
}

/** The state a stored row (`readStored`'s statement, or the upsert's RETURN) stands for. */
export function storedOf(ontology: Ontology, row: Row | null | undefined): StoredState | null {
  if (!row) return null;
  const props = row.props as Record<string, unknown>;
  const cites = row.cites as StoredState['cites'];
  return {
    props,
    cites,
    raw: storedToRaw(ontology, props, cites),
    retracted: row.retracted === true,
    reason: typeof props.retractedReason === 'string' ? props.retractedReason : undefined,
    origin: typeof props.origin === 'string' ? props.origin : undefined,
  };
}

/** Per ontology: the statements an acceptance picks by relationship type (built once). */
const retractions = new WeakMap<Ontology, ReadonlyMap<string, CypherQuery>>();
function retractClaimFor(ontology: Ontology, type: string): CypherQuery {
  let statements = retractions.get(ontology);
  if (!statements) retractions.set(ontology, (statements = retractClaimStatements(ontology)));
  const statement = statements.get(type);
  if (!statement) throw new Error(`relationship type '${type}' is not in the ontology`);
  return statement;
}

/**
 * Writes `after` over `before` (null: the relationship does not exist yet). Checks `after` again inside
 * the transaction — the endpoints, sources and held texts as they are at commit — unless `checked` is
 * given: the review checked it before its lock and found, under the lock, everything it read unchanged
 * (src/curation/curation.ts review). Round trips: the upsert (which returns the stored relationship), and
 * for a TARGETS edge into a technology that appears or goes, the read model's subtree counts.
 */
export async function applyRelationship(
  run: Statement,
  ontology: Ontology,
  before: StoredState | null,
  after: RelationshipState,
  meta: { id: string; at: string; by: string; seq: number; curated: boolean; claimLine: RowContext['claimLine']; kept?: StoredVerification; checked?: CheckedRelationship },
): Promise<Applied> {
  const beforeCounts = countsOf(before ? { retracted: before.retracted, cites: before.cites.map((c) => ({ verified: c.props.verified === true })) } : null);
  let rel: SeedRelationship | null = null;
  let afterCounts = { relationships: 0, citations: 0, verifiedCitations: 0 };
  let now: StoredState;
  let toKind: string | undefined;
  if (after.retracted) {
    if (before && !before.retracted) await run(retractClaimFor(ontology, before.raw.type), { id: meta.id, at: meta.at, by: meta.by, reason: after.reason ?? '', seq: meta.seq });
    // The Claim keeps its properties and citations; its raw record is the one it had.
    now = { ...before!, retracted: true, reason: after.reason ?? before!.reason };
    if (typeof before?.props.toKind === 'string') toKind = before.props.toKind;
  } else {
    const tx = { run: (query: CypherQuery, params?: Params) => run(query, params) };
    // What was checked of citations stored before (and, for a merge, of the moved ones: meta.kept) carries
    // over; an acceptance that checked the record before taking the lock passes it in (meta.checked).
    const kept = before || meta.kept ? new Map([...(before ? storedVerification(before.cites) : []), ...(meta.kept ?? [])]) : undefined;
    const checked = meta.checked ?? (await checkRelationshipRecord(tx, ontology, after.raw, kept));
    rel = checked.rel;
    toKind = checked.entities.find((e) => e.id === rel!.to)?.kind as string | undefined;
    if (before?.retracted) await run(unretractClaim, { id: meta.id });
    const origin = (before?.origin as RowContext['origin'] | undefined) ?? 'api';
    const row = wireRow(rel, rowContext(checked.entities, origin, meta.claimLine));
    // The reviewed state wins over a later reseed (the loader's statement skips curated Claims), except
    // when a revert gives the relationship back exactly as the loader wrote it.
    if (meta.curated) {
      if (row.claimAll) row.claimAll = { ...row.claimAll, curatedSeq: meta.seq };
      else row.claim = { ...row.claim, curatedSeq: meta.seq };
    }
    const [stored] = await run(curatedUpsertRelationship, { rows: [row] });
    now = storedOf(ontology, { ...stored!, retracted: false })!;
    afterCounts = { relationships: 1, citations: rel.citations.length, verifiedCitations: rel.citations.filter((c) => c.verified).length };
  }
  // The read model's whole-graph figures this edge feeds: policies targeting a technology's subtree.
  const type = after.raw.type;
  if (type === 'TARGETS') {
    // Only when the edge appears or goes (an edit rewrites it in place), and only into a technology.
    const live = (s: { retracted: boolean } | null) => s !== null && !s.retracted;
    const delta = (live(after) ? 1 : 0) - (live(before) ? 1 : 0);
    const intoTechnology = toKind !== undefined ? toKind === 'Technology' : true;
    if (delta !== 0 && intoTechnology) await run(shiftSubtreeTargetCounts, { id: meta.id, from: after.raw.from, to: after.raw.to, delta });
  } else if (type === 'BROADER') {
    // A taxonomy change moves whole subtrees: recounted (rare; proportional to the subtrees above).
    const ids = (await run(technologiesAbove, { id: after.raw.to })).map((r) => String(r.id));
    if (ids.length > 0) await run(setSubtreeTargetCounts, { ids });
  }
  // The stored timeline totals of the sets either end belongs to (before and after: an edit may move an end).
  const ends = [...new Set([before?.raw.from, before?.raw.to, after.raw.from, after.raw.to].filter((id): id is string => typeof id === 'string'))];
  await run(forgetTimelineCounts, { ids: ends, ...FORGET_PARAMS });
  return {
    rel,
    now,
    delta: {
      sources: 0,
      relationships: afterCounts.relationships - beforeCounts.relationships,
      citations: afterCounts.citations - beforeCounts.citations,
      verifiedCitations: afterCounts.verifiedCitations - beforeCounts.verifiedCitations,
    },
  };
}

/** The version after a change: the previous one chained with the change (no rehash of the graph). */
export function nextVersion(previous: string | null, seq: number, change: Record<string, unknown>): string {
  return createHash('sha256').update(`${previous ?? ''}\n${seq}\n${JSON.stringify(change)}`).digest('hex');
}
