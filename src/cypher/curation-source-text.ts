// The held text of a source, (:SourceText {sourceId, digest, length, text, storedAt, storedBy}): a node
// of its own, so that the loader's `SET s = row.props` on (:Source) never wipes it. MERGE on sourceId
// (the shared contract with the seed side, which stores the texts of SOURCES_DIR the same way).
import { cypher } from '../db/executor.ts';

export const storeSourceText = cypher(
  'curation.storeSourceText',
  `
MERGE (t:SourceText {sourceId: $sourceId})
SET t.digest = $digest, t.length = $length, t.text = $text, t.storedAt = $storedAt, t.storedBy = $storedBy
`,
);
