// The API key as a client holds it: `ck_<id>_<secret>`, a public id (16 hex digits, the key's node) and
// a 256-bit random secret. Only `sha256:<hex>` of the secret is stored: a secret of that entropy cannot
// be guessed from its hash, so a slow password hash would cost every request for nothing (decision 0017).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const KEY_PATTERN = /^ck_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface KeyParts {
  id: string;
  secret: string;
}

/** A new key: its id, the whole token (shown once) and the hash to store. */
export function newApiKey(): { id: string; token: string; hash: string } {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { id, token: `ck_${id}_${secret}`, hash: hashSecret(secret) };
}

/** The id and secret of a token, or undefined when it is not shaped like one of ours. */
export function parseApiKey(token: string): KeyParts | undefined {
  const match = KEY_PATTERN.exec(token);
  return match ? { id: match[1]!, secret: match[2]! } : undefined;
}

export function hashSecret(secret: string): string {
  return `sha256:${createHash('sha256').update(secret, 'utf8').digest('hex')}`;
}

/** Compares in constant time, so the answer's timing says nothing about how much of a hash matched. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const actual = Buffer.from(hashSecret(secret));
  const expected = Buffer.from(storedHash);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
