// How a citation's quote was checked, in words a reader can follow: verified now against the text the
// service holds, recorded as verified at curation against a text of a given digest, or never checked.

/**
 * - `verified`: found verbatim at this load (or at proposal) in the text the service holds, whose
 *   digest is `digest`;
 * - `curation`: not checked here (the service holds no text for the source), but the seed records that
 *   every quote of the source was found verbatim in the text of digest `digest` on `checkedAt`
 *   (written by `npm run seed -- --write-locations`, confirmed by CI's `--check`);
 * - `unchecked`: neither.
 */
export type VerificationStatus = 'verified' | 'curation' | 'unchecked';

export const VERIFICATION_STATUSES: readonly VerificationStatus[] = ['verified', 'curation', 'unchecked'];

export interface CitationVerification {
  status: VerificationStatus;
  /** `sha256:<hex>` of the text checked against; absent when unchecked. */
  digest?: string;
  /** When, for `curation` (the recorded day); a `verified` citation was checked at the load that wrote it. */
  checkedAt?: string;
}

export const UNCHECKED: CitationVerification = { status: 'unchecked' };
