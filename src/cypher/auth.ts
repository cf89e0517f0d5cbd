// API keys, (:ApiKey {id, name, role, hash, createdAt, createdBy, revokedAt, revokedBy}): looked up by
// their unique id on every authenticated request; never deleted (a revoked key stays, with who and when).
import { cypher } from '../db/executor.ts';

export const createApiKey = cypher(
  'auth.createApiKey',
  `
CREATE (k:ApiKey {id: $id, name: $name, role: $role, hash: $hash, createdAt: $createdAt, createdBy: $createdBy})
RETURN k.id AS id, k.name AS name, k.role AS role, k.createdAt AS createdAt, k.createdBy AS createdBy, null AS revokedAt, null AS revokedBy
`,
);

export const findApiKey = cypher(
  'auth.findApiKey',
  `MATCH (k:ApiKey {id: $id}) RETURN k.hash AS hash, k.name AS name, k.role AS role, k.revokedAt AS revokedAt`,
);

/** Keys in creation order; a page (there are few keys, but nothing reads a whole table unbounded). */
export const listApiKeys = cypher(
  'auth.listApiKeys',
  `
MATCH (k:ApiKey) WHERE k.id > $after
RETURN k.id AS id, k.name AS name, k.role AS role, k.createdAt AS createdAt, k.createdBy AS createdBy,
       k.revokedAt AS revokedAt, k.revokedBy AS revokedBy
ORDER BY k.id LIMIT $limit
`,
);

/** Revokes once: a second revocation keeps the first one's time and author. */
export const revokeApiKey = cypher(
  'auth.revokeApiKey',
  `
MATCH (k:ApiKey {id: $id})
SET k.revokedAt = coalesce(k.revokedAt, $at), k.revokedBy = coalesce(k.revokedBy, $by)
RETURN k.id AS id, k.name AS name, k.role AS role, k.createdAt AS createdAt, k.createdBy AS createdBy,
       k.revokedAt AS revokedAt, k.revokedBy AS revokedBy
`,
);
