// The one place that reads the environment: every variable, its default and its rule, validated once.
// All problems are reported together; `.env.example` documents each variable (a test keeps them in step).
import { statSync } from 'node:fs';
import { config as loadDotenv } from 'dotenv';

export const NEO4J_URI_SCHEMES = ['bolt', 'bolt+s', 'bolt+ssc', 'neo4j', 'neo4j+s', 'neo4j+ssc'] as const;
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
/** Interfaces only this machine reaches. */
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1'];

export interface ExternalNeo4j {
  mode: 'external';
  uri: string;
  username: string;
  password: string;
  /** Empty: the server's default database. */
  database: string | undefined;
}

export interface EmbeddedNeo4jConfig {
  mode: 'embedded';
  port: number;
  dataDir: string;
  heapMb: number;
  pageCacheMb: number;
  /** Restarts of the JVM after an unexpected exit before giving up (0: never restart). */
  maxRestarts: number;
}

/** Limits and browser rules of the HTTP API (src/server/plugins/; docs/api.md, "Limits"). */
export interface HttpConfig {
  /** Largest request body, in bytes; a larger one is refused with 413 while it is read. */
  maxRequestBytes: number;
  /** Web origins (scheme://host[:port]) whose pages may call the API from a browser; empty: none. */
  corsOrigins: string[];
  /** Estimated query cost one client may spend per minute; 0: no budget. */
  rateLimitCostPerMinute: number;
  /** Behind one reverse proxy: the client is the last X-Forwarded-For address, not the socket's. */
  trustProxy: boolean;
  /** Bulk exports one process streams at once; more get 503 EXPORTS_BUSY with Retry-After. */
  exportsMaxConcurrent: number;
  /** Bulk exports one client streams at once; more get 429 RATE_LIMITED with Retry-After. */
  exportsPerClient: number;
  // Slow and greedy clients (src/server/http-server.ts, src/export/use-exports.ts; issue 19 rows 5, 11).
  /** An export whose client has not read for this long is closed and its slot given back. */
  exportIdleTimeoutMs: number;
  /** Open connections one address may hold; more are answered 429 and closed; 0: no cap. */
  maxConnectionsPerAddress: number;
  /** A request's headers must arrive within this time (408 otherwise). */
  headersTimeoutMs: number;
  /** A request's headers and body must arrive within this time (408 otherwise). */
  requestTimeoutMs: number;
  /** Refuse GraphQL requests without an API key, reads included (mutations always need one). */
  readsRequireKey: boolean;
  /** Accept JWTs from an identity provider besides API keys (src/auth/jwt.ts); undefined: API keys only. */
  jwt?: JwtConfig;
}

/** JWTs from an identity provider (decision 0027): HS256 with a shared secret, or keys from a JWKS URL, or both. */
export interface JwtConfig {
  /** HS256 shared secret (at least 32 characters). */
  secret?: string;
  /** The provider's JSON Web Key Set (RS*, PS*, ES*, EdDSA). */
  jwksUrl?: string;
  /** The `iss` every token must carry. */
  issuer: string;
  /** The `aud` every token must include. */
  audience: string;
  /** The claim that names the role (a role, or a list of roles: the highest counts). @default role */
  roleClaim: string;
}

/** The response cache's bounds (src/server/response-cache/; decision 0022). */
export interface ResponseCacheLimits {
  /** Bytes of cached answers (their JSON) in all; 0 turns the cache off. */
  maxBytes: number;
  /** Answers kept at most. */
  maxEntries: number;
}

/** 64 MiB: ~800 of the largest pages (80 KB), or tens of thousands of entity pages. */
export const DEFAULT_RESPONSE_CACHE: ResponseCacheLimits = { maxBytes: 64 * 1024 * 1024, maxEntries: 10_000 };

export interface Config {
  host: string;
  port: number;
  http: HttpConfig;
  neo4j: ExternalNeo4j | EmbeddedNeo4jConfig;
  /** Client-side timeout for one Cypher transaction, in ms. */
  queryTimeoutMs: number;
  /**
   * How long Neo4j may stay silent before it counts as unavailable: TCP connect, and the liveness ping
   * that a statement without an answer triggers. Requests then get 503 DATABASE_UNAVAILABLE.
   */
  connectTimeoutMs: number;
  /** How long the driver retries a transaction after a transient error. */
  maxRetryTimeMs: number;
  /** Start-up steps that fail because the database is not answering (yet) are retried this often, with backoff. */
  startupRetries: number;
  /** Load seed/data on start-up (idempotent). */
  seedOnStart: boolean;
  /** Let the start-up seed delete what the graph holds and the seed data no longer has. */
  seedPrune: boolean;
  /** Folder with the news reports' texts: when set, every quote is checked verbatim against them. */
  sourcesDir: string | undefined;
  graphiql: boolean;
  logLevel: LogLevel;
  /** How often the change feed asks Neo4j for changes committed by another process, in ms (src/curation/change-watch.ts). */
  feedPollMs: number;
  /** Answers of read operations kept per graph version (src/server/response-cache/); maxBytes 0: off. */
  responseCache: ResponseCacheLimits;
  /** Time the start-up (and every re-warm) may spend reading the store into Neo4j's page cache before /ready says 200, in ms; 0: off (src/store/warm-store.ts). */
  warmStoreBudgetMs: number;
}

/** The change feed's poll of other processes' commits when FEED_POLL_MS is unset: half the feed's 100 ms delivery goal. */
export const DEFAULT_FEED_POLL_MS = 50;

/** Defaults of the HTTP settings; also what `createApp` uses when a test passes none. */
export const DEFAULT_HTTP: HttpConfig = {
  // 64 KiB: 30 times GraphiQL's schema query (2 KB), the largest document a normal client sends.
  maxRequestBytes: 64 * 1024,
  // Same-origin only: the playground is served by the service itself and needs no CORS.
  corsOrigins: [],
  // 30 queries of the largest allowed cost (100 000) a minute: far above an analyst at the playground
  // (the examples cost 10 to 33 000 each) or a paging pull (14 000 a page of 500 with citations).
  rateLimitCostPerMinute: 3_000_000,
  trustProxy: false,
  // An export keeps most of a core busy (Node and Neo4j together) while it streams: 4 at once fill a
  // 2-core machine and leave GraphQL requests slower but served; one client gets half of that.
  exportsMaxConcurrent: 4,
  exportsPerClient: 2,
  // A reading client never pauses this long between two chunks (a batch is ~1 MB at most); one that
  // stopped reading would otherwise hold an export slot for as long as it keeps the socket open.
  exportIdleTimeoutMs: 30_000,
  // Above what one analyst, notebook or BI tool opens (a browser: 6; the benchmark: up to 64 clients).
  maxConnectionsPerAddress: 128,
  // Bodies are at most MAX_REQUEST_BYTES (64 KiB): 30 s is 2 KB/s, far below any real link.
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  readsRequireKey: false,
};

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  - ${problems.join('\n  - ')}`);
  }
}

type Env = Record<string, string | undefined>;

/** Collects problems instead of throwing at the first, so a user fixes everything in one go. */
class Reader {
  readonly problems: string[] = [];
  /** Every variable asked for, in order: the list `.env.example` must document. */
  readonly names = new Set<string>();
  constructor(private readonly env: Env) {}

  string(name: string, fallback: string): string {
    return this.optional(name) ?? fallback;
  }

  optional(name: string): string | undefined {
    this.names.add(name);
    const value = this.env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      this.problems.push(`${name}='${raw}' is not allowed: expected a whole number from ${min} to ${max}`);
      return fallback;
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.optional(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['true', '1', 'yes'].includes(raw)) return true;
    if (['false', '0', 'no'].includes(raw)) return false;
    this.problems.push(`${name}='${raw}' is not allowed: expected true or false`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name}='${raw}' is not allowed: expected one of ${allowed.join(', ')}`);
    return fallback;
  }

  /** A comma-separated list of web origins, each exactly scheme://host[:port] (no path, no wildcard). */
  origins(name: string): string[] {
    const raw = this.optional(name);
    if (raw === undefined) return [];
    const origins: string[] = [];
    for (const item of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
      let origin: string | undefined;
      try {
        const url = new URL(item);
        if ((url.protocol === 'http:' || url.protocol === 'https:') && url.origin === item) origin = url.origin;
      } catch {
        origin = undefined;
      }
      if (origin) origins.push(origin);
      else {
        this.problems.push(
          `${name} has '${item}', which is not a web origin: expected scheme://host[:port] with http or https and nothing after ` +
            `(e.g. https://dashboard.example.org); list each origin, '*' is not accepted`,
        );
      }
    }
    return origins;
  }

  directory(name: string): string | undefined {
    const raw = this.optional(name);
    if (raw === undefined) return undefined;
    let isDirectory = false;
    try {
      isDirectory = statSync(raw).isDirectory();
    } catch {
      isDirectory = false;
    }
    if (!isDirectory) this.problems.push(`${name}='${raw}' is not allowed: expected an existing folder`);
    return raw;
  }

  /** JWT_* (all optional; JWT_ISSUER and JWT_AUDIENCE are needed once a secret or a JWKS URL is set). */
  jwt(): JwtConfig | undefined {
    const secret = this.optional('JWT_SECRET');
    const jwksUrl = this.optional('JWT_JWKS_URL');
    const issuer = this.optional('JWT_ISSUER');
    const audience = this.optional('JWT_AUDIENCE');
    const roleClaim = this.string('JWT_ROLE_CLAIM', 'role');
    if (secret === undefined && jwksUrl === undefined) {
      if (issuer !== undefined || audience !== undefined) this.problems.push('JWT_ISSUER/JWT_AUDIENCE are set but neither JWT_SECRET nor JWT_JWKS_URL: set one of them to accept JWTs, or unset these');
      return undefined;
    }
    if (secret !== undefined && secret.length < 32) this.problems.push(`JWT_SECRET is ${secret.length} characters long: an HS256 secret must have at least 32 (e.g. openssl rand -base64 48)`);
    if (jwksUrl !== undefined) {
      let ok = false;
      try {
        const url = new URL(jwksUrl);
        ok = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.includes(url.hostname.replace(/^\[|\]$/g, '')));
      } catch {
        ok = false;
      }
      if (!ok) this.problems.push(`JWT_JWKS_URL='${jwksUrl}' is not allowed: expected an https:// URL (http:// only for 127.0.0.1 or localhost)`);
    }
    if (issuer === undefined) this.problems.push('JWT_ISSUER is not set: with JWT_SECRET or JWT_JWKS_URL, every token must name its issuer (iss)');
    if (audience === undefined) this.problems.push('JWT_AUDIENCE is not set: with JWT_SECRET or JWT_JWKS_URL, every token must be meant for this server (aud)');
    if (!/^[A-Za-z0-9_:/.-]{1,200}$/.test(roleClaim)) this.problems.push(`JWT_ROLE_CLAIM='${roleClaim}' is not allowed: expected a claim name (letters, digits, _ : / . -)`);
    return { ...(secret ? { secret } : {}), ...(jwksUrl ? { jwksUrl } : {}), issuer: issuer ?? '', audience: audience ?? '', roleClaim };
  }

  neo4jUri(name: string): string | undefined {
    const raw = this.optional(name);
    if (raw === undefined) return undefined;
    let url: URL | undefined;
    try {
      url = new URL(raw);
    } catch {
      url = undefined;
    }
    const scheme = url?.protocol.replace(/:$/, '');
    if (!url || !scheme || !(NEO4J_URI_SCHEMES as readonly string[]).includes(scheme) || !url.hostname) {
      this.problems.push(
        `${name}='${raw}' is not a Neo4j URI: expected <scheme>://<host>[:<port>] with scheme ` +
          `${NEO4J_URI_SCHEMES.join(', ')} (e.g. bolt://127.0.0.1:7687 or neo4j+s://xxxx.databases.neo4j.io)`,
      );
      return undefined;
    }
    return raw;
  }
}

function parse(env: Env): { config: Config; read: Reader } {
  const read = new Reader(env);
  const uri = read.neo4jUri('NEO4J_URI');
  const externalRequested = read.optional('NEO4J_URI') !== undefined;
  const external: ExternalNeo4j = {
    mode: 'external',
    uri: uri ?? '',
    username: read.string('NEO4J_USERNAME', 'neo4j'),
    password: read.string('NEO4J_PASSWORD', ''),
    database: read.optional('NEO4J_DATABASE'),
  };
  const embedded: EmbeddedNeo4jConfig = {
    mode: 'embedded',
    port: read.integer('NEO4J_EMBEDDED_PORT', 7687, 1, 65535),
    dataDir: read.string('NEO4J_EMBEDDED_DATA_DIR', '.data/neo4j'),
    heapMb: read.integer('NEO4J_EMBEDDED_HEAP_MB', 1024, 256, 16384),
    pageCacheMb: read.integer('NEO4J_EMBEDDED_PAGECACHE_MB', 256, 16, 16384),
    maxRestarts: read.integer('NEO4J_EMBEDDED_RESTARTS', 5, 0, 100),
  };
  const host = read.string('HOST', '127.0.0.1');
  // The playground (GRAPHIQL unset): on, except in production on an interface others can reach (issue 19
  // row 3) — `npm start` on this machine keeps it, a deployed image (HOST=0.0.0.0) leaves it off.
  const exposedProduction = read.optional('NODE_ENV') === 'production' && !LOOPBACK_HOSTS.includes(host);
  const config: Config = {
    host,
    port: read.integer('PORT', 4000, 1, 65535),
    http: {
      maxRequestBytes: read.integer('MAX_REQUEST_BYTES', DEFAULT_HTTP.maxRequestBytes, 1024, 100 * 1024 * 1024),
      corsOrigins: read.origins('CORS_ORIGINS'),
      rateLimitCostPerMinute: read.integer('RATE_LIMIT_COST_PER_MINUTE', DEFAULT_HTTP.rateLimitCostPerMinute, 0, 1_000_000_000_000),
      trustProxy: read.boolean('TRUST_PROXY', DEFAULT_HTTP.trustProxy),
      exportsMaxConcurrent: read.integer('EXPORTS_MAX_CONCURRENT', DEFAULT_HTTP.exportsMaxConcurrent, 1, 1000),
      exportsPerClient: read.integer('EXPORTS_PER_CLIENT', DEFAULT_HTTP.exportsPerClient, 1, 1000),
      exportIdleTimeoutMs: read.integer('EXPORT_IDLE_TIMEOUT_MS', DEFAULT_HTTP.exportIdleTimeoutMs, 100, 3_600_000),
      maxConnectionsPerAddress: read.integer('MAX_CONNECTIONS_PER_ADDRESS', DEFAULT_HTTP.maxConnectionsPerAddress, 0, 100_000),
      headersTimeoutMs: read.integer('HEADERS_TIMEOUT_MS', DEFAULT_HTTP.headersTimeoutMs, 100, 600_000),
      requestTimeoutMs: read.integer('REQUEST_TIMEOUT_MS', DEFAULT_HTTP.requestTimeoutMs, 100, 600_000),
      readsRequireKey: read.boolean('READS_REQUIRE_KEY', DEFAULT_HTTP.readsRequireKey),
      jwt: read.jwt(),
    },
    neo4j: externalRequested ? external : embedded,
    queryTimeoutMs: read.integer('QUERY_TIMEOUT_MS', 10_000, 100, 300_000),
    connectTimeoutMs: read.integer('NEO4J_CONNECT_TIMEOUT_MS', 3_000, 100, 60_000),
    maxRetryTimeMs: read.integer('NEO4J_MAX_RETRY_TIME_MS', 2_000, 0, 60_000),
    startupRetries: read.integer('STARTUP_RETRIES', 4, 0, 20),
    seedOnStart: read.boolean('SEED_ON_START', true),
    seedPrune: read.boolean('SEED_PRUNE', false),
    sourcesDir: read.directory('SOURCES_DIR'),
    graphiql: read.boolean('GRAPHIQL', !exposedProduction),
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    feedPollMs: read.integer('FEED_POLL_MS', DEFAULT_FEED_POLL_MS, 10, 60_000),
    responseCache: {
      maxBytes: read.integer('RESPONSE_CACHE_MAX_BYTES', DEFAULT_RESPONSE_CACHE.maxBytes, 0, 16 * 1024 * 1024 * 1024),
      maxEntries: read.integer('RESPONSE_CACHE_MAX_ENTRIES', DEFAULT_RESPONSE_CACHE.maxEntries, 1, 10_000_000),
    },
    warmStoreBudgetMs: read.integer('WARM_STORE_BUDGET_MS', 180_000, 0, 3_600_000),
  };
  return { config, read };
}

/** Reads and validates the configuration; throws one ConfigError listing every problem. */
export function readConfig(env: Env = process.env): Config {
  const { config, read } = parse(env);
  // Node refuses a headers timeout longer than the whole request's.
  if (config.http.headersTimeoutMs > config.http.requestTimeoutMs) {
    read.problems.push(
      `HEADERS_TIMEOUT_MS='${config.http.headersTimeoutMs}' is not allowed: it must be at most REQUEST_TIMEOUT_MS (${config.http.requestTimeoutMs}), the time for headers and body together`,
    );
  }
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}

/** Loads `.env` (when present; real environment variables win) and validates. */
export function loadConfig(): Config {
  loadDotenv({ quiet: true });
  return readConfig(process.env);
}

/** The variables `readConfig` understands (each one it reads), for the `.env.example` check. */
export function configVariableNames(): string[] {
  return [...parse({}).read.names];
}
