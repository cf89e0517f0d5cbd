// The texts of sources, kept in the graph: (:SourceText {sourceId, digest, length, text, storedAt,
// storedBy}), one per Source, found by its sourceId (unique constraint source_text_source_id). A node
// of its own, so that a load's `SET s = row.props` on the Source never wipes it
// (docs/decisions/0018-source-texts-and-verification.md).
import { cypher } from '../db/executor.ts';

/** The held texts of the sources `$ids` (those without one give no row). */
export const readSourceTexts = cypher(
  'sourceTexts.read',
  `
UNWIND $ids AS id
MATCH (t:SourceText {sourceId: id})
RETURN t.sourceId AS sourceId, t.digest AS digest, t.length AS length, t.text AS text, t.storedAt AS storedAt, t.storedBy AS storedBy
`,
);

/** The digests alone (no text): what a store compares with. */
export const readSourceTextDigests = cypher(
  'sourceTexts.digests',
  `
UNWIND $ids AS id
MATCH (t:SourceText {sourceId: id})
RETURN t.sourceId AS sourceId, t.digest AS digest
`,
);

/**
 * New or replaced texts, `$rows` of `{sourceId, props}`: MERGE on the source id, then the new
 * properties (a replaced text keeps `previousDigest` and `changedAt`).
 */
export const writeSourceTexts = cypher(
  'sourceTexts.write',
  `
UNWIND $rows AS row
MERGE (t:SourceText {sourceId: row.sourceId})
SET t += row.props
`,
);

/**
 * Every relationship citing the sources `$ids` (whose text changed) goes back to review: its Claim gets
 * the NeedsReview label, which no load removes (a load replaces properties, never labels), so the
 * curation queue lists them with `MATCH (c:Claim:NeedsReview)` until a reviewer clears it.
 */
export const markCitingClaimsForReview = cypher(
  'sourceTexts.markForReview',
  `
UNWIND $ids AS id
MATCH (:Source {id: id})<-[:CITES]-(c:Claim)
WITH id, collect(DISTINCT c) AS claims
FOREACH (c IN claims | SET c:NeedsReview)
RETURN id AS sourceId, size(claims) AS claims
`,
);

/** Relationships waiting for review because a text they cite changed, in id order (keyset page). */
export const claimsNeedingReview = cypher(
  'sourceTexts.needingReview',
  `
MATCH (c:Claim:NeedsReview) WHERE c.id > $after
RETURN c.id AS id, c.sourceIds AS sourceIds
ORDER BY c.id LIMIT $limit
`,
);
