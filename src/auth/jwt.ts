// JWTs from an identity provider as a second way to a principal (decision 0027): a bearer token that is
// not an API key is verified with `jose` against an HS256 secret or the provider's JWKS, must name this
// server's issuer and audience, and maps one claim to a role. Same roles, same checks as API keys.
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { GraphQLError } from 'graphql';
import type { JwtConfig } from '../config/config.ts';
import { forbidden, unauthenticated } from '../errors/curation-errors.ts';
import { isRole, ROLES, type Principal, type Role } from './roles.ts';

/** Verifies a token and returns its principal; throws 401 (bad token), 403 (no known role) or 503 (provider unreachable). */
export type JwtVerifier = (token: string) => Promise<Principal>;

/** Three base64url segments: what a compact JWS looks like (API keys start with `ck_`). */
export const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
/** Longest token verified: a provider's token with a few groups is 1–2 KB. */
export const JWT_MAX_CHARS = 8_192;
/** Asymmetric algorithms accepted from a JWKS (never HS*: a public key must not double as a shared secret). */
const JWKS_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA'];
/** Longest `sub` kept as the author of changes. */
const SUBJECT_MAX = 200;
const CONTROL = /[\u0000-\u001f\u007f]/;

function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined ? 'nothing' : text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/** The role a token's claim names: a role, or a list of them (the highest known one counts). */
function roleOf(payload: JWTPayload, claim: string): Role {
  const value = payload[claim];
  const named = (Array.isArray(value) ? value : [value]).filter(isRole);
  if (named.length === 0) {
    throw forbidden(`The token's '${claim}' claim is ${shown(value)}, which names no role of this server; allowed: ${ROLES.join(', ')} (or a list of them).`, {
      claim,
      allowed: [...ROLES],
    });
  }
  return named.reduce((best, role) => (ROLES.indexOf(role) > ROLES.indexOf(best) ? role : best));
}

function refusal(error: unknown, config: JwtConfig): GraphQLError {
  if (error instanceof GraphQLError) return error;
  if (error instanceof errors.JWTExpired) return unauthenticated(`The token expired (exp ${shown(error.payload.exp)}); get a new one from the identity provider.`);
  if (error instanceof errors.JWTClaimValidationFailed) {
    const expected = error.claim === 'aud' ? ` this server accepts only '${config.audience}'` : error.claim === 'iss' ? ` this server accepts only '${config.issuer}'` : '';
    return unauthenticated(`The token's '${error.claim}' claim is not accepted (${error.reason});${expected || ' see the token'}.`);
  }
  if (error instanceof errors.JWKSTimeout || (error instanceof Error && !(error instanceof errors.JOSEError))) {
    // The provider's key set could not be fetched: the server's problem, not the token's.
    return new GraphQLError('The identity provider’s keys (JWT_JWKS_URL) could not be fetched; try again shortly.', {
      extensions: { code: 'AUTH_UNAVAILABLE', retryAfterSeconds: 5, http: { status: 503, headers: { 'Retry-After': '5' } } },
    });
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return unauthenticated(`The token is signed with an algorithm this server does not accept (${error.message}).`);
  return unauthenticated(`The token is not valid: ${error instanceof Error ? error.message : 'it could not be verified'}.`);
}

/** One verifier per app: the JWKS is fetched lazily and cached by `jose` (refetched for an unknown `kid`). */
export function createJwtVerifier(config: JwtConfig): JwtVerifier {
  const secret = config.secret ? new TextEncoder().encode(config.secret) : undefined;
  const jwks = config.jwksUrl ? createRemoteJWKSet(new URL(config.jwksUrl), { timeoutDuration: 5_000, cooldownDuration: 30_000 }) : undefined;
  return async (token) => {
    try {
      const options = { issuer: config.issuer, audience: config.audience, clockTolerance: 5, requiredClaims: ['sub', 'exp'] };
      // The header names the algorithm: HS256 goes to the secret, anything else to the key set (when configured).
      const alg = /^[A-Za-z0-9_-]+/.exec(token)?.[0];
      let header: { alg?: unknown } = {};
      try {
        header = JSON.parse(Buffer.from(alg ?? '', 'base64url').toString('utf8')) as { alg?: unknown };
      } catch {
        throw unauthenticated('The token is not a JWT: its header is not base64url-encoded JSON.');
      }
      const { payload } =
        header.alg === 'HS256' && secret
          ? await jwtVerify(token, secret, { ...options, algorithms: ['HS256'] })
          : jwks
            ? await jwtVerify(token, jwks, { ...options, algorithms: JWKS_ALGORITHMS })
            : await jwtVerify(token, secret!, { ...options, algorithms: ['HS256'] });
      const sub = payload.sub!;
      if (sub.length > SUBJECT_MAX || CONTROL.test(sub)) throw unauthenticated(`The token's 'sub' must be at most ${SUBJECT_MAX} characters without control characters.`);
      const role = roleOf(payload, config.roleClaim);
      const name = typeof payload.name === 'string' && payload.name.length <= SUBJECT_MAX && !CONTROL.test(payload.name) ? payload.name : sub;
      return { keyId: `jwt:${sub}`, name, role };
    } catch (error) {
      throw refusal(error, config);
    }
  };
}
