// Merging two entities (issue 18, decision 0030): what a merge of `drop` into `keep` would do,
// planned from the graph as it is (checked when proposed, shown by the preview, planned again inside
// the acceptance's transaction), and its application there. Each relationship of `drop` is retracted
// ("merged into <keep>") and written again on `keep` through the acceptance's own `applyRelationship`
// — or its citations join the identical relationship `keep` already has; `drop`'s names join `keep`'s
// aliases; `drop` becomes a :MergedEntity pointing to `keep`. Work is proportional to `drop`'s degree.
// A revert of a merge (`revertMerge`) undoes it from the change log's record, if nothing touched it since.
import { claimCuratedSeq, liveRelationshipsOf, mergeEnd, referencesTo, relationshipState, restoreMerged, restoreNames, retireMerged, setMergedNames } from '../cypher/curation-merges.ts';
import type { Ontology } from '../ontology/ontology.ts';
import type { RowContext } from '../seed/graph-rows.ts';
import { nameKey } from '../text/fold.ts';
import { applyRelationship, readStored, type Applied, type Statement, type StoredState } from './apply-change.ts';
import { conflict, fieldError } from '../errors/curation-errors.ts';
import { checkRelationshipRecord, citationKey, relationshipId, storedVerification, type RawRelationship } from './relationship-record.ts';

/** Relationships a merged entity may have: the acceptance's transaction grows with them. */
export const MERGE_MAX_RELATIONSHIPS = 1_000;

type Read = Statement;

export interface MergeEnd {
  id: string;
  kind: string;
  name: string;
  aliases: string[];
}

/** One relationship of `drop` and what becomes of it. */
export interface MergeMove {
  /** The relationship of `drop` (retracted by the merge). */
  relationshipId: string;
  /** The relationship of `keep` it becomes; null when it linked the two entities (it is only retracted). */
  becomes: string | null;
  /** `keep` has that relationship already: the citations join it (those it lacks). */
  citationMerge: boolean;
  /** For a citation merge: the citations it adds (a revert of the merge takes them out again). */
  added?: Array<{ source: string; quote: string }>;
}

export interface MergePlan {
  keep: MergeEnd;
  drop: MergeEnd;
  moves: MergeMove[];
  /** `drop`'s name and aliases that `keep` does not have yet (compared folded, as name resolution does). */
  aliasesGained: string[];
}

/** `drop`'s citations that `keep`'s identical relationship does not have (same source and quote). */
function joinedCitations(target: StoredState, moved: RawRelationship): RawRelationship['citations'] {
  const have = new Set(target.raw.citations.map((c) => citationKey(c.source, c.quote)));
  return [...target.raw.citations, ...moved.citations.filter((c) => !have.has(citationKey(c.source, c.quote)))];
}

function moved(raw: RawRelationship, keep: string, drop: string): RawRelationship {
  return { ...raw, from: raw.from === drop ? keep : raw.from, to: raw.to === drop ? keep : raw.to };
}

async function readEnd(read: Read, field: 'keep' | 'drop', id: string): Promise<MergeEnd> {
  const [row] = await read(mergeEnd, { id });
  if (row?.mergedInto) throw fieldError(field, id, `was merged into '${String(row.mergedInto)}' already`, `the id of a live entity (perhaps '${String(row.mergedInto)}')`);
  if (!row?.live) throw fieldError(field, id, 'is not the id of an entity', 'the id of a live entity (see search)');
  return { id, kind: String(row.kind), name: String(row.name), aliases: (row.aliases as string[]).map(String) };
}

/**
 * What merging `drop` into `keep` would do now, checked: both are live entities of one kind and not the
 * same; no entity refers to `drop` by a reference property; every relationship of `drop` can be written
 * on `keep` (the seed's checks, with the quotes against the held texts). Throws a field-level
 * BAD_USER_INPUT naming the value otherwise.
 */
export async function planMerge(read: Read, ontology: Ontology, keepId: string, dropId: string): Promise<MergePlan> {
  if (keepId === dropId) throw fieldError('drop', dropId, 'is the same entity as keep', 'the id of another entity of the same kind');
  const keep = await readEnd(read, 'keep', keepId);
  const drop = await readEnd(read, 'drop', dropId);
  if (keep.kind !== drop.kind) throw fieldError('drop', dropId, `is a ${drop.kind}, and '${keepId}' is a ${keep.kind}`, `an entity of kind ${keep.kind}`);
  const refs = referencesTo(ontology, drop.kind);
  if (refs) {
    const rows = await read(refs, { id: dropId });
    if (rows.length > 0) {
      const named = rows.map((r) => `'${String(r.id)}' (${String(r.property)})`).join(', ');
      throw fieldError('drop', dropId, `is named by the reference properties of other entities (${named}${rows.length >= 5 ? ', …' : ''}), which a merge does not rewrite`, 'an entity no other entity refers to by a property');
    }
  }
  const ids = (await read(liveRelationshipsOf, { id: dropId, limit: MERGE_MAX_RELATIONSHIPS + 1 })).map((r) => String(r.id));
  if (ids.length > MERGE_MAX_RELATIONSHIPS) throw fieldError('drop', dropId, `has more than ${MERGE_MAX_RELATIONSHIPS} relationships, more than one merge moves`, `an entity with at most ${MERGE_MAX_RELATIONSHIPS}`);

  const moves: MergeMove[] = [];
  const targets = new Map<string, RawRelationship>();
  for (const id of ids) {
    const before = (await readStored(read, ontology, id))!;
    const raw = moved(before.raw, keepId, dropId);
    if (raw.from === raw.to) {
      moves.push({ relationshipId: id, becomes: null, citationMerge: false });
      continue;
    }
    const becomes = relationshipId(raw.from, raw.type, raw.to, raw.key);
    const [state] = await read(relationshipState, { id: becomes });
    if (state?.retracted) {
      throw fieldError('drop', dropId, `its relationship '${id}' would become '${becomes}', which '${keepId}' has as a retracted relationship`, `propose a revert of that retraction, or retract '${id}', first`);
    }
    // Two relationships of drop never land on one id (their ids differ in the dropped end only), but
    // one may land on a relationship of keep: its citations join that one, checked as the joined whole.
    const target = state?.live ? (await readStored(read, ontology, becomes))! : null;
    const after = target ? { ...target.raw, citations: joinedCitations(target, raw) } : raw;
    targets.set(becomes, after);
    try {
      await checkRelationshipRecord({ run: read }, ontology, after, storedVerification([...(target?.cites ?? []), ...before.cites]));
    } catch (error) {
      throw fieldError('drop', dropId, `its relationship '${id}' cannot be written as '${becomes}': ${(error as Error).message}`, 'retract or edit that relationship first');
    }
    const have = new Set(target?.raw.citations.map((c) => citationKey(c.source, c.quote)) ?? []);
    const added = target ? raw.citations.filter((c) => !have.has(citationKey(c.source, c.quote))).map((c) => ({ source: c.source, quote: c.quote })) : undefined;
    moves.push({ relationshipId: id, becomes, citationMerge: target !== null, ...(added ? { added } : {}) });
  }

  const keys = new Set([keep.name, ...keep.aliases].map(nameKey));
  const aliasesGained: string[] = [];
  for (const name of [drop.name, ...drop.aliases]) {
    const key = nameKey(name);
    if (keys.has(key)) continue;
    keys.add(key);
    aliasesGained.push(name);
  }
  return { keep, drop, moves, aliasesGained };
}

/**
 * Applies a plan made inside the acceptance's transaction: the relationships first (each retraction of
 * `drop`'s, then its write on `keep`, both by `applyRelationship`: the edge, the Claim's read-model keys
 * and stored CSV line, the full-text entries and subtree counts follow), then `keep`'s names, then
 * `drop` leaves the entity reads. Returns the counts' change.
 */
export async function applyMerge(
  run: Read,
  ontology: Ontology,
  plan: MergePlan,
  meta: { at: string; by: string; seq: number; reason: string; claimLine: RowContext['claimLine'] },
): Promise<Applied['delta'] & { entities: number }> {
  const delta = { sources: 0, entities: -1, relationships: 0, citations: 0, verifiedCitations: 0 };
  const add = (applied: Applied) => {
    delta.relationships += applied.delta.relationships;
    delta.citations += applied.delta.citations;
    delta.verifiedCitations += applied.delta.verifiedCitations;
  };
  const { keep, drop } = plan;
  const write = { at: meta.at, by: meta.by, seq: meta.seq, curated: true, claimLine: meta.claimLine };
  for (const move of plan.moves) {
    const before = (await readStored(run, ontology, move.relationshipId))!;
    const reason = `merged into ${keep.id}${move.becomes ? '' : ` (it linked '${drop.id}' to '${keep.id}' itself)`}`;
    add(await applyRelationship(run, ontology, before, { raw: before.raw, retracted: true, reason }, { ...write, id: move.relationshipId }));
    if (!move.becomes) continue;
    const raw = moved(before.raw, keep.id, drop.id);
    const target = await readStored(run, ontology, move.becomes);
    const after = target ? { raw: { ...target.raw, citations: joinedCitations(target, raw) }, retracted: false } : { raw, retracted: false };
    // The moved citations keep what was checked of them (a seed quote's verification, its offset).
    add(await applyRelationship(run, ontology, target, after, { ...write, id: move.becomes, kept: storedVerification(before.cites) }));
  }
  const aliases = [...keep.aliases, ...plan.aliasesGained];
  const nameKeys = [...new Set([keep.name, ...aliases].map(nameKey))];
  await run(setMergedNames, { id: keep.id, aliases, aliasText: aliases.length > 0 ? aliases.join(' | ') : null, nameKeys, nameKeyText: nameKeys.join(' | '), dropId: drop.id, seq: meta.seq });
  await run(retireMerged(ontology, drop.kind), { id: drop.id, kind: drop.kind, keep: keep.id, at: meta.at, by: meta.by, reason: meta.reason, seq: meta.seq });
  return delta;
}

/** What a MERGE change logged: enough to undo it. */
export interface LoggedMerge {
  seq: number;
  keep: MergeEnd;
  drop: MergeEnd;
  moves: MergeMove[];
  aliasesGained: string[];
}

export function loggedMerge(change: { seq: number; before: string | null; after: string | null }): LoggedMerge {
  const before = JSON.parse(change.before ?? '{}') as { keep: MergeEnd; drop: MergeEnd };
  const after = JSON.parse(change.after ?? '{}') as { moves: MergeMove[]; aliasesGained: string[] };
  return { seq: change.seq, keep: before.keep, drop: before.drop, moves: after.moves, aliasesGained: after.aliasesGained };
}

/**
 * Undoes a merge inside a review's transaction, only if nothing touched its items since (else CONFLICT,
 * naming what moved): `drop` becomes its kind's entity again, `keep` gets its names back, each new
 * relationship the merge wrote is retracted (or, for a citation merge, loses the citations the merge
 * added), and each relationship of `drop` the merge retracted is live again — all through
 * `applyRelationship`, as any change. Returns the counts' change.
 */
export async function revertMerge(
  run: Read,
  ontology: Ontology,
  merge: LoggedMerge,
  meta: { at: string; by: string; seq: number; reason: string; revision: number; claimLine: RowContext['claimLine'] },
): Promise<Applied['delta'] & { entities: number }> {
  const moved = (what: string) => conflict(`the merge (change ${merge.seq}) cannot be reverted: ${what} changed after it; revert the later changes first.`, meta.revision);
  const [keepNow] = await run(mergeEnd, { id: merge.keep.id });
  if (!keepNow?.live) throw moved(`'${merge.keep.id}'`);
  if (JSON.stringify((keepNow.aliases as string[]).map(String)) !== JSON.stringify([...merge.keep.aliases, ...merge.aliasesGained])) throw moved(`the aliases of '${merge.keep.id}'`);
  const restored = await run(restoreMerged(ontology, merge.drop.kind), { id: merge.drop.id, keep: merge.keep.id, seq: merge.seq });
  if (restored.length === 0) throw moved(`'${merge.drop.id}'`);
  // Keys from keep's name as it is now: a rename accepted after the merge stays findable by its new name.
  const nameKeys = [...new Set([String(keepNow.name), ...merge.keep.aliases].map(nameKey))];
  await run(restoreNames, {
    id: merge.keep.id,
    aliases: merge.keep.aliases.length > 0 ? merge.keep.aliases : null,
    aliasText: merge.keep.aliases.length > 0 ? merge.keep.aliases.join(' | ') : null,
    nameKeys,
    nameKeyText: nameKeys.join(' | '),
    dropId: merge.drop.id,
    seq: meta.seq,
  });

  const delta = { sources: 0, entities: 1, relationships: 0, citations: 0, verifiedCitations: 0 };
  const add = (applied: Applied) => {
    delta.relationships += applied.delta.relationships;
    delta.citations += applied.delta.citations;
    delta.verifiedCitations += applied.delta.verifiedCitations;
  };
  const write = { at: meta.at, by: meta.by, seq: meta.seq, curated: true, claimLine: meta.claimLine };
  const why = `revert of change ${merge.seq}: ${meta.reason}`;
  for (const move of merge.moves) {
    if (move.becomes) {
      const [written] = await run(claimCuratedSeq, { id: move.becomes });
      if (!written || Number(written.seq) !== merge.seq) throw moved(`relationship '${move.becomes}'`);
      const target = (await readStored(run, ontology, move.becomes))!;
      if (move.citationMerge) {
        const added = new Set((move.added ?? []).map((c) => citationKey(c.source, c.quote)));
        const citations = target.raw.citations.filter((c) => !added.has(citationKey(c.source, c.quote)));
        add(await applyRelationship(run, ontology, target, { raw: { ...target.raw, citations }, retracted: false }, { ...write, id: move.becomes }));
      } else {
        add(await applyRelationship(run, ontology, target, { raw: target.raw, retracted: true, reason: why }, { ...write, id: move.becomes }));
      }
    }
    const old = await readStored(run, ontology, move.relationshipId);
    if (!old?.retracted || Number(old.props.retractedSeq) !== merge.seq) throw moved(`relationship '${move.relationshipId}'`);
    add(await applyRelationship(run, ontology, old, { raw: old.raw, retracted: false }, { ...write, id: move.relationshipId }));
  }
  return delta;
}
