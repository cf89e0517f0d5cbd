// The write side's room beside the repository: registering sources, proposals, the review gate,
// history and the change feed. Proposals are checked when made and again inside the acceptance's
// transaction (src/curation/apply-change.ts); nothing proposed is visible to reads until accepted.
// Resolvers stay thin: they pass the principal and the input here.
import { randomBytes } from 'node:crypto';
import type { Executor, Row } from '../db/executor.ts';
import {
  claimNeedsReview,
  clearNeedsReview,
  changesOfItem,
  changesSince,
  createProposal,
  decideProposal,
  lastChangeSeq,
  nextChange,
  openReview,
  proposalsByStatus,
  readProposal,
  recordAcceptance,
  recordChange,
  reviewInputs,
  sourceExists,
} from '../cypher/curation.ts';
import { createSources } from '../cypher/seed.ts';
import { claimLineWriter } from '../tables/stored-lines.ts';
import { buildTables } from '../tables/tables.ts';
import type { Ontology } from '../ontology/ontology.ts';
import { sourceRow, type RowContext } from '../seed/graph-rows.ts';
import { ReadModel } from '../seed/read-model.ts';
import { readNode, type SeedProblem } from '../seed/validate-seed.ts';
import { actorOf, roleAtLeast, type Principal } from '../auth/roles.ts';
import { applyRelationship, nextVersion, readStored, statementRunner, storedOf, type RelationshipState, type Statement, type StoredState } from './apply-change.ts';
import { conflict, fieldError, forbidden, notFoundItem } from '../errors/curation-errors.ts';
import { BOUNDS, checkDate as dateOf, checkLine, checkList, checkText } from './input-bounds.ts';
import { checkRelationshipRecord, relationshipId, storedVerification, type RawCitation, type RawRelationship } from './relationship-record.ts';
import { storeText, textDigest } from './source-text-store.ts';
import { claimsNeedingReview } from '../sources/held-texts.ts';
import { checkEntityRecord, entityRecord, type EntityInput, type RawEntity } from './entity-record.ts';
import { entityRow } from '../seed/graph-rows.ts';
import { writeStatements } from '../cypher/seed.ts';
import { ChangeWatch } from './change-watch.ts';
import { GraphQLError } from 'graphql';
import { applyMerge, loggedMerge, planMerge, revertMerge, type MergePlan } from './merge-entities.ts';
import { mergedEntity } from '../cypher/curation-merges.ts';
import { applyEntityEdit, boundEntityEdit, checkEdited, editedFields, entityEditRecord, readEntity, relationshipsToRename, renameInRelationships, sameRecord, staleEdit, type EntityEdit, type EntityEditInput } from './edit-entity.ts';

export type ProposalKind = 'relationship' | 'citation' | 'edit' | 'retraction' | 'revert' | 'entity' | 'merge' | 'entity_edit';
export type ProposalStatus = 'pending' | 'accepted' | 'rejected' | 'changes_requested';
export type Decision = 'ACCEPT' | 'REJECT' | 'REQUEST_CHANGES';

export interface Proposal {
  id: string;
  kind: ProposalKind;
  status: ProposalStatus;
  revision: number;
  targetId: string;
  payload: string;
  author: string;
  createdAt: string;
  updatedAt: string;
  reviewer: string | null;
  reviewedAt: string | null;
  comment: string | null;
  appliedSeq: number | null;
}

export interface Change {
  seq: number;
  kind: string;
  itemId: string;
  proposalId: string | null;
  author: string;
  reviewer: string | null;
  proposedAt: string | null;
  appliedAt: string;
  before: string | null;
  after: string | null;
  version: string;
  comment: string | null;
}

export interface CitationInput {
  sourceId: string;
  quote: string;
  mentionsFrom?: string | null;
  mentionsTo?: string | null;
}

export interface RelationshipInput {
  type: string;
  from: string;
  to: string;
  key?: string | null;
  modality?: string | null;
  date?: Record<string, unknown> | null;
  qualifiers?: Array<{ name: string; value: string }> | null;
  citations: CitationInput[];
}

export interface EditInput {
  modality?: string | null;
  date?: Record<string, unknown> | null;
  /** Qualifiers to set; a value of null removes one. */
  qualifiers?: Array<{ name: string; value: string | null }> | null;
}

export interface SourceInput {
  id: string;
  type: string;
  title?: string | null;
  publisher?: string | null;
  authors?: string[] | null;
  language?: string | null;
  story?: string | null;
  published?: Record<string, unknown> | null;
  note?: string | null;
  url?: string | null;
  urlNote?: string | null;
  text: string;
}

export interface CurationOptions {
  now?: () => Date;
  /** Called before each statement of an acceptance's transaction; a throw rolls it back (tests inject crashes this way). */
  beforeStatement?: (name: string) => void | Promise<void>;
  /**
   * How often the process asks Neo4j whether another process committed a change, while a feed subscriber
   * waits, in ms (its own changes wake subscribers at once; src/curation/change-watch.ts). @default 50
   */
  feedPollMs?: number;
  /**
   * Changes one read of the live feed takes from the log (a subscriber far behind is served page by page,
   * the next page read only once the last one is written). @default 500
   */
  feedPage?: number;
}

const PAGE_MAX = 500;
/** Changes `history(id:)` returns at most (the query cost counts this many). */
export const HISTORY_MAX = 1_000;

const who = (principal: Principal) => actorOf(principal);

function toProposal(row: Row): Proposal {
  const p = row.proposal as Record<string, unknown>;
  return {
    id: String(p.id),
    kind: p.kind as ProposalKind,
    status: p.status as ProposalStatus,
    revision: Number(p.revision),
    targetId: String(p.targetId),
    payload: String(p.payload),
    author: String(p.author),
    createdAt: String(p.createdAt),
    updatedAt: String(p.updatedAt),
    reviewer: (p.reviewer as string | null) ?? null,
    reviewedAt: (p.reviewedAt as string | null) ?? null,
    comment: (p.comment as string | null) ?? null,
    appliedSeq: typeof p.appliedSeq === 'number' ? p.appliedSeq : null,
  };
}

function toChange(row: Row): Change {
  const c = row.change as Record<string, unknown>;
  return {
    seq: Number(c.seq),
    kind: String(c.kind),
    itemId: String(c.itemId),
    proposalId: (c.proposalId as string | null) ?? null,
    author: String(c.author),
    reviewer: (c.reviewer as string | null) ?? null,
    proposedAt: (c.proposedAt as string | null) ?? null,
    appliedAt: String(c.appliedAt),
    before: (c.before as string | null) ?? null,
    after: (c.after as string | null) ?? null,
    version: String(c.version),
    comment: (c.comment as string | null) ?? null,
  };
}

function citationOf(input: CitationInput, field: string): RawCitation {
  const source = checkLine(`${field}.sourceId`, input.sourceId, BOUNDS.id)!;
  const quote = checkLine(`${field}.quote`, input.quote, BOUNDS.line)!;
  const citation: RawCitation = { source, quote };
  const from = checkLine(`${field}.mentionsFrom`, input.mentionsFrom, BOUNDS.name, false);
  const to = checkLine(`${field}.mentionsTo`, input.mentionsTo, BOUNDS.name, false);
  if (from || to) citation.mentions = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
  return citation;
}


/** The raw record of a proposed relationship (bounded and free of control characters before any check). */
export function relationshipRecord(input: RelationshipInput): RawRelationship {
  const raw: RawRelationship = {
    type: checkLine('type', input.type, 100)!,
    from: checkLine('from', input.from, BOUNDS.id)!,
    to: checkLine('to', input.to, BOUNDS.id)!,
    citations: checkList('citations', input.citations, BOUNDS.citations).map((c, i) => citationOf(c, `citations[${i}]`)),
  };
  const key = checkLine('key', input.key, BOUNDS.id, false);
  if (key) raw.key = key;
  const modality = checkLine('modality', input.modality, 100, false);
  if (modality) raw.modality = modality;
  const date = dateOf('date', input.date);
  if (date) raw.date = date;
  for (const [i, q] of checkList('qualifiers', input.qualifiers, BOUNDS.qualifiers).entries()) {
    const name = checkLine(`qualifiers[${i}].name`, q.name, 100)!;
    if (['type', 'from', 'to', 'key', 'modality', 'citations'].includes(name)) throw fieldError(`qualifiers[${i}].name`, name, 'is not a qualifier', "the relationship type's own properties");
    raw[name] = checkLine(`qualifiers[${i}].value`, q.value, BOUNDS.line);
  }
  return raw;
}

function newProposalId(now: Date): string {
  // Time first: the queue's id order is the order proposals came in.
  return `prop-${now.getTime().toString(36).padStart(9, '0')}-${randomBytes(4).toString('hex')}`;
}

export class Curation {
  private readonly now: () => Date;
  private readonly claimLine: RowContext['claimLine'];
  /** Wakes this process's feed subscribers (src/curation/change-watch.ts). */
  readonly watch: ChangeWatch;

  constructor(
    private readonly executor: Executor,
    private readonly ontology: Ontology,
    private readonly options: CurationOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.claimLine = claimLineWriter(buildTables(ontology));
    this.watch = new ChangeWatch({
      pollMs: options.feedPollMs,
      lastSeq: async () => Number((await executor.read(lastChangeSeq))[0]?.seq ?? 0),
    });
  }

  // --- Sources ------------------------------------------------------------------------------------

  /**
   * A new source with its full text, written at once (a source states nothing by itself; what cites it
   * goes through review): the Source node by the loader's own row builder and statement, its text as
   * (:SourceText), a change in the log and a new graph version, in one transaction.
   */
  async registerSource(principal: Principal, input: SourceInput): Promise<{ id: string; digest: string; length: number; seq: number; version: string }> {
    const text = checkText('text', input.text, BOUNDS.text);
    const id = checkLine('id', input.id, BOUNDS.id)!;
    const data: Record<string, unknown> = { id, type: checkLine('type', input.type, 100) };
    for (const key of ['title', 'publisher', 'language', 'story', 'note', 'url', 'urlNote'] as const) {
      const value = checkLine(key, input[key], BOUNDS.line, false);
      if (value) data[key] = value;
    }
    if (input.authors) data.authors = checkList('authors', input.authors, BOUNDS.listItems).map((a, i) => checkLine(`authors[${i}]`, a, BOUNDS.name));
    const published = dateOf('published', input.published);
    if (published) data.published = published;
    const digest = textDigest(text);
    data.file = `${id}.txt`;
    data.sha256 = digest.slice('sha256:'.length);
    const sourceKind = this.ontology.kind('Source');
    const problems: SeedProblem[] = [];
    const node = readNode({ file: 'registerSource', line: 0, data }, sourceKind, (_w, _id, problem) => problems.push({ file: '', id, problem }));
    if (!node || problems.length > 0) {
      const problem = problems[0]?.problem ?? 'the source is not valid';
      const field = /^'(\w+)'|property '(\w+)'/.exec(problem)?.slice(1).find(Boolean) ?? (/^id /.test(problem) ? 'id' : 'input');
      throw fieldError(field, data[field], problem, undefined, { problems: problems.map((p) => p.problem) });
    }
    if (typeof node.dates.published?.resolvedAgainst === 'string') throw fieldError('published.resolvedAgainst', node.dates.published.resolvedAgainst, 'a new source cannot be dated against another source', 'on, between or unknown');
    const type = String(node.properties.type);
    const source = { ...node, story: typeof node.properties.story === 'string' ? node.properties.story : id, counted: sourceKind.countedTypes.includes(type) };
    const row = sourceRow(source, { origin: 'api', model: new ReadModel({ sources: [], entities: [] }), kindOf: () => undefined });
    const at = this.now().toISOString();
    const by = who(principal);
    const registered = await this.executor.writeTransaction(async (tx) => {
      const run = statementRunner(tx, this.options.beforeStatement);
      const [taken] = await run(sourceExists, { id });
      if (taken?.taken === true) throw fieldError('id', id, 'is already the id of a source or entity', 'a new id (lowercase words joined by hyphens)');
      const [state] = await run(nextChange);
      if (!state || state.status !== 'ready') throw graphNotReady();
      const seq = Number(state.seq);
      await run(createSources, { rows: [row] });
      const stored = await storeText(tx, id, text, by, at);
      const change = { seq, kind: 'REGISTER_SOURCE', itemId: id, proposalId: null, author: by, reviewer: null, proposedAt: at, appliedAt: at, before: null, after: JSON.stringify({ source: data, digest, length: text.length }), comment: null };
      const version = nextVersion(state.version as string | null, seq, change);
      await run(recordChange, { version, change: { ...change, version }, delta: { sources: 1, relationships: 0, citations: 0, verifiedCitations: 0 } });
      return { id, ...stored, seq, version };
    });
    // Committed: this process's subscribers hear of it now, not at the next poll.
    this.watch.committed(registered.seq);
    return registered;
  }

  // --- Proposals ----------------------------------------------------------------------------------

  /** `origin`: set by the assistant's run (src/curation/propose-from-source.ts), never by a request's input. */
  async proposeRelationship(principal: Principal, input: RelationshipInput, origin?: object): Promise<Proposal> {
    const raw = relationshipRecord(input);
    const id = relationshipId(raw.from, raw.type, raw.to, raw.key);
    const existing = await readStored((q, p) => this.executor.read(q, p), this.ontology, id);
    if (existing) {
      throw fieldError('key', raw.key ?? null, `relationship '${id}' exists already${existing.retracted ? ' (retracted: propose a revert of its retraction)' : ''}; propose a citation or an edit to it, or give this one a distinct key`);
    }
    await checkRelationshipRecord(this.executor, this.ontology, raw);
    return this.createProposal(principal, 'relationship', id, { raw, ...(origin ? { origin } : {}) });
  }

  async proposeCitation(principal: Principal, relationshipIdArg: string, input: CitationInput, origin?: object): Promise<Proposal> {
    const id = checkLine('relationshipId', relationshipIdArg, BOUNDS.id * 3)!;
    const citation = citationOf(input, 'citation');
    const stored = await this.liveRelationship(id);
    if (stored.raw.citations.some((c) => c.source === citation.source && c.quote === citation.quote)) {
      throw fieldError('citation.quote', citation.quote, `relationship '${id}' cites this quote of ${citation.source} already`);
    }
    await this.checkAfter(stored, { ...stored.raw, citations: [...stored.raw.citations, citation] });
    return this.createProposal(principal, 'citation', id, { citation, ...(origin ? { origin } : {}) });
  }

  async proposeEdit(principal: Principal, relationshipIdArg: string, input: EditInput): Promise<Proposal> {
    const id = checkLine('relationshipId', relationshipIdArg, BOUNDS.id * 3)!;
    const stored = await this.liveRelationship(id);
    const edit = editRecord(input);
    await this.checkAfter(stored, applyEdit(stored.raw, edit));
    return this.createProposal(principal, 'edit', id, { edit });
  }

  async proposeRetraction(principal: Principal, relationshipIdArg: string, reasonArg: string): Promise<Proposal> {
    const id = checkLine('id', relationshipIdArg, BOUNDS.id * 3)!;
    const reason = checkLine('reason', reasonArg, BOUNDS.reason)!;
    await this.liveRelationship(id);
    return this.createProposal(principal, 'retraction', id, { reason });
  }

  /**
   * A new entity, checked as a seed record of its kind is (src/curation/entity-record.ts) and refused
   * when its id is taken or a name or alias is already another entity's.
   */
  async proposeEntity(principal: Principal, input: EntityInput): Promise<Proposal> {
    const raw = entityRecord(this.ontology, input);
    await checkEntityRecord(this.executor, this.ontology, raw);
    return this.createProposal(principal, 'entity', raw.data.id, { entity: raw });
  }

  /**
   * Merging two entities of one kind (src/curation/merge-entities.ts): checked now (both live, one kind,
   * not the same, every relationship of `drop` writable on `keep`) and planned again at acceptance. The
   * proposal remembers the relationships `drop` had: if they changed before the review, the acceptance
   * is a CONFLICT (the reviewer saw a preview of another set).
   */
  async proposeMerge(principal: Principal, keepArg: string, dropArg: string, reasonArg: string): Promise<Proposal> {
    const keep = checkLine('keep', keepArg, BOUNDS.id)!;
    const drop = checkLine('drop', dropArg, BOUNDS.id)!;
    const reason = checkLine('reason', reasonArg, BOUNDS.reason)!;
    const plan = await planMerge((q, p) => this.executor.read(q, p), this.ontology, keep, drop);
    return this.createProposal(principal, 'merge', keep, { keep, drop, reason, relationships: plan.moves.map((m) => m.relationshipId) });
  }

  /**
   * An edit of an existing entity (src/curation/edit-entity.ts): aliases (the list replaced), description,
   * other properties of its kind, checked now as the seed loader checks a record and again at acceptance.
   * The proposal remembers the entity as its author saw it: if it changed before the review, accepting
   * is a CONFLICT naming what moved.
   */
  async proposeEntityEdit(principal: Principal, entityIdArg: string, input: EntityEditInput, reasonArg?: string | null): Promise<Proposal> {
    const id = checkLine('entityId', entityIdArg, BOUNDS.id)!;
    const reason = checkLine('reason', reasonArg, BOUNDS.reason, false) ?? null;
    boundEntityEdit(input);
    const read = (q: Parameters<Executor['read']>[0], p?: Record<string, unknown>) => this.executor.read(q, p);
    const before = await readEntity(read, this.ontology, id);
    const edit = entityEditRecord(this.ontology, before.record.kind, input);
    const after = await checkEdited(read, this.ontology, before, edit);
    if (sameRecord(before.record, after)) throw fieldError('edit', input, `leaves '${id}' as it is`, 'a value that differs from the stored one');
    if (after.data.name !== before.record.data.name) await relationshipsToRename(read, id);
    return this.createProposal(principal, 'entity_edit', id, { edit, basedOn: before.record, ...(reason ? { reason } : {}) });
  }

  /** Where a merged entity's id points now (null: the id was never merged). */
  async mergedEntity(id: string): Promise<MergedEntity | null> {
    const [row] = await this.executor.read(mergedEntity, { id });
    if (!row) return null;
    return { id: String(row.id), kind: String(row.kind), name: String(row.name), mergedInto: String(row.mergedInto), at: String(row.at), by: String(row.by), reason: String(row.reason), seq: Number(row.seq) };
  }

  /** Undoing an accepted change is a new proposal, reviewed like any other. */
  async proposeRevert(principal: Principal, seqArg: number, reasonArg: string): Promise<Proposal> {
    const reason = checkLine('reason', reasonArg, BOUNDS.reason)!;
    const change = (await this.executor.read(changesSince, { since: seqArg - 1, limit: 1 })).map(toChange).find((c) => c.seq === seqArg);
    if (!change) throw notFoundItem('change', String(seqArg));
    if (change.kind === 'RECONFIRM') throw fieldError('seq', seqArg, 'a re-confirmation changes no claim (it re-checked the quotes against a new text); nothing to revert', 'the sequence number of a relationship change');
    if (change.kind === 'ADD_ENTITY') throw fieldError('seq', seqArg, 'an added entity cannot be reverted (relationships may name it); retract those relationships instead', 'the sequence number of a relationship change');
    // A merge is undone as a whole (src/curation/merge-entities.ts revertMerge), if nothing touched its items since.
    if (change.kind === 'MERGE') return this.createProposal(principal, 'revert', change.itemId, { seq: change.seq, reason, merge: true });
    if (change.kind === 'REVERT_MERGE') throw fieldError('seq', seqArg, 'a revert of a merge cannot itself be reverted; propose the merge again', 'the sequence number of a relationship change or a merge');
    // An entity edit is undone by writing back the record it replaced, if nothing changed the entity since.
    if (change.kind === 'EDIT_ENTITY' || change.kind === 'REVERT_EDIT_ENTITY') return this.createProposal(principal, 'revert', change.itemId, { seq: change.seq, reason, entityEdit: true });
    if (change.kind === 'REGISTER_SOURCE') throw fieldError('seq', seqArg, 'a registered source cannot be reverted (nothing cites it until a proposal is accepted)', 'the sequence number of a relationship change');
    return this.createProposal(principal, 'revert', change.itemId, { seq: change.seq, reason });
  }

  private async liveRelationship(id: string): Promise<StoredState> {
    const stored = await readStored((q, p) => this.executor.read(q, p), this.ontology, id);
    if (!stored) throw notFoundItem('relationship', id);
    if (stored.retracted) throw fieldError('relationshipId', id, 'is retracted; propose a revert of its retraction first');
    return stored;
  }

  private async checkAfter(stored: StoredState, raw: RawRelationship): Promise<void> {
    await checkRelationshipRecord(this.executor, this.ontology, raw, storedVerification(stored.cites));
  }

  private async createProposal(principal: Principal, kind: ProposalKind, targetId: string, payload: Record<string, unknown>): Promise<Proposal> {
    const now = this.now();
    const [row] = await this.executor.write(createProposal, {
      id: newProposalId(now),
      kind,
      targetId,
      payload: JSON.stringify(payload),
      author: who(principal),
      now: now.toISOString(),
    });
    return toProposal(row!);
  }

  // --- The queue and the gate ---------------------------------------------------------------------

  async proposals(status: ProposalStatus, after = '', first = 50): Promise<Proposal[]> {
    const rows = await this.executor.read(proposalsByStatus, { status, after, limit: Math.min(Math.max(first, 1), PAGE_MAX) });
    return rows.map(toProposal);
  }

  async proposal(id: string): Promise<Proposal | null> {
    const [row] = await this.executor.read(readProposal, { id });
    return row ? toProposal(row) : null;
  }

  /** The relationship as it is and as the proposal would leave it, computed now (nothing written). */
  async preview(proposal: Proposal): Promise<Preview> {
    if (proposal.kind === 'entity') return this.entityPreview(proposal);
    if (proposal.kind === 'merge') return this.mergePreview(proposal);
    if (proposal.kind === 'revert' && (JSON.parse(proposal.payload) as { merge?: boolean }).merge) return this.mergeRevertPreview(proposal);
    if (proposal.kind === 'entity_edit' || (proposal.kind === 'revert' && (JSON.parse(proposal.payload) as { entityEdit?: boolean }).entityEdit)) return this.entityEditPreview(proposal);
    const before = await readStored((q, p) => this.executor.read(q, p), this.ontology, proposal.targetId);
    let after: RelationshipState;
    try {
      after = await this.target(proposal, before, (q, p) => this.executor.read(q, p));
    } catch (error) {
      return { relationshipId: proposal.targetId, before: summary(before), after: null, problem: (error as Error).message, affects: [] };
    }
    let afterSummary: StateSummary;
    if (after.retracted) afterSummary = { ...summary(before)!, retracted: true };
    else {
      const { rel } = await checkRelationshipRecord(this.executor, this.ontology, after.raw, before ? storedVerification(before.cites) : undefined).catch((error: Error) => ({ rel: null, error }));
      if (!rel) return { relationshipId: proposal.targetId, before: summary(before), after: null, problem: 'the proposal no longer passes its checks; review it again', affects: [] };
      afterSummary = { exists: true, retracted: false, modality: rel.modality, independentSources: rel.independentSources, citationCount: rel.citations.length, sourceIds: rel.sourceIds };
    }
    return { relationshipId: proposal.targetId, before: summary(before), after: afterSummary, problem: null, affects: affects(after.raw, summary(before), afterSummary) };
  }

  /** An entity proposal's effect: where the new entity will be found, or why it can no longer be added. */
  private async entityPreview(proposal: Proposal): Promise<Preview> {
    const raw = (JSON.parse(proposal.payload) as { entity: RawEntity }).entity;
    const base = { relationshipId: proposal.targetId, before: null, after: null };
    try {
      await checkEntityRecord(this.executor, this.ontology, raw);
    } catch (error) {
      return { ...base, problem: (error as Error).message, affects: [] };
    }
    return {
      ...base,
      problem: null,
      affects: [
        `entity("${raw.data.id}") answers the new ${raw.kind}`,
        `search and the name arguments (measures, path, timeline) find "${raw.data.name}"${raw.data.aliases ? ` and its ${(raw.data.aliases as string[]).length} alias(es)` : ''}`,
        'relationships may then be proposed to or from it',
        'stats, the entities export and the graph version',
      ],
    };
  }

  /** A merge's effect, planned against the graph now: the relationships moved or joined, the names gained. */
  private async mergePreview(proposal: Proposal): Promise<Preview> {
    const payload = JSON.parse(proposal.payload) as MergePayload;
    const base = { relationshipId: proposal.targetId, before: null, after: null };
    let plan: MergePlan;
    try {
      plan = await planMerge((q, p) => this.executor.read(q, p), this.ontology, payload.keep, payload.drop);
    } catch (error) {
      return { ...base, problem: (error as Error).message, affects: [] };
    }
    const stale = staleMerge(payload, plan);
    const moved = plan.moves.filter((m) => m.becomes && !m.citationMerge).length;
    const joined = plan.moves.filter((m) => m.citationMerge).length;
    const dropped = plan.moves.filter((m) => !m.becomes).length;
    return {
      ...base,
      problem: stale,
      merge: { keep: payload.keep, drop: payload.drop, moves: plan.moves, aliasesGained: plan.aliasesGained },
      affects: [
        `entity("${payload.keep}") gains ${moved} relationship(s) of '${payload.drop}'; ${joined} of them join a relationship it has (as citations)${dropped ? `; ${dropped} linking the two are retracted` : ''}`,
        `entity("${payload.drop}") answers '${payload.keep}' (redirectedFrom says so); '${payload.drop}' leaves search, kind lists and counts`,
        `search and the name arguments find '${payload.keep}' by ${plan.aliasesGained.map((a) => `"${a}"`).join(', ') || 'no new name'}`,
        'stats, the exports (relationships, citations, entities) and the graph version',
      ],
    };
  }

  /** A merge's revert: what it gives back (checked in full only at acceptance, where a moved item is a CONFLICT). */
  private async mergeRevertPreview(proposal: Proposal): Promise<Preview> {
    const payload = JSON.parse(proposal.payload) as { seq: number };
    const [row] = (await this.executor.read(changesSince, { since: payload.seq - 1, limit: 1 })).filter((r) => (r.change as { seq: number }).seq === payload.seq);
    const base = { relationshipId: proposal.targetId, before: null, after: null };
    if (!row) return { ...base, problem: `change ${payload.seq} is not in the log`, affects: [] };
    const merge = loggedMerge(toChange(row));
    const still = await this.mergedEntity(merge.drop.id);
    const problem = still?.mergedInto === merge.keep.id && still.seq === merge.seq ? null : `'${merge.drop.id}' is no longer the entity change ${merge.seq} merged into '${merge.keep.id}'`;
    return {
      ...base,
      problem,
      affects: [
        `entity("${merge.drop.id}") answers itself again, with its ${merge.moves.length} relationship(s); '${merge.keep.id}' loses the aliases ${merge.aliasesGained.map((a) => `"${a}"`).join(', ') || '(none)'}`,
        `the relationships the merge wrote on '${merge.keep.id}' are retracted (citation merges lose the citations it added)`,
        'stats, search, the exports and the graph version',
      ],
    };
  }

  /** What a proposal asks the relationship to become, from its state now; CONFLICT when that state no longer fits. */
  private async target(proposal: Proposal, before: StoredState | null, read: (q: Parameters<Executor['read']>[0], p?: Record<string, unknown>) => Promise<Row[]>): Promise<RelationshipState> {
    const payload = JSON.parse(proposal.payload) as Record<string, unknown>;
    const live = () => {
      if (!before || before.retracted) throw conflict(`relationship '${proposal.targetId}' is ${before ? 'retracted' : 'gone'} since the proposal was made`, proposal.revision);
      return before;
    };
    switch (proposal.kind) {
      case 'relationship':
        if (before) throw conflict(`relationship '${proposal.targetId}' was written by another change since this proposal was made`, proposal.revision);
        return { raw: payload.raw as RawRelationship, retracted: false };
      case 'citation': {
        const b = live();
        return { raw: { ...b.raw, citations: [...b.raw.citations, payload.citation as RawCitation] }, retracted: false };
      }
      case 'edit':
        return { raw: applyEdit(live().raw, payload.edit as EditRecord), retracted: false };
      case 'retraction':
        return { raw: live().raw, retracted: true, reason: String(payload.reason) };
      case 'entity':
      case 'merge':
      case 'entity_edit':
        throw new Error(`proposal ${proposal.id} is an ${proposal.kind} proposal, not a change of a relationship`);
      case 'revert': {
        const [row] = (await read(changesSince, { since: Number(payload.seq) - 1, limit: 1 })).filter((r) => (r.change as { seq: number }).seq === Number(payload.seq));
        if (!row) throw notFoundItem('change', String(payload.seq));
        const change = toChange(row);
        const now = before ? JSON.stringify({ raw: before.raw, retracted: before.retracted }) : null;
        const changedAfter = change.after ? JSON.stringify({ raw: (JSON.parse(change.after) as RelationshipState).raw, retracted: (JSON.parse(change.after) as RelationshipState).retracted }) : null;
        if (now !== changedAfter) throw conflict(`relationship '${proposal.targetId}' changed after change ${change.seq}; revert the later changes first`, proposal.revision);
        const was = change.before ? (JSON.parse(change.before) as RelationshipState) : null;
        if (!was) return { raw: before!.raw, retracted: true, reason: `revert of change ${change.seq}: ${String(payload.reason)}` };
        return { raw: was.raw, retracted: was.retracted, curated: was.curated === true, reason: was.retracted ? `revert of change ${change.seq}: ${String(payload.reason)}` : undefined };
      }
    }
  }

  /**
   * A reviewer's decision. The proposal's revision must be the one the reviewer saw (else CONFLICT with
   * the current one); nobody decides on their own proposal. ACCEPT applies the change in the same
   * transaction (src/curation/apply-change.ts). The checks (held texts included) run before the change
   * log's lock, on what is committed then; under the lock one statement reads it all again (texts by
   * digest) and the earlier check stands only if nothing moved — else it runs again under the lock.
   * Round trips: 3 reads before the lock, then 3 (4 with a TARGETS edge into a technology) in it.
   */
  async review(principal: Principal, id: string, revision: number, decision: Decision, commentArg?: string | null): Promise<{ proposal: Proposal; change: Change | null }> {
    if (!roleAtLeast(principal.role, 'reviewer')) throw forbidden('Reviewing needs role reviewer or above.');
    const comment = checkLine('comment', commentArg, BOUNDS.reason, false) ?? null;
    if (decision !== 'ACCEPT' && !comment) throw fieldError('comment', commentArg ?? null, `${decision === 'REJECT' ? 'a rejection' : 'a request for changes'} needs a comment saying why`, `text of 1 to ${BOUNDS.reason} characters`);
    const by = who(principal);
    const early = decision === 'ACCEPT' ? await this.checkBeforeLock(id, revision, by) : null;
    const decided = await this.executor.writeTransaction(async (tx) => {
      const run = statementRunner(tx, this.options.beforeStatement);
      const at = this.now().toISOString();
      const [open] = await run(openReview, { id, now: at, entityIds: early?.entityIds ?? [], sourceIds: early?.sourceIds ?? [] });
      if (!open?.proposal) throw notFoundItem('proposal', id);
      const proposal = toProposal(open);
      if (proposal.author === by) throw forbidden('Nobody reviews their own proposal: ask another reviewer.', { proposal: id });
      if (proposal.revision !== revision || proposal.status !== 'pending') {
        throw conflict(
          `Proposal ${id} is at revision ${proposal.revision} (${proposal.status}), not ${revision}: it changed since you read it. Read it again and decide on what it is now.`,
          proposal.revision,
          { status: proposal.status },
        );
      }
      if (decision !== 'ACCEPT') {
        const [row] = await run(decideProposal, { id, status: decision === 'REJECT' ? 'rejected' : 'changes_requested', reviewer: by, now: at, comment, seq: null });
        return { proposal: toProposal(row!), change: null };
      }
      if (open.status !== 'ready') throw graphNotReady();
      // The change log's lock is held since openReview: nobody else takes this number.
      const seq = Number(open.changeSeq) + 1;
      const state = { seq, version: open.version as string | null, at, by, comment };
      if (proposal.kind === 'entity') return this.acceptEntity(run, proposal, state);
      if (proposal.kind === 'merge') return this.acceptMerge(run, proposal, state);
      if (proposal.kind === 'revert' && (JSON.parse(proposal.payload) as { merge?: boolean }).merge) return this.acceptMergeRevert(run, proposal, state);
      if (proposal.kind === 'entity_edit' || (proposal.kind === 'revert' && (JSON.parse(proposal.payload) as { entityEdit?: boolean }).entityEdit)) {
        return this.acceptEntityEdit(run, proposal, state);
      }
      const before = storedOf(this.ontology, open.stored as Row | null);
      const still = early !== null && early.unchangedUnder(open);
      const after = still ? early.after : await this.target(proposal, before, run);
      const applied = await applyRelationship(run, this.ontology, before, after, {
        id: proposal.targetId,
        at,
        by,
        seq,
        curated: proposal.kind === 'revert' ? after.curated === true : true,
        claimLine: this.claimLine,
        checked: still ? early.checked : undefined,
      });
      // The log keeps the relationship as stored (normalised), so a revert compares like with like.
      const now = applied.now;
      const change = {
        seq,
        kind: changeKind(proposal.kind, after),
        itemId: proposal.targetId,
        proposalId: id,
        author: proposal.author,
        reviewer: by,
        proposedAt: proposal.createdAt,
        appliedAt: at,
        before: before ? JSON.stringify({ raw: before.raw, retracted: before.retracted, curated: before.props.curatedSeq != null, ...(before.reason ? { reason: before.reason } : {}) }) : null,
        after: JSON.stringify({ raw: now.raw, retracted: now.retracted, ...(after.reason ? { reason: after.reason } : {}) }),
        comment,
      };
      const version = nextVersion(open.version as string | null, seq, change);
      const [row] = await run(recordAcceptance, { id, version, change: { ...change, version }, delta: applied.delta, reviewer: by, now: at, comment });
      return { proposal: toProposal(row!), change: { ...change, version } };
    });
    if (decided.change) this.watch.committed(decided.change.seq);
    return decided;
  }

  /**
   * An acceptance's checks, before any lock: the proposal and its relationship as committed now, what
   * it would become, and that checked as the loader checks (quotes against the held texts). Null when
   * anything is amiss (not found, not pending, another revision, one's own, a failed check): the review's
   * transaction then finds and reports it under the lock, as it always did. `unchangedUnder` tells
   * whether the reads under the lock (openReview) equal these, so the check stands.
   */
  private async checkBeforeLock(id: string, revision: number, by: string) {
    try {
      const [row] = await this.executor.read(reviewInputs, { id });
      if (!row) return null;
      const proposal = toProposal(row);
      if (proposal.author === by || proposal.revision !== revision || proposal.status !== 'pending') return null;
      // Entities, merges, entity edits and their reverts are checked under the lock only (they change no single relationship).
      const revertOf = proposal.kind === 'revert' ? (JSON.parse(proposal.payload) as { merge?: boolean; entityEdit?: boolean }) : {};
      if (proposal.kind === 'entity' || proposal.kind === 'merge' || proposal.kind === 'entity_edit' || revertOf.merge || revertOf.entityEdit) return null;
      const before = storedOf(this.ontology, row.stored as Row | null);
      const after = await this.target(proposal, before, (q, p) => this.executor.read(q, p));
      const checked = after.retracted ? undefined : await checkRelationshipRecord(this.executor, this.ontology, after.raw, before ? storedVerification(before.cites) : undefined);
      const entityIds = after.retracted ? [] : [...new Set([after.raw.from, after.raw.to])];
      const sourceIds = after.retracted ? [] : [...new Set(after.raw.citations.map((c) => c.source))];
      const storedKey = JSON.stringify(row.stored ?? null);
      const entitiesKey = sameEntities(checked?.entities ?? []);
      const sourcesKey = sameSources(checked?.sources ?? []);
      return {
        after,
        checked,
        entityIds,
        sourceIds,
        unchangedUnder: (open: Row) =>
          toProposal(open).revision === proposal.revision &&
          JSON.stringify(open.stored ?? null) === storedKey &&
          sameEntities(open.entities as Row[]) === entitiesKey &&
          sameSources(open.sources as Row[]) === sourcesKey,
      };
    } catch {
      return null;
    }
  }

  /**
   * Writes an accepted entity inside the review's transaction: checked again against the graph as it is
   * now (a second proposal of the same name or id, accepted first, makes this one a CONFLICT), written
   * by the loader's row builder and per-kind statement (the full-text index follows in the transaction),
   * counted in GraphState, logged with a new version.
   */
  private async acceptEntity(
    run: ReturnType<typeof statementRunner>,
    proposal: Proposal,
    at: { seq: number; version: string | null; at: string; by: string; comment: string | null },
  ): Promise<{ proposal: Proposal; change: Change }> {
    const raw = (JSON.parse(proposal.payload) as { entity: RawEntity }).entity;
    const tx = { run: (query: Parameters<typeof run>[0], params?: Parameters<typeof run>[1]) => run(query, params) };
    let node;
    try {
      node = await checkEntityRecord(tx, this.ontology, raw);
    } catch (error) {
      if (error instanceof GraphQLError && error.extensions.code === 'BAD_USER_INPUT') {
        throw conflict(`Proposal ${proposal.id} can no longer be accepted: ${error.message} Reject it, or ask for changes.`, proposal.revision, { field: error.extensions.field });
      }
      throw error;
    }
    const row = entityRow(node, { origin: 'api', model: new ReadModel({ sources: [], entities: [node] }), kindOf: () => undefined });
    await run(writeStatements(this.ontology).createEntities.get(node.kind)!, { rows: [row] });
    const change = {
      seq: at.seq,
      kind: 'ADD_ENTITY',
      itemId: node.id,
      proposalId: proposal.id,
      author: proposal.author,
      reviewer: at.by,
      proposedAt: proposal.createdAt,
      appliedAt: at.at,
      before: null,
      after: JSON.stringify({ entity: raw }),
      comment: at.comment,
    };
    const version = nextVersion(at.version, at.seq, change);
    const [decided] = await run(recordAcceptance, {
      id: proposal.id,
      version,
      change: { ...change, version },
      delta: { sources: 0, entities: 1, relationships: 0, citations: 0, verifiedCitations: 0 },
      reviewer: at.by,
      now: at.at,
      comment: at.comment,
    });
    return { proposal: toProposal(decided!), change: { ...change, version } };
  }

  /**
   * Applies an accepted merge inside the review's transaction: planned again against the graph as it is
   * now (an end merged or gone, or a changed set of relationships of `drop`, is a CONFLICT), applied
   * (src/curation/merge-entities.ts), logged as one MERGE change of `keep` that `drop`'s history finds too.
   */
  private async acceptMerge(
    run: ReturnType<typeof statementRunner>,
    proposal: Proposal,
    at: { seq: number; version: string | null; at: string; by: string; comment: string | null },
  ): Promise<{ proposal: Proposal; change: Change }> {
    const payload = JSON.parse(proposal.payload) as MergePayload;
    let plan: MergePlan;
    try {
      plan = await planMerge(run, this.ontology, payload.keep, payload.drop);
    } catch (error) {
      if (error instanceof GraphQLError && error.extensions.code === 'BAD_USER_INPUT') {
        throw conflict(`Proposal ${proposal.id} can no longer be accepted: ${error.message} Reject it, or ask for changes.`, proposal.revision, { field: error.extensions.field });
      }
      throw error;
    }
    const stale = staleMerge(payload, plan);
    if (stale) throw conflict(`Proposal ${proposal.id} can no longer be accepted: ${stale}`, proposal.revision, { field: 'drop' });
    const delta = await applyMerge(run, this.ontology, plan, { at: at.at, by: at.by, seq: at.seq, reason: payload.reason, claimLine: this.claimLine });
    const change = {
      seq: at.seq,
      kind: 'MERGE',
      itemId: plan.keep.id,
      otherItemId: plan.drop.id,
      proposalId: proposal.id,
      author: proposal.author,
      reviewer: at.by,
      proposedAt: proposal.createdAt,
      appliedAt: at.at,
      before: JSON.stringify({ keep: plan.keep, drop: plan.drop }),
      after: JSON.stringify({ keep: plan.keep.id, merged: plan.drop.id, reason: payload.reason, moves: plan.moves, aliasesGained: plan.aliasesGained }),
      comment: at.comment,
    };
    const version = nextVersion(at.version, at.seq, change);
    // As every acceptance: the log entry, the counts, the version, the change counter and the decision in one statement.
    const [decided] = await run(recordAcceptance, { id: proposal.id, version, change: { ...change, version }, delta, reviewer: at.by, now: at.at, comment: at.comment });
    const { otherItemId: _other, ...logged } = change;
    return { proposal: toProposal(decided!), change: { ...logged, version } };
  }

  /** Applies an accepted revert of a merge inside the review's transaction, logged as REVERT_MERGE of both ids. */
  private async acceptMergeRevert(
    run: ReturnType<typeof statementRunner>,
    proposal: Proposal,
    at: { seq: number; version: string | null; at: string; by: string; comment: string | null },
  ): Promise<{ proposal: Proposal; change: Change }> {
    const payload = JSON.parse(proposal.payload) as { seq: number; reason: string };
    const [row] = (await run(changesSince, { since: payload.seq - 1, limit: 1 })).filter((r) => (r.change as { seq: number }).seq === payload.seq);
    if (!row) throw notFoundItem('change', String(payload.seq));
    const merge = loggedMerge(toChange(row));
    const delta = await revertMerge(run, this.ontology, merge, { at: at.at, by: at.by, seq: at.seq, reason: payload.reason, revision: proposal.revision, claimLine: this.claimLine });
    const change = {
      seq: at.seq,
      kind: 'REVERT_MERGE',
      itemId: merge.keep.id,
      otherItemId: merge.drop.id,
      proposalId: proposal.id,
      author: proposal.author,
      reviewer: at.by,
      proposedAt: proposal.createdAt,
      appliedAt: at.at,
      before: JSON.stringify({ merged: merge.drop.id, into: merge.keep.id, seq: merge.seq }),
      after: JSON.stringify({ restored: merge.drop, keep: merge.keep, moves: merge.moves, reason: payload.reason }),
      comment: at.comment,
    };
    const version = nextVersion(at.version, at.seq, change);
    // As every acceptance: the log entry, the counts, the version, the change counter and the decision in one statement.
    const [decided] = await run(recordAcceptance, { id: proposal.id, version, change: { ...change, version }, delta, reviewer: at.by, now: at.at, comment: at.comment });
    const { otherItemId: _other, ...logged } = change;
    return { proposal: toProposal(decided!), change: { ...logged, version } };
  }

  /**
   * What an entity edit (or the revert of one) writes: the record it asks for, and the record it must
   * find (the one its author saw; for a revert, the one the reverted change left). Throws CONFLICT when
   * the entity is no longer that, and BAD_USER_INPUT when the result no longer passes the seed's checks.
   */
  private async plannedEntityEdit(read: Statement, proposal: Proposal): Promise<{ before: RawEntity; after: RawEntity; fields: string[]; reverts: number | null }> {
    const payload = JSON.parse(proposal.payload) as { edit?: EntityEdit; basedOn?: RawEntity; seq?: number; entityEdit?: boolean };
    const stored = await readEntity(read, this.ontology, proposal.targetId);
    if (payload.edit && payload.basedOn) {
      staleEdit(payload.basedOn, stored.record, proposal.revision);
      const after = await checkEdited(read, this.ontology, stored, payload.edit);
      return { before: stored.record, after, fields: editedFields(payload.edit), reverts: null };
    }
    const [row] = (await read(changesSince, { since: Number(payload.seq) - 1, limit: 1 })).filter((r) => (r.change as { seq: number }).seq === Number(payload.seq));
    if (!row) throw notFoundItem('change', String(payload.seq));
    const logged = toChange(row);
    const was = JSON.parse(logged.before ?? '{}') as { entity: RawEntity; fields: string[] };
    const left = JSON.parse(logged.after ?? '{}') as { entity: RawEntity };
    if (!sameRecord(left.entity, stored.record)) throw conflict(`entity '${proposal.targetId}' changed after change ${logged.seq}; revert the later changes first`, proposal.revision);
    // The record it gives back is checked again (a reference it names may be gone since).
    const edit: EntityEdit = { set: {}, unset: [] };
    for (const field of was.fields) {
      if (field in was.entity.data) edit.set[field] = was.entity.data[field];
      else edit.unset.push(field);
    }
    const after = await checkEdited(read, this.ontology, stored, edit);
    return { before: stored.record, after, fields: was.fields, reverts: logged.seq };
  }

  /** An entity edit's effect: each field before and after, and which answers change. */
  private async entityEditPreview(proposal: Proposal): Promise<Preview> {
    const base = { relationshipId: proposal.targetId, before: null, after: null };
    let planned;
    try {
      planned = await this.plannedEntityEdit((q, p) => this.executor.read(q, p), proposal);
    } catch (error) {
      return { ...base, problem: (error as Error).message, affects: [] };
    }
    const { before, after, fields } = planned;
    const show = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
    const names = fields.includes('aliases') || fields.includes('name');
    const renamed = before.data.name !== after.data.name ? (await relationshipsToRename((q, p) => this.executor.read(q, p), proposal.targetId).catch(() => null)) : [];
    return {
      ...base,
      problem: null,
      entityEdit: { entityId: proposal.targetId, kind: before.kind, fields: fields.map((field) => ({ field, before: show(before.data[field]), after: show(after.data[field]) })) },
      affects: [
        `entity("${proposal.targetId}"): ${fields.join(', ')}`,
        ...(names ? [`search and the name arguments (measures, path, timeline) find '${proposal.targetId}' by its new names and no longer by the removed ones`] : []),
        ...(renamed === null ? [] : renamed.length > 0 ? [`its ${renamed.length} relationship(s) show the new name (relationships, evidence, the relationships export)`] : []),
        'the entities export and the graph version',
      ],
    };
  }

  /**
   * Applies an accepted entity edit (or its revert) inside the review's transaction: planned again
   * against the entity as it is now (a moved entity is a CONFLICT), the changed properties written with
   * their derived name keys (src/curation/edit-entity.ts), logged as one change with both records.
   */
  private async acceptEntityEdit(
    run: ReturnType<typeof statementRunner>,
    proposal: Proposal,
    at: { seq: number; version: string | null; at: string; by: string; comment: string | null },
  ): Promise<{ proposal: Proposal; change: Change }> {
    let planned;
    try {
      planned = await this.plannedEntityEdit(run, proposal);
    } catch (error) {
      if (error instanceof GraphQLError && error.extensions.code === 'BAD_USER_INPUT') {
        throw conflict(`Proposal ${proposal.id} can no longer be accepted: ${error.message} Reject it, or ask for changes.`, proposal.revision, { field: error.extensions.field });
      }
      throw error;
    }
    const { before, after, fields, reverts } = planned;
    await applyEntityEdit(run, this.ontology, before, after, at.seq);
    const renamed = before.data.name !== after.data.name ? await renameInRelationships(run, this.ontology, proposal.targetId, { at: at.at, by: at.by, seq: at.seq, claimLine: this.claimLine }) : 0;
    const reason = (JSON.parse(proposal.payload) as { reason?: string }).reason;
    const change = {
      seq: at.seq,
      kind: reverts === null ? 'EDIT_ENTITY' : 'REVERT_EDIT_ENTITY',
      itemId: proposal.targetId,
      proposalId: proposal.id,
      author: proposal.author,
      reviewer: at.by,
      proposedAt: proposal.createdAt,
      appliedAt: at.at,
      before: JSON.stringify({ entity: before, fields }),
      after: JSON.stringify({ entity: after, fields, ...(renamed > 0 ? { relationshipsRenamed: renamed } : {}), ...(reverts !== null ? { reverts } : {}), ...(reason ? { reason } : {}) }),
      comment: at.comment,
    };
    const version = nextVersion(at.version, at.seq, change);
    const delta = { sources: 0, entities: 0, relationships: 0, citations: 0, verifiedCitations: 0 };
    // As every acceptance: the log entry, the counts, the version, the change counter and the decision in one statement.
    const [decided] = await run(recordAcceptance, { id: proposal.id, version, change: { ...change, version }, delta, reviewer: at.by, now: at.at, comment: at.comment });
    return { proposal: toProposal(decided!), change: { ...change, version } };
  }

  // --- Claims sent back to review by a changed source text ------------------------------------------

  /** Relationships waiting for review because a text they cite changed, in id order (a keyset page). */
  async needingReview(after: string, first: number): Promise<Array<{ relationshipId: string; sourceIds: string[] }>> {
    const from = after ? checkLine('after', after, BOUNDS.id * 3)! : '';
    const page = await claimsNeedingReview(this.executor, from, Math.min(Math.max(first, 1), PAGE_MAX));
    return page.map((c) => ({ relationshipId: c.id, sourceIds: c.sourceIds }));
  }

  /**
   * A reviewer confirms a relationship a changed source text sent back to review: in one transaction its
   * citations are checked again against the texts held now (a quote no longer verbatim is refused, with
   * the nearest passage of the new text: edit the citation or retract the relationship instead), the
   * relationship is rewritten with what that check found (verification, offsets), it leaves review, and
   * the change is logged (RECONFIRM) with a new graph version. Retracting it also ends its review.
   */
  async reconfirm(principal: Principal, relationshipIdArg: string, commentArg?: string | null): Promise<Change> {
    if (!roleAtLeast(principal.role, 'reviewer')) throw forbidden('Re-confirming needs role reviewer or above.');
    const id = checkLine('relationshipId', relationshipIdArg, BOUNDS.id * 3)!;
    const comment = checkLine('comment', commentArg, BOUNDS.reason, false) ?? null;
    const by = who(principal);
    return this.executor.writeTransaction(async (tx) => {
      const run = statementRunner(tx, this.options.beforeStatement);
      const at = this.now().toISOString();
      // The graph state's lock first: no other change can move the relationship until this one commits.
      const [state] = await run(nextChange);
      if (!state || state.status !== 'ready') throw graphNotReady();
      const seq = Number(state.seq);
      const [flag] = await run(claimNeedsReview, { id });
      if (!flag) throw notFoundItem('relationship', id);
      if (flag.needsReview !== true) throw fieldError('relationshipId', id, 'is not waiting for review (no text it cites changed since it was last confirmed)', 'a relationship listed by needingReview');
      const before = (await readStored(run, this.ontology, id))!;
      const applied = await applyRelationship(run, this.ontology, before, { raw: before.raw, retracted: false }, { id, at, by, seq, curated: false, claimLine: this.claimLine });
      await run(clearNeedsReview, { id });
      const now = (await readStored(run, this.ontology, id))!;
      const change = {
        seq,
        kind: 'RECONFIRM',
        itemId: id,
        proposalId: null,
        author: by,
        reviewer: by,
        proposedAt: at,
        appliedAt: at,
        before: JSON.stringify({ raw: before.raw, retracted: false, needsReview: true }),
        after: JSON.stringify({ raw: now.raw, retracted: false }),
        comment,
      };
      const version = nextVersion(state.version as string | null, seq, change);
      await run(recordChange, { version, change: { ...change, version }, delta: applied.delta });
      return { ...change, version };
    });
  }

  // --- History and feed ---------------------------------------------------------------------------

  async history(id: string): Promise<Change[]> {
    return (await this.executor.read(changesOfItem, { id, limit: HISTORY_MAX })).map(toChange);
  }

  /**
   * The live feed from a position: every change after `since`, in order, then each new one as it is
   * committed. The log in Neo4j is the only source: a subscriber reads it, then waits on the process's
   * change watch, which wakes it at once after this process commits a change and within `feedPollMs`
   * after another process on the database does (one shared indexed read per poll). So a change accepted
   * by any process reaches every subscriber, and a client resumes after a disconnect by subscribing again
   * from the last seq it saw (the SSE event id it sends back as Last-Event-ID: resume-position.ts).
   */
  follow(since: number): AsyncIterableIterator<Change> {
    const buffer: Change[] = [];
    let last = since;
    const closing = new AbortController();
    const page = Math.min(Math.max(this.options.feedPage ?? PAGE_MAX, 1), PAGE_MAX);
    const read = (after: number) => this.executor.read(changesSince, { since: after, limit: page });
    const watch = this.watch;
    return {
      [Symbol.asyncIterator]() {
        return this;
      },
      async next(): Promise<IteratorResult<Change>> {
        while (!closing.signal.aborted) {
          const change = buffer.shift();
          if (change) {
            last = change.seq;
            return { value: change, done: false };
          }
          const rows = await read(last);
          if (rows.length > 0) {
            buffer.push(...rows.map(toChange));
            continue;
          }
          await watch.waitBeyond(last, closing.signal);
        }
        return { value: undefined, done: true };
      },
      // The client went away: stop waiting at once (an async generator would only notice at its next yield).
      async return(): Promise<IteratorResult<Change>> {
        closing.abort();
        return { value: undefined, done: true };
      },
    };
  }

  async changes(since: number, first: number): Promise<{ changes: Change[]; lastSeq: number; version: string | null }> {
    const rows = await this.executor.read(changesSince, { since, limit: Math.min(Math.max(first, 1), PAGE_MAX) });
    const [state] = await this.executor.read(lastChangeSeq);
    return { changes: rows.map(toChange), lastSeq: Number(state?.seq ?? 0), version: (state?.version as string | null) ?? null };
  }
}

function graphNotReady(): GraphQLError {
  return new GraphQLError('The graph is being loaded (or was never loaded); changes can be accepted once it is ready. Retry in a few seconds.', {
    extensions: { code: 'GRAPH_LOADING', http: { status: 503, headers: { 'Retry-After': '5' } } },
  });
}

/** The entities and sources a check read, as comparable text (openReview reads sources' texts by digest only). */
const ENTITY_KEYS = ['id', 'kind', 'name', 'status', 'whenStart', 'whenEnd', 'whenPrecision', 'whenField', 'whenBasis', 'whenSource'];
const SOURCE_KEYS = ['id', 'type', 'story', 'counted', 'file', 'digest'];
const sameEntities = (rows: Row[]) => JSON.stringify([...rows].map((r) => ENTITY_KEYS.map((k) => r[k] ?? null)).sort());
const sameSources = (rows: Row[]) => JSON.stringify([...rows].map((r) => SOURCE_KEYS.map((k) => r[k] ?? null)).sort());

function changeKind(kind: ProposalKind, after: RelationshipState): string {
  if (kind === 'revert') return after.retracted ? 'REVERT_RETRACT' : 'REVERT';
  return { relationship: 'ADD_RELATIONSHIP', citation: 'ADD_CITATION', edit: 'EDIT_RELATIONSHIP', retraction: 'RETRACT', entity: 'ADD_ENTITY', merge: 'MERGE', entity_edit: 'EDIT_ENTITY' }[kind];
}

// --- Edits ----------------------------------------------------------------------------------------

interface EditRecord {
  modality?: string;
  date?: Record<string, unknown> | null;
  qualifiers?: Record<string, string | null>;
}

function editRecord(input: EditInput): EditRecord {
  const edit: EditRecord = {};
  const modality = checkLine('modality', input.modality, 100, false);
  if (modality) edit.modality = modality;
  if (input.date !== undefined) edit.date = input.date === null ? null : (dateOf('date', input.date) ?? null);
  if (input.qualifiers) {
    edit.qualifiers = {};
    for (const [i, q] of checkList('qualifiers', input.qualifiers, BOUNDS.qualifiers).entries()) {
      edit.qualifiers[checkLine(`qualifiers[${i}].name`, q.name, 100)!] = q.value === null ? null : checkLine(`qualifiers[${i}].value`, q.value, BOUNDS.line)!;
    }
  }
  if (Object.keys(edit).length === 0) throw fieldError('edit', input, 'changes nothing', 'modality, date or qualifiers');
  return edit;
}

function applyEdit(raw: RawRelationship, edit: EditRecord): RawRelationship {
  const next: RawRelationship = { ...raw };
  if (edit.modality) next.modality = edit.modality;
  if (edit.date === null) delete next.date;
  else if (edit.date) next.date = edit.date;
  for (const [name, value] of Object.entries(edit.qualifiers ?? {})) {
    if (['type', 'from', 'to', 'key', 'modality', 'citations'].includes(name)) continue;
    if (value === null) delete next[name];
    else next[name] = value;
  }
  return next;
}

// --- Preview --------------------------------------------------------------------------------------

export interface StateSummary {
  exists: boolean;
  retracted: boolean;
  modality: string | null;
  independentSources: number;
  citationCount: number;
  sourceIds: string[];
}

export interface Preview {
  relationshipId: string;
  before: StateSummary | null;
  after: StateSummary | null;
  problem: string | null;
  affects: string[];
  /** A merge's plan (MERGE proposals only). */
  merge?: { keep: string; drop: string; moves: MergePlan['moves']; aliasesGained: string[] };
  /** An entity edit's fields, each before and after as JSON text (ENTITY_EDIT proposals and their reverts). */
  entityEdit?: { entityId: string; kind: string; fields: Array<{ field: string; before: string | null; after: string | null }> };
}

/** Where a merged entity's id went, and who merged it, when and why. */
export interface MergedEntity {
  id: string;
  kind: string;
  name: string;
  mergedInto: string;
  at: string;
  by: string;
  reason: string;
  seq: number;
}

interface MergePayload {
  keep: string;
  drop: string;
  reason: string;
  /** The relationships of `drop` when the merge was proposed (what its author saw). */
  relationships: string[];
}

/** Why a merge proposal no longer matches the graph: `drop` gained or lost relationships since it was made. */
function staleMerge(payload: MergePayload, plan: MergePlan): string | null {
  const now = plan.moves.map((m) => m.relationshipId);
  const was = new Set(payload.relationships);
  const gained = now.filter((id) => !was.has(id));
  const lost = payload.relationships.filter((id) => !now.includes(id));
  if (gained.length === 0 && lost.length === 0) return null;
  return `the relationships of '${payload.drop}' changed since the merge was proposed (${[...gained.map((id) => `new: ${id}`), ...lost.map((id) => `gone: ${id}`)].slice(0, 5).join(', ')}); propose the merge again so its preview shows what it moves.`;
}

function summary(state: StoredState | null): StateSummary | null {
  if (!state) return null;
  return {
    exists: true,
    retracted: state.retracted,
    modality: typeof state.props.modality === 'string' ? state.props.modality : null,
    independentSources: Number(state.props.independentSources ?? 0),
    citationCount: state.cites.length,
    sourceIds: Array.isArray(state.props.sourceIds) ? (state.props.sourceIds as string[]) : [],
  };
}

/** Which answers the change would alter, named as a reader would ask them. */
function affects(raw: RawRelationship, before: StateSummary | null, after: StateSummary): string[] {
  const visibleBefore = before !== null && !before.retracted;
  const visibleAfter = !after.retracted;
  const out: string[] = [];
  const rowChange = visibleBefore && !visibleAfter ? 'loses' : !visibleBefore && visibleAfter ? 'gains' : 'changes';
  out.push(`relationships(types: [${raw.type}]) ${rowChange} the row ${relationshipId(raw.from, raw.type, raw.to, raw.key)}`);
  out.push(`entity("${raw.from}") and entity("${raw.to}"): their relationships and evidence`);
  if (raw.type === 'TARGETS') out.push(`measures(targeting: "${raw.to}") and the counts of the technologies above it`);
  if (before && visibleAfter && before.modality !== after.modality) out.push(`measures(modality: …) and relationships(modality: …): modality ${before.modality} → ${after.modality}`);
  if ((before?.independentSources ?? 0) !== after.independentSources || rowChange !== 'changes') {
    out.push(`relationships(minSources/maxSources): independent sources ${visibleBefore ? before!.independentSources : 0} → ${visibleAfter ? after.independentSources : 0}`);
  }
  out.push('the exports (/export/relationships.*, citations.*) and the graph version');
  return out;
}
