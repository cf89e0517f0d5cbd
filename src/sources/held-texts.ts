// Store and read the source texts the service holds (one SourceText per Source, MERGE on sourceId). A
// text that differs from the one held (a new digest) replaces it and sends every relationship citing
// the source back to review (Claim label NeedsReview). Used by the seed load and by registerSource.
import type { Executor } from '../db/executor.ts';
import { claimsNeedingReview as claimsNeedingReviewPage, markCitingClaimsForReview, readSourceTextDigests, readSourceTexts, writeSourceTexts } from '../cypher/source-texts.ts';
import { checkSourceText, textDigest } from './text-checks.ts';

export interface HeldText {
  sourceId: string;
  /** `sha256:<hex>` of the text's UTF-8 bytes. */
  digest: string;
  /** Characters (UTF-16 code units, as JavaScript and Cypher count them). */
  length: number;
  text: string;
  /** ISO datetime the text was stored (or last replaced). */
  storedAt: string;
  /** Who stored it: `seed` for the loader, a user for registerSource. */
  storedBy: string;
}

/** The held texts of these sources, by source id (a source without one is absent). */
export async function readHeldTexts(executor: Executor, sourceIds: readonly string[]): Promise<Map<string, HeldText>> {
  const held = new Map<string, HeldText>();
  if (sourceIds.length === 0) return held;
  for (const row of await executor.read(readSourceTexts, { ids: [...sourceIds] })) {
    held.set(String(row.sourceId), {
      sourceId: String(row.sourceId),
      digest: String(row.digest),
      length: Number(row.length),
      text: String(row.text),
      storedAt: String(row.storedAt),
      storedBy: String(row.storedBy),
    });
  }
  return held;
}

export interface TextToStore {
  sourceId: string;
  text: string;
}

export interface TextChange {
  sourceId: string;
  previousDigest: string;
  digest: string;
  /** Relationships citing the source, now marked NeedsReview. */
  claimsForReview: number;
}

export interface StoreReport {
  /** Sources that had no text and now have one. */
  added: string[];
  /** Sources whose held text was already exactly this one. */
  kept: string[];
  /** Sources whose text was replaced by a different one. */
  changed: TextChange[];
}

export interface StoreOptions {
  /** Recorded as storedBy. */
  by: string;
  /** @default () => new Date() */
  now?: () => Date;
}

/**
 * Stores the texts in one transaction: new ones added, identical ones left as they are (storedAt
 * stays the time that text first arrived), different ones replaced with the previous digest kept and
 * the relationships citing the source marked for review. Every text is checked first
 * (checkSourceText): one bad text stores none.
 */
export async function storeSourceTexts(executor: Executor, texts: readonly TextToStore[], options: StoreOptions): Promise<StoreReport> {
  const report: StoreReport = { added: [], kept: [], changed: [] };
  if (texts.length === 0) return report;
  const incoming = texts.map((t) => {
    const text = checkSourceText(t.text, t.sourceId);
    return { sourceId: t.sourceId, text, digest: textDigest(text) };
  });
  const at = (options.now ?? (() => new Date()))().toISOString();
  return executor.writeTransaction(async (tx) => {
    const held = new Map((await tx.run(readSourceTextDigests, { ids: incoming.map((t) => t.sourceId) })).map((r) => [String(r.sourceId), String(r.digest)]));
    const rows: Array<{ sourceId: string; props: Record<string, unknown> }> = [];
    const changedIds: string[] = [];
    for (const t of incoming) {
      const previous = held.get(t.sourceId);
      if (previous === t.digest) {
        report.kept.push(t.sourceId);
        continue;
      }
      const props: Record<string, unknown> = { digest: t.digest, length: t.text.length, text: t.text, storedAt: at, storedBy: options.by };
      if (previous !== undefined) {
        Object.assign(props, { previousDigest: previous, changedAt: at });
        changedIds.push(t.sourceId);
        report.changed.push({ sourceId: t.sourceId, previousDigest: previous, digest: t.digest, claimsForReview: 0 });
      } else report.added.push(t.sourceId);
      rows.push({ sourceId: t.sourceId, props });
    }
    if (rows.length > 0) await tx.run(writeSourceTexts, { rows });
    if (changedIds.length > 0) {
      const marked = new Map((await tx.run(markCitingClaimsForReview, { ids: changedIds })).map((r) => [String(r.sourceId), Number(r.claims)]));
      for (const change of report.changed) change.claimsForReview = marked.get(change.sourceId) ?? 0;
    }
    return report;
  });
}

/** Relationships waiting for review because a text they cite changed: ids in order, a keyset page (`after` the last id seen). */
export async function claimsNeedingReview(executor: Executor, after = '', limit = 100): Promise<Array<{ id: string; sourceIds: string[] }>> {
  const rows = await executor.read(claimsNeedingReviewPage, { after, limit });
  return rows.map((r) => ({ id: String(r.id), sourceIds: Array.isArray(r.sourceIds) ? r.sourceIds.map(String) : [] }));
}
