// Query-string filters of the exports: the same arguments, limits and messages as the GraphQL
// `relationships` query (types, from, to, source, minSources, maxSources), plus the pinned `version`.
import type { Ontology } from '../ontology/ontology.ts';
import type { Repository } from '../repository/repository.ts';
import type { ClaimFilterKeys } from '../cypher/exports.ts';
import { badUserInput, notFound } from '../errors/api-errors.ts';
import { checkList, checkRange, checkText } from '../limits/limits.ts';
import { fuzzyQuery } from '../text/search-text.ts';

export interface ExportFilter {
  types: string[] | null;
  from: string | null;
  to: string | null;
  source: string | null;
  minSources: number | null;
  maxSources: number | null;
  /** Stored modality keys (`stated`, `reported`, …); the query string takes the API's spelling (STATED). */
  modality: string[] | null;
  /**
   * `?includeRetracted=true`: the retracted claims too, and the retraction columns (decision 0032). Null
   * (never false) when not asked, so a default export's filters, ETag and bytes stay what they were.
   */
  includeRetracted?: true | null;
}

export interface ExportQuery {
  filter: ExportFilter;
  /** The version the client pinned (`?version=`), if any. */
  version: string | null;
}

/** Graph versions are hashes in hexadecimal (src/seed/graph-version.ts: SHA-256, 64 characters). */
const VERSION_SHAPE = /^[0-9a-f]{8,128}$/i;

const FILTER_PARAMS = ['types', 'from', 'to', 'source', 'minSources', 'maxSources', 'modality', 'includeRetracted'] as const;
export const QUERY_PARAMS = [...FILTER_PARAMS, 'version'] as const;

export function filterKeys(filter: ExportFilter): ClaimFilterKeys {
  return {
    types: filter.types !== null,
    from: filter.from !== null,
    to: filter.to !== null,
    source: filter.source !== null,
    minSources: filter.minSources !== null,
    maxSources: filter.maxSources !== null,
    modality: filter.modality !== null,
  };
}

/** The filters that are set, for the manifest and the ETag (a stable key order). */
export function givenFilters(filter: ExportFilter): Partial<ExportFilter> {
  return Object.fromEntries(FILTER_PARAMS.filter((key) => filter[key] !== null && filter[key] !== undefined).map((key) => [key, filter[key]]));
}

function single(params: URLSearchParams, name: string): string | null {
  const values = params.getAll(name);
  if (values.length > 1) {
    throw badUserInput(`'${name}' is given ${values.length} times; give it once.`, { argument: name });
  }
  return values[0] ?? null;
}

function wholeNumber(params: URLSearchParams, name: string, min: number, max: number): number | null {
  const raw = single(params, name);
  if (raw === null) return null;
  if (!/^\d{1,9}$/.test(raw)) {
    throw badUserInput(`'${name}' is "${raw.slice(0, 50)}"; it must be a whole number from ${min} to ${max}.`, { argument: name, value: raw.slice(0, 50), min, max });
  }
  const value = Number(raw);
  checkRange(name, value, min, max);
  return value;
}

/** `includeRetracted=true|false`; false is the default and reads as not given. */
function includeRetracted(params: URLSearchParams): true | null {
  const raw = single(params, 'includeRetracted');
  if (raw === null || raw === 'false') return null;
  if (raw === 'true') return true;
  throw badUserInput(`'includeRetracted' is "${raw.slice(0, 50)}"; it takes true or false.`, { argument: 'includeRetracted', value: raw.slice(0, 50), allowed: ['true', 'false'] });
}

/** `types=A,B` or `types=A&types=B`; every value must be a relationship type of the ontology. */
function types(params: URLSearchParams, ontology: Ontology): string[] | null {
  const raw = params.getAll('types');
  if (raw.length === 0) return null;
  const values = checkList('types', raw.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== ''));
  const allowed = [...ontology.relationshipTypes.keys()];
  const unknown = (values ?? []).filter((t) => !ontology.relationshipTypes.has(t));
  if (unknown.length > 0) {
    throw badUserInput(`'types' has unknown relationship type(s) ${unknown.map((t) => `"${t.slice(0, 50)}"`).join(', ')}; allowed: ${allowed.join(', ')}.`, {
      argument: 'types',
      value: unknown,
      allowed,
    });
  }
  return values;
}

/** `modality=STATED,REPORTED`: values of the ontology's modality vocabulary, as the GraphQL enum spells them. */
function modality(params: URLSearchParams, ontology: Ontology): string[] | null {
  const raw = params.getAll('modality');
  if (raw.length === 0) return null;
  const values = checkList('modality', raw.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '')) ?? [];
  const allowed = [...ontology.modalities.keys()].map((k) => k.toUpperCase());
  const unknown = values.filter((v) => !allowed.includes(v.toUpperCase()));
  if (unknown.length > 0) {
    throw badUserInput(`'modality' has unknown value(s) ${unknown.map((v) => `"${v.slice(0, 50)}"`).join(', ')}; allowed: ${allowed.join(', ')}.`, {
      argument: 'modality',
      value: unknown,
      allowed,
    });
  }
  return values.map((v) => v.toLowerCase());
}

/** Checks every parameter (bounded before any database work), then that the ids exist. */
export async function parseExportQuery(params: URLSearchParams, ontology: Ontology, repo: Repository): Promise<ExportQuery> {
  const unknown = [...new Set(params.keys())].filter((key) => !(QUERY_PARAMS as readonly string[]).includes(key));
  if (unknown.length > 0) {
    throw badUserInput(`unknown parameter(s) ${unknown.map((k) => `'${k.slice(0, 50)}'`).join(', ')}; allowed: ${QUERY_PARAMS.join(', ')}.`, {
      argument: unknown[0]!.slice(0, 50),
      allowed: QUERY_PARAMS,
    });
  }
  const minSources = wholeNumber(params, 'minSources', 0, 1000);
  const maxSources = wholeNumber(params, 'maxSources', 0, 1000);
  if (minSources !== null && maxSources !== null && minSources > maxSources) {
    throw badUserInput(`'minSources' (${minSources}) is more than 'maxSources' (${maxSources}); it must be at most 'maxSources'.`, {
      argument: 'minSources',
      minSources,
      maxSources,
    });
  }
  const filter: ExportFilter = {
    types: types(params, ontology),
    from: checkText('from', single(params, 'from')),
    to: checkText('to', single(params, 'to')),
    source: checkText('source', single(params, 'source')),
    minSources,
    maxSources,
    modality: modality(params, ontology),
    includeRetracted: includeRetracted(params),
  };
  const version = checkText('version', single(params, 'version'));
  // A value that cannot be any graph's version is the client's mistake (400), not a changed graph (412).
  if (version !== null && !VERSION_SHAPE.test(version)) {
    throw badUserInput(
      `'version' is "${version.slice(0, 50)}"; it takes a graph version, the hexadecimal string the Chokepoint-Graph-Version header and the manifest's graphVersion give.`,
      { argument: 'version', value: version.slice(0, 50) },
    );
  }
  for (const argument of ['from', 'to'] as const) {
    const id = filter[argument];
    if (id !== null && !(await repo.entity(id))) {
      const query = fuzzyQuery(id);
      const suggested = query ? (await repo.suggest(query, null, 5)).map((hit) => hit.id) : [];
      throw notFound(`No entity has the id "${id}" (for '${argument}'; it takes an id).`, suggested, { argument, value: id });
    }
  }
  if (filter.source !== null && !(await repo.source(filter.source))) {
    throw notFound(`No source has the id "${filter.source}" (for 'source').`, await repo.sourceIds(), {
      argument: 'source',
      value: filter.source,
    });
  }
  return { filter, version };
}
