// The write side's statements: proposals (:Proposal), the change log (:Change, one per accepted change,
// numbered by GraphState.changeSeq) and what an acceptance reads and writes besides the loader's own
// relationship statement (src/cypher/seed.ts upsertRelationships). Each is anchored on a unique id.
import { cypher, type CypherQuery } from '../db/executor.ts';
import type { Ontology } from '../ontology/ontology.ts';
import { GRAPH_VERSION } from './fragments.ts';

const PROPOSAL_MAP = `p {.id, .kind, .status, .revision, .targetId, .payload, .author, .createdAt, .updatedAt, .reviewer, .reviewedAt, .comment, .appliedSeq}`;
const PROPOSAL = `${PROPOSAL_MAP} AS proposal`;

export const createProposal = cypher(
  'curation.createProposal',
  `
CREATE (p:Proposal {id: $id, kind: $kind, status: 'pending', revision: 1, targetId: $targetId, payload: $payload,
                    author: $author, createdAt: $now, updatedAt: $now})
RETURN ${PROPOSAL}
`,
);

export const readProposal = cypher('curation.readProposal', `MATCH (p:Proposal {id: $id}) RETURN ${PROPOSAL}`);

/** The review queue: proposals of one status in id (= creation) order, a page after $after. */
export const proposalsByStatus = cypher(
  'curation.proposalsByStatus',
  `
MATCH (p:Proposal) WHERE p.status = $status AND p.id > $after
RETURN ${PROPOSAL}
ORDER BY p.id LIMIT $limit
`,
);

export const decideProposal = cypher(
  'curation.decideProposal',
  `
MATCH (p:Proposal {id: $id})
SET p.status = $status, p.revision = p.revision + 1, p.reviewer = $reviewer, p.reviewedAt = $now, p.updatedAt = $now,
    p.comment = $comment, p.appliedSeq = $seq
RETURN ${PROPOSAL}
`,
);

/**
 * The next change number, under the graph state's write lock: every writer of a change passes here (or,
 * a review, through openReview, which takes the same lock first), so changes are numbered in commit
 * order and the feed never shows a later number before an earlier one.
 */
export const nextChange = cypher(
  'curation.nextChange',
  `
MATCH (g:GraphState {id: 'graph'})
SET g.changeSeq = coalesce(g.changeSeq, 0) + 1
RETURN g.changeSeq AS seq, g.version AS version, g.status AS status
`,
);

/**
 * The end of an acceptance: the change log's entry, the new version and the counts. `changeVersion`
 * keeps the version after the last change for a later load (src/seed/write-graph.ts completeLoad),
 * which marks `version` null while it runs.
 */
const RECORD_CHANGE = `
MATCH (g:GraphState {id: 'graph'})
SET g.version = $version, g.loadingVersion = $version, g.changeVersion = $version, g.lastChangeAt = $change.appliedAt,
    g.sources = coalesce(g.sources, 0) + $delta.sources,
    g.entities = coalesce(g.entities, 0) + coalesce($delta.entities, 0),
    g.relationships = coalesce(g.relationships, 0) + $delta.relationships,
    g.citations = coalesce(g.citations, 0) + $delta.citations,
    g.verifiedCitations = coalesce(g.verifiedCitations, 0) + $delta.verifiedCitations
CREATE (c:Change)
SET c = $change
`;

export const recordChange = cypher('curation.recordChange', RECORD_CHANGE);

const CHANGE = `c {.seq, .kind, .itemId, .proposalId, .author, .reviewer, .proposedAt, .appliedAt, .before, .after, .version, .comment} AS change`;

/** The feed: changes after a sequence number, in order (the uniqueness constraint's index on seq). */
export const changesSince = cypher(
  'curation.changesSince',
  `
MATCH (c:Change) WHERE c.seq > $since
RETURN ${CHANGE}
ORDER BY c.seq LIMIT $limit
`,
);

/** Every change that touched one item, oldest first (a merge names the dropped entity as `otherItemId`). */
export const changesOfItem = cypher(
  'curation.changesOfItem',
  `
CALL () {
  MATCH (c:Change) WHERE c.itemId = $id RETURN c
  UNION
  MATCH (c:Change) WHERE c.otherItemId = $id RETURN c
}
RETURN ${CHANGE}
ORDER BY c.seq LIMIT $limit
`,
);

export const lastChangeSeq = cypher('curation.lastChangeSeq', `OPTIONAL MATCH (g:GraphState {id: 'graph'}) RETURN g.changeSeq AS seq, g.version AS version`);

/** What the checks need of the entities a proposal names: kind, name, status, and the stored date the read model keys on. */
export const entitiesForCheck = cypher(
  'curation.entitiesForCheck',
  `
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Entity'][0] AS kind, n.name AS name, n.status AS status,
       n.whenStart AS whenStart, n.whenEnd AS whenEnd, n.whenPrecision AS whenPrecision, n.whenField AS whenField,
       n.whenBasis AS whenBasis, n.whenSource AS whenSource
`,
);

/** The sources a proposal cites, with their held texts. */
export const sourcesForCheck = cypher(
  'curation.sourcesForCheck',
  `
UNWIND $ids AS id
MATCH (s:Source {id: id})
OPTIONAL MATCH (t:SourceText {sourceId: id})
RETURN s.id AS id, s.type AS type, s.story AS story, s.counted AS counted, s.file AS file, t.text AS text, t.digest AS digest
`,
);

/** A relationship as stored: its Claim (live or retracted) and its citations in order. */
export const storedRelationship = cypher(
  'curation.storedRelationship',
  `
OPTIONAL MATCH (live:Claim {id: $id})
OPTIONAL MATCH (gone:RetractedClaim {id: $id})
WITH coalesce(live, gone) AS c, live IS NULL AND gone IS NOT NULL AS retracted
WHERE c IS NOT NULL
RETURN properties(c) AS props, retracted,
       [(c)-[k:CITES]->(s:Source) | {source: s.id, props: properties(k)}] AS cites
`,
);

/** Whether an id is taken: by a source, an entity, or an entity merged into another (its id still resolves). */
export const sourceExists = cypher(
  'curation.sourceExists',
  `OPTIONAL MATCH (s:Source {id: $id}) OPTIONAL MATCH (e:Entity {id: $id}) OPTIONAL MATCH (m:MergedEntity {id: $id})
RETURN s IS NOT NULL OR e IS NOT NULL OR m IS NOT NULL AS taken`,
);

/**
 * Retraction: the Claim keeps every property and citation but leaves the label every read, count, index
 * and export goes through (:Claim → :RetractedClaim), with who, when and why (and leaves review, if a
 * changed source text had sent it there); the domain edge, which only mirrors the Claim's properties for
 * traversals, is removed (a restore writes it again). One statement per relationship type of the
 * ontology, so that the edge is found by its type's id constraint (rel_<type>_id) — an untyped edge
 * between the endpoints cost a walk of the smaller endpoint's every relationship (a hub's: thousands).
 */
export function retractClaimStatements(ontology: Ontology): ReadonlyMap<string, CypherQuery> {
  return new Map(
    [...ontology.relationshipTypes.keys()].map((type) => [
      type,
      cypher(
        'curation.retractClaim',
        `
MATCH (c:Claim {id: $id})
OPTIONAL MATCH ()-[r:${type} {id: $id}]->()
DELETE r
REMOVE c:Claim, c:NeedsReview
SET c:RetractedClaim, c.retractedAt = $at, c.retractedBy = $by, c.retractedReason = $reason, c.retractedSeq = $seq
`,
      ),
    ]),
  );
}

/** Undoes a retraction: the Claim returns under its label; the loader's statement then writes its edge. */
export const unretractClaim = cypher(
  'curation.unretractClaim',
  `
MATCH (c:RetractedClaim {id: $id})
REMOVE c:RetractedClaim, c.retractedAt, c.retractedBy, c.retractedReason, c.retractedSeq
SET c:Claim
`,
);

/** Technologies whose subtree counts an edge into `$id` can change: it and every broader one. */
export const technologiesAbove = cypher(
  'curation.technologiesAbove',
  `
MATCH (x:Entity {id: $id})
MATCH (x) (()-[:BROADER]->())* (t:Technology)
RETURN DISTINCT t.id AS id
`,
);

/** Whether a live relationship waits for review (a source text it cites changed: src/cypher/source-texts.ts). */
export const claimNeedsReview = cypher('curation.claimNeedsReview', `MATCH (c:Claim {id: $id}) RETURN c:NeedsReview AS needsReview`);

/** A reviewer re-confirmed it against the new text: it leaves the review queue. */
export const clearNeedsReview = cypher('curation.clearNeedsReview', `MATCH (c:Claim:NeedsReview {id: $id}) REMOVE c:NeedsReview`);
/**
 * Pending proposals about the relationships `$ids`, with their payloads (the assistant's run skips what
 * is queued already). Not a hot statement: once per `proposeFromSource`, over the pending proposals.
 */
export const pendingProposalsFor = cypher(
  'curation.pendingProposalsFor',
  `
MATCH (p:Proposal) WHERE p.status = 'pending' AND p.targetId IN $ids
RETURN p.targetId AS targetId, collect(p.payload) AS payloads
`,
);

/** The graph version now (the assistant reuses what it built from the graph while this stays the same). */
export const currentGraphVersion = cypher('curation.currentGraphVersion', `${GRAPH_VERSION} RETURN graphVersion`);

// --- One acceptance in few round trips (docs/performance.md "Accepting a change on M: where the time goes") ---

/** A relationship as stored, from `c` (its Claim, live or retracted, or null): the map `readStored` reads. */
const STORED_OF_C = `CASE WHEN c IS NULL THEN null ELSE {props: properties(c), retracted: c:RetractedClaim,
       cites: [(c)-[k:CITES]->(s:Source) | {source: s.id, props: properties(k)}]} END AS stored`;

/** The columns of `entitiesForCheck`, as one map per entity (a review compares them before and under its lock). */
const ENTITY_FOR_CHECK = `n {.id, kind: [l IN labels(n) WHERE l <> 'Entity'][0], .name, .status, .whenStart, .whenEnd, .whenPrecision, .whenField, .whenBasis, .whenSource}`;

/**
 * What a review reads before it takes any lock (an auto-commit read): the proposal, the relationship it
 * is about, and what the checks need of the entities and sources the proposal names (the sources'
 * held texts included). The checks run on these in Node while other reviews hold the change log.
 */
export const reviewInputs = cypher(
  'curation.reviewInputs',
  `
MATCH (p:Proposal {id: $id})
OPTIONAL MATCH (live:Claim {id: p.targetId})
OPTIONAL MATCH (gone:RetractedClaim {id: p.targetId})
WITH p, coalesce(live, gone) AS c
RETURN ${PROPOSAL}, ${STORED_OF_C}
`,
);

/**
 * A review's first statement, in its write transaction: the change log's lock (GraphState, taken first
 * by every writer of a change before anything else, so two never wait on each other's locks: two
 * concurrent reviews that each locked their proposal first and then the graph state deadlocked under the
 * bench's propose+accept loops; writing the status back unchanged takes the node's write lock without
 * changing the graph), then the proposal's (two reviews of one proposal queue here, and the second sees
 * the first's new revision),
 * then — read under both locks — the proposal, the relationship it is about, the change counter and
 * version, and the entities and sources `$entityIds`/`$sourceIds` with their held texts' digests (not the
 * texts): when all of it equals what the review checked before the lock, that check stands. Every
 * look-up is a unique-index seek; the SET of GraphState comes first in the plan (its own clause).
 */
export const openReview = cypher(
  'curation.openReview',
  `
MATCH (g:GraphState {id: 'graph'})
SET g.status = g.status
WITH g
OPTIONAL MATCH (p:Proposal {id: $id})
SET p.lockedAt = $now
WITH g, p
OPTIONAL MATCH (live:Claim {id: p.targetId})
OPTIONAL MATCH (gone:RetractedClaim {id: p.targetId})
WITH g, p, coalesce(live, gone) AS c
RETURN g.status AS status, coalesce(g.changeSeq, 0) AS changeSeq, g.version AS version,
       CASE WHEN p IS NULL THEN null ELSE ${PROPOSAL_MAP} END AS proposal, ${STORED_OF_C},
       COLLECT { UNWIND $entityIds AS eid MATCH (n:Entity {id: eid}) RETURN ${ENTITY_FOR_CHECK} } AS entities,
       COLLECT { UNWIND $sourceIds AS sid MATCH (s:Source {id: sid}) OPTIONAL MATCH (t:SourceText {sourceId: sid})
                 RETURN {id: s.id, type: s.type, story: s.story, counted: s.counted, file: s.file, digest: t.digest} } AS sources
`,
);

/**
 * The end of an acceptance in one statement: the change counter set to this change's number (the
 * change log's lock is held since openReview), the change log's entry, the new version and the counts
 * (as recordChange), and the proposal decided (as decideProposal).
 */
export const recordAcceptance = cypher(
  'curation.recordAcceptance',
  `${RECORD_CHANGE}
SET g.changeSeq = $change.seq
WITH DISTINCT g
MATCH (p:Proposal {id: $id})
SET p.status = 'accepted', p.revision = p.revision + 1, p.reviewer = $reviewer, p.reviewedAt = $now, p.updatedAt = $now,
    p.comment = $comment, p.appliedSeq = $change.seq
RETURN ${PROPOSAL}
`,
);

/**
 * The read model's `policiesTargetingSubtree` after one TARGETS edge from the policy `$from` to `$to`
 * appeared ($delta 1) or went ($delta -1): each technology at or above `$to` whose subtree the policy
 * targets by no other edge counts the policy once more or once less. Work: the technologies above
 * `$to` times the policy's own TARGETS — never the subtree below them, nor the other policies (the
 * full recount, readModel.subtreeTargetCounts, read every policy targeting a subtree: ~ the graph for
 * a root technology). The same figure as the recount; tests/integration/accept-plans.test.ts checks it.
 */
export const shiftSubtreeTargetCounts = cypher(
  'curation.shiftSubtreeTargetCounts',
  `
MATCH (p:Entity {id: $from})
MATCH (t:Entity {id: $to})
MATCH (t) (()-[:BROADER]->())* (u:Technology)
WITH DISTINCT p, u
WHERE p:Policy AND NOT EXISTS { MATCH (p)-[r:TARGETS]->(x:Technology) (()-[:BROADER]->())* (u) WHERE r.id <> $id }
SET u.policiesTargetingSubtree = coalesce(u.policiesTargetingSubtree, 0) + $delta
RETURN count(u) AS shifted
`,
);
