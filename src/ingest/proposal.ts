// The shape of what the assistant proposes: one relationship with its citations, maps 1:1 onto a
// relationship proposal in the review queue (type, from, to, citations, score, rule ids, version).
import type { RawDate } from './dates.ts';

/** Bumped whenever the rules, lexicons' format or scoring change: reviewers see which assistant proposed what. */
export const ASSISTANT_VERSION = 'chokepoint-ingest/1.1.0';

export interface ProposedCitation {
  sourceId: string;
  /** An exact substring of the article: the shortest span carrying both mentions and the cue. */
  quote: string;
  /** 0-based offset of the quote in the article. */
  offset: number;
  /** The whole sentence's modality (schema/ontology/modality.yaml cues over the sentence). */
  modality: string;
  /** The date the sentence gives, resolved against the publication date, when it gives one. */
  date?: RawDate;
  /** How the quote names each endpoint. */
  mentions: { from: string; to: string };
  /** Absolute offsets of the two mentions and the cue, for marking them in a review sheet. */
  spans: { from: [number, number]; to: [number, number]; cue?: [number, number] };
  sentence: number;
  score: number;
}

export interface Proposal {
  /** `new-claim`, or `add-citation` to a relationship the graph already holds. */
  action: 'new-claim' | 'add-citation';
  type: string;
  from: string;
  to: string;
  /** The claim-level modality: stated when one citation states it, else the best citation's. */
  modality: string;
  citations: ProposedCitation[];
  /** 0–1; the ranked list is sorted by it. */
  score: number;
  /** Every rule that fired, e.g. `cue:TARGETS:restrict*`, `mention:metonym:country-as-government`. */
  rules: string[];
  /** Independent sources (distinct counted stories) the relationship would have if accepted. */
  independentSourcesAfter: number;
  assistantVersion: string;
  /** Endpoints that are candidate new entities (`new:<slug>`): the name as written and the proposed kind. */
  newEntities?: Array<{ id: string; name: string; kind: string }>;
}
