// Who a request acts for, and whether it may: `Authorization: Bearer <API key>` becomes the context's
// `principal` (none: anonymous); every field marked `@requiresScopes(scopes: [["<role>"]])` in the SDL
// needs a key of that role or above, checked on the whole document before anything executes
// (@envelop/generic-auth), so a refused operation changes nothing. 401 UNAUTHENTICATED without a
// valid key, 403 FORBIDDEN below the role. Cookies are never read: a browser cannot lend a page its
// credentials, and mutations run only from JSON POSTs (useCsrfPrevention; yoga refuses GET mutations).
import { useGenericAuth, type ValidateUserFnParams } from '@envelop/generic-auth';
import type { Plugin } from 'graphql-yoga';
import type { ApiKeys } from './api-keys.ts';
import { JWT_MAX_CHARS, JWT_SHAPE, type JwtVerifier } from './jwt.ts';
import { forbidden, unauthenticated } from '../errors/curation-errors.ts';
import { rolesUpTo, type Principal } from './roles.ts';

export interface AuthOptions {
  keys: ApiKeys;
  /** Refuse requests without a key, reads included (READS_REQUIRE_KEY). @default false */
  readsRequireKey?: boolean;
  /** Verifies bearer tokens that are JWTs (JWT_SECRET / JWT_JWKS_URL); without it only API keys are accepted. */
  jwt?: JwtVerifier;
}

/** Longer than any key we issue or JWT we verify: refused without parsing. */
const MAX_HEADER = JWT_MAX_CHARS + 10;

/** The principal of the request's bearer token; null without one; throws 401 for a bad one. */
export async function principalOf(request: Request | undefined, { keys, readsRequireKey, jwt }: AuthOptions): Promise<Principal | null> {
  const header = request?.headers.get('authorization');
  if (!header) {
    if (readsRequireKey) throw unauthenticated('This server needs an API key for every request: send "Authorization: Bearer <key>".');
    return null;
  }
  const token = header.length <= MAX_HEADER ? /^Bearer +(\S+)\s*$/i.exec(header)?.[1] : undefined;
  if (!token) throw unauthenticated(`The Authorization header must be "Bearer <key>" with an API key of this server (ck_…)${jwt ? ' or a JWT' : ''}, at most ${MAX_HEADER} characters.`);
  if (!token.startsWith('ck_') && JWT_SHAPE.test(token)) {
    if (!jwt) throw unauthenticated('The bearer token is a JWT, but this server accepts only its own API keys (ck_…): JWT_SECRET / JWT_JWKS_URL are not set.');
    return jwt(token);
  }
  const result = await keys.authenticate(token);
  if (result === 'malformed') throw unauthenticated('The bearer token is not an API key of this server (expected ck_<16 hex digits>_<43 characters>).');
  if (result === 'unknown') throw unauthenticated('The API key is not valid: no key of this server has that id and secret.');
  if (result === 'revoked') throw unauthenticated('The API key has been revoked; ask an admin for a new one.');
  return result;
}

/** The lowest role a field's `@requiresScopes` allows (the SDL gives one role per field). */
function neededRole(params: ValidateUserFnParams<Principal>): string | undefined {
  return (params.fieldScopes ?? params.typeScopes)?.[0]?.[0];
}

export function useAuth(options: AuthOptions): Plugin {
  return useGenericAuth<Principal, Record<string, unknown>, 'principal'>({
    mode: 'protect-granular',
    contextFieldName: 'principal',
    resolveUserFn: (context) => principalOf((context as { request?: Request }).request, options),
    extractScopes: (user) => (user ? rolesUpTo(user.role) : []),
    validateUser: (params) => {
      const needed = neededRole(params);
      if (!needed) return undefined;
      const field = `${params.parentType.name}.${params.field.name}`;
      // Anonymous requests resolve to null (the typings say the user is always there).
      if (!(params.user as Principal | null)) return unauthenticated(`${field} needs an API key with role ${needed} or above: send "Authorization: Bearer <key>".`);
      if (!params.userScopes.includes(needed)) {
        return forbidden(`${field} needs role ${needed} or above; this key ("${params.user.name}") has role ${params.user.role}.`, {
          field,
          role: params.user.role,
          needed,
        });
      }
      return undefined;
    },
  }) as Plugin;
}
