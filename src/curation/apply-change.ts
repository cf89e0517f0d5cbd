// Applying an accepted change: one write transaction that locks the proposal and the graph state,
// re-checks the change against the graph as it is now (quotes verbatim in the held texts included),
// writes the relationship with the loader's own rows and statement (src/seed/graph-rows.ts,
// src/cypher/seed.ts curatedUpsertRelationships: edge, Claim with its read-model keys and stored CSV line,
// CITES — the full-text index follows in the same transaction), updates the technologies' subtree
// counts it touches, the graph's counts, and records the change with the next sequence number and a
// new graph version. A failure anywhere rolls all of it back. Work is proportional to the change.
import { createHash } from 'node:crypto';
import type { CypherQuery, Params, Row, TransactionRunner } from '../db/executor.ts';
import { retractClaim, storedRelationship, technologiesAbove, unretractClaim } from '../cypher/curation.ts';
import { setSubtreeTargetCounts } from '../cypher/read-model.ts';
import { curatedUpsertRelationships } from '../cypher/seed.ts';
import { markCurated } from '../cypher/curation.ts';
import type { Ontology } from '../ontology/ontology.ts';
import { wireRow } from '../seed/load-input.ts';
import type { RowContext } from '../seed/graph-rows.ts';
import { ReadModel } from '../seed/read-model.ts';
import type { SeedRelationship } from '../seed/validate-seed.ts';
import { checkRelationshipRecord, storedToRaw, storedVerification, type RawRelationship, type StoredVerification } from './relationship-record.ts';

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
}

/**
 * Writes `after` over `before` (null: the relationship does not exist yet). Checks `after` again inside
 * the transaction: the endpoints, sources and held texts as they are at commit.
 */
export async function applyRelationship(
  run: Statement,
  ontology: Ontology,
  before: StoredState | null,
  after: RelationshipState,
  meta: { id: string; at: string; by: string; seq: number; curated: boolean; claimLine: RowContext['claimLine']; kept?: StoredVerification },
): Promise<Applied> {
  const beforeCounts = countsOf(before ? { retracted: before.retracted, cites: before.cites.map((c) => ({ verified: c.props.verified === true })) } : null);
  let rel: SeedRelationship | null = null;
  let afterCounts = { relationships: 0, citations: 0, verifiedCitations: 0 };
  if (after.retracted) {
    if (before && !before.retracted) await run(retractClaim, { id: meta.id, at: meta.at, by: meta.by, reason: after.reason ?? '', seq: meta.seq });
  } else {
    const tx = { run: (query: CypherQuery, params?: Params) => run(query, params) };
    // What was checked of citations stored before (and, for a merge, of the moved ones: meta.kept) carries over.
    const kept = before || meta.kept ? new Map([...(before ? storedVerification(before.cites) : []), ...(meta.kept ?? [])]) : undefined;
    const checked = await checkRelationshipRecord(tx, ontology, after.raw, kept);
    rel = checked.rel;
    if (before?.retracted) await run(unretractClaim, { id: meta.id });
    const origin = (before?.origin as RowContext['origin'] | undefined) ?? 'api';
    const row = wireRow(rel, rowContext(checked.entities, origin, meta.claimLine));
    await run(curatedUpsertRelationships, { rows: [row] });
    // The reviewed state wins over a later reseed (the loader's statement skips curated Claims), except
    // when a revert gives the relationship back exactly as the loader wrote it.
    if (meta.curated) await run(markCurated, { id: meta.id, seq: meta.seq });
    afterCounts = { relationships: 1, citations: rel.citations.length, verifiedCitations: rel.citations.filter((c) => c.verified).length };
  }
  // The read model's whole-graph figures this edge feeds: policies targeting a technology's subtree.
  const type = after.raw.type;
  if (type === 'TARGETS' || type === 'BROADER') {
    const ids = (await run(technologiesAbove, { id: after.raw.to })).map((r) => String(r.id));
    if (ids.length > 0) await run(setSubtreeTargetCounts, { ids });
  }
  return {
    rel,
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
