// Constraints of the write side: API keys, proposals and the change log are found by their ids (and
// the change log by its sequence); each is a uniqueness constraint, so two processes can never write
// the same id or sequence twice.
import { cypher } from '../db/executor.ts';

export const curationSchemaStatements = [
  cypher('schema.api_key_id', 'CREATE CONSTRAINT api_key_id IF NOT EXISTS FOR (n:ApiKey) REQUIRE n.id IS UNIQUE'),
  cypher('schema.proposal_id', 'CREATE CONSTRAINT proposal_id IF NOT EXISTS FOR (n:Proposal) REQUIRE n.id IS UNIQUE'),
  // A retracted claim keeps its id: nothing else may take it.
  cypher('schema.retracted_claim_id', 'CREATE CONSTRAINT retracted_claim_id IF NOT EXISTS FOR (n:RetractedClaim) REQUIRE n.id IS UNIQUE'),
  // includeRetracted: an entity's retracted relationships in id order, as :Claim(fromId, id) / (toId, id) serve the live ones.
  cypher('schema.retracted_claim_from', 'CREATE INDEX retracted_claim_from IF NOT EXISTS FOR (n:RetractedClaim) ON (n.fromId, n.id)'),
  cypher('schema.retracted_claim_to', 'CREATE INDEX retracted_claim_to IF NOT EXISTS FOR (n:RetractedClaim) ON (n.toId, n.id)'),
  // A load's report of the seed relationships reviewed changes wrote (src/cypher/seed-divergence.ts).
  cypher('schema.claim_curated', 'CREATE INDEX claim_curated IF NOT EXISTS FOR (n:Claim) ON (n.curatedSeq)'),
  cypher('schema.change_seq', 'CREATE CONSTRAINT change_seq IF NOT EXISTS FOR (n:Change) REQUIRE n.seq IS UNIQUE'),
  // The review queue by status, oldest first.
  cypher('schema.proposal_status', 'CREATE INDEX proposal_status IF NOT EXISTS FOR (n:Proposal) ON (n.status, n.id)'),
  // history(id:): every change that touched an item.
  cypher('schema.change_item', 'CREATE INDEX change_item IF NOT EXISTS FOR (n:Change) ON (n.itemId)'),
  // Merges (src/curation/merge-entities.ts): a merged entity keeps its id (nothing else may take it), is
  // found by where it went (a later merge re-points it), and its history finds the merge (`otherItemId`).
  cypher('schema.merged_entity_id', 'CREATE CONSTRAINT merged_entity_id IF NOT EXISTS FOR (n:MergedEntity) REQUIRE n.id IS UNIQUE'),
  cypher('schema.merged_entity_into', 'CREATE INDEX merged_entity_into IF NOT EXISTS FOR (n:MergedEntity) ON (n.mergedInto)'),
  cypher('schema.change_other_item', 'CREATE INDEX change_other_item IF NOT EXISTS FOR (n:Change) ON (n.otherItemId)'),
];
