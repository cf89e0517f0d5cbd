// Who may do what: four roles, each allowed what the ones below it are (decision 0017).
export const ROLES = ['reader', 'contributor', 'reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** True when `role` is `needed` or above it. */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** `role` and every role below it: what a principal of that role is allowed to act as. */
export function rolesUpTo(role: Role): Role[] {
  return ROLES.slice(0, ROLES.indexOf(role) + 1);
}

/** Who a request acts for: an API key's id, name and role (or a JWT's subject: src/auth/jwt.ts). */
export interface Principal {
  /** The key's public id, or `jwt:<sub>` for a token from the identity provider. */
  keyId: string;
  name: string;
  role: Role;
}

/** How the principal signs changes and keys its cost budget: `key:<id>`, or `jwt:<sub>`. */
export function actorOf(principal: Pick<Principal, 'keyId'>): string {
  return principal.keyId.startsWith('jwt:') ? principal.keyId : `key:${principal.keyId}`;
}
