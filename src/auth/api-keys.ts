// API keys in Neo4j: create (the token is returned once; only its hash is stored), list, revoke, and
// authenticate a bearer token. Used by the API (useAuth, the admin mutations) and `npm run keys`.
import type { Executor, Row } from '../db/executor.ts';
import { createApiKey, findApiKey, listApiKeys, revokeApiKey } from '../cypher/auth.ts';
import { fieldError, notFoundItem } from '../errors/curation-errors.ts';
import { newApiKey, parseApiKey, secretMatches } from './api-key-secret.ts';
import { isRole, ROLES, type Principal, type Role } from './roles.ts';

export interface ApiKeyRecord {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  revokedBy: string | null;
}

/** Why a token was refused (said to the client: none of these reveal whether an id exists). */
export type Refusal = 'malformed' | 'unknown' | 'revoked';

const NAME_MAX = 100;
const CONTROL = /[\u0000-\u001f\u007f]/;
const PAGE_MAX = 1000;

function toRecord(row: Row): ApiKeyRecord {
  return {
    id: String(row.id),
    name: String(row.name),
    role: row.role as Role,
    createdAt: String(row.createdAt),
    createdBy: String(row.createdBy),
    revokedAt: typeof row.revokedAt === 'string' ? row.revokedAt : null,
    revokedBy: typeof row.revokedBy === 'string' ? row.revokedBy : null,
  };
}

export class ApiKeys {
  constructor(
    private readonly executor: Executor,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A new key; `token` is shown to its owner once and never stored. `createdBy` names who made it. */
  async create(name: unknown, role: unknown, createdBy: string): Promise<{ key: ApiKeyRecord; token: string }> {
    if (typeof name !== 'string' || name.trim() === '' || name.length > NAME_MAX || CONTROL.test(name)) {
      throw fieldError('name', name, 'a key needs a name that says whose it is', `1 to ${NAME_MAX} characters without control characters`);
    }
    if (!isRole(role)) throw fieldError('role', role, 'not a role', ROLES.join(', '));
    const { id, token, hash } = newApiKey();
    const [row] = await this.executor.write(createApiKey, { id, name: name.trim(), role, hash, createdAt: this.now().toISOString(), createdBy });
    return { key: toRecord(row!), token };
  }

  async list(after = '', limit = PAGE_MAX): Promise<ApiKeyRecord[]> {
    const rows = await this.executor.read(listApiKeys, { after, limit: Math.min(Math.max(limit, 1), PAGE_MAX) });
    return rows.map(toRecord);
  }

  async revoke(id: unknown, by: string): Promise<ApiKeyRecord> {
    if (typeof id !== 'string' || !/^[0-9a-f]{16}$/.test(id)) throw fieldError('id', id, 'not a key id', '16 lowercase hex digits, as `keys list` shows them');
    const [row] = await this.executor.write(revokeApiKey, { id, at: this.now().toISOString(), by });
    if (!row) throw notFoundItem('API key', id);
    return toRecord(row);
  }

  /** The principal of a bearer token, or why it is refused. One read by the key's unique id. */
  async authenticate(token: string): Promise<Principal | Refusal> {
    const parts = parseApiKey(token);
    if (!parts) return 'malformed';
    const [row] = await this.executor.read(findApiKey, { id: parts.id });
    if (!row || typeof row.hash !== 'string' || !secretMatches(parts.secret, row.hash) || !isRole(row.role)) return 'unknown';
    if (row.revokedAt !== null && row.revokedAt !== undefined) return 'revoked';
    return { keyId: parts.id, name: String(row.name), role: row.role };
  }
}
