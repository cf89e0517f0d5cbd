// The write side's statements: proposals (:Proposal), the change log (:Change, one per accepted change,
// numbered by GraphState.changeSeq) and what an acceptance reads and writes besides the loader's own
// relationship statement (src/cypher/seed.ts upsertRelationships). Each is anchored on a unique id.
import { cypher } from '../db/executor.ts';
import { GRAPH_VERSION } from './fragments.ts';

const PROPOSAL = `p {.id, .kind, .status, .revision, .targetId, .payload, .author, .createdAt, .updatedAt, .reviewer, .reviewedAt, .comment, .appliedSeq} AS proposal`;

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

/**
 * Takes the proposal's write lock before reading it (Neo4j reads the latest committed state, so after
 * the lock nobody else can move it until this transaction ends): two reviews of one proposal queue here,
 * and the second sees the first's new revision.
 */
export const lockProposal = cypher('curation.lockProposal', `MATCH (p:Proposal {id: $id}) SET p.lockedAt = $now RETURN p.id AS id`);

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
 * The next change number, under the graph state's write lock: every acceptance passes here, so changes
 * are numbered in commit order and the feed never shows a later number before an earlier one.
 */
/**
 * The change log's lock, taken first by every transaction that may write a change (a review, a source's
 * registration, a re-confirmation): they queue here before holding anything else, so two of them can
 * never wait on each other's locks (two concurrent reviews that each locked their proposal first and
 * then the graph state deadlocked under the bench's propose+accept loops). Writing the status back
 * unchanged takes the node's write lock without changing the graph.
 */
export const lockChangeLog = cypher('curation.lockChangeLog', `MATCH (g:GraphState {id: 'graph'}) SET g.status = g.status RETURN g.status AS status`);

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
export const recordChange = cypher(
  'curation.recordChange',
  `
MATCH (g:GraphState {id: 'graph'})
SET g.version = $version, g.loadingVersion = $version, g.changeVersion = $version, g.lastChangeAt = $change.appliedAt,
    g.sources = coalesce(g.sources, 0) + $delta.sources,
    g.entities = coalesce(g.entities, 0) + coalesce($delta.entities, 0),
    g.relationships = coalesce(g.relationships, 0) + $delta.relationships,
    g.citations = coalesce(g.citations, 0) + $delta.citations,
    g.verifiedCitations = coalesce(g.verifiedCitations, 0) + $delta.verifiedCitations
CREATE (c:Change)
SET c = $change
`,
);

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
 * changed source text had sent it there); the domain edge, which
 * only mirrors the Claim's properties for traversals, is removed (a restore writes it again).
 */
export const retractClaim = cypher(
  'curation.retractClaim',
  `
MATCH (c:Claim {id: $id})
OPTIONAL MATCH (:Entity {id: c.fromId})-[r]->(:Entity {id: c.toId}) WHERE r.id = $id
DELETE r
REMOVE c:Claim, c:NeedsReview
SET c:RetractedClaim, c.retractedAt = $at, c.retractedBy = $by, c.retractedReason = $reason, c.retractedSeq = $seq
`,
);

/** Undoes a retraction: the Claim returns under its label; the loader's statement then writes its edge. */
export const unretractClaim = cypher(
  'curation.unretractClaim',
  `
MATCH (c:RetractedClaim {id: $id})
REMOVE c:RetractedClaim, c.retractedAt, c.retractedBy, c.retractedReason, c.retractedSeq
SET c:Claim
`,
);

/** A relationship as a reviewed change left it: the loader will not overwrite it (src/cypher/seed.ts). */
export const markCurated = cypher('curation.markCurated', `MATCH (c:Claim {id: $id}) SET c.curatedSeq = $seq`);

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
