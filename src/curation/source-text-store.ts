// Stores a source's full text as (:SourceText {sourceId, digest, length, text, storedAt, storedBy}) —
// the contract shared with the seed side — with its digest 'sha256:' + hex of the UTF-8 text.
import type { TransactionRunner } from '../db/executor.ts';
import { storeSourceText } from '../cypher/curation-source-text.ts';

import { textDigest } from '../sources/text-checks.ts';

export { textDigest };

export async function storeText(tx: TransactionRunner, sourceId: string, text: string, storedBy: string, storedAt: string): Promise<{ digest: string; length: number }> {
  const digest = textDigest(text);
  await tx.run(storeSourceText, { sourceId, digest, length: text.length, text, storedAt, storedBy });
  return { digest, length: text.length };
}
