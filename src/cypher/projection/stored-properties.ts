// Which stored properties each API field reads, so a projection fetches `n {.id, .name, …}` instead of
// every property of every node (`properties(n)` carries descriptions, alias and name keys, figures and
// date details: on a page of 100 relationships that is five times the bytes, and most of the time).
// A field not listed here makes the projection fall back to all properties, so a new field is correct
// before it is fast. Fields answered from the database (a policy's issuers …) read no property.
import type { FieldPlan } from './field-plan.ts';
// The fields a `when*` date can be copied from.
import { WHEN_FIELDS } from '../../ontology/partial-date.ts';

const DATE_SUFFIXES = ['Start', 'End', 'Precision', 'Text', 'ResolvedAgainst', 'Note'];
/** A partial date stored as `<name>Start`, `<name>End`, … (schema/ontology/values.yaml). */
const date = (name: string) => DATE_SUFFIXES.map((suffix) => `${name}${suffix}`);
/** The date a record is ordered by (src/seed/read-model.ts): a copy of the stated date's start, end and precision. */
const WHEN = ['whenStart', 'whenEnd', 'whenPrecision', 'whenField', 'whenBasis', 'whenSource'];
/** Parts of a partial date that only the stated field's own properties hold (`when*` has the rest). */
const DATE_DETAIL = new Set(['expression', 'note', 'resolvedAgainst']);

/**
 * The record's ordering date (`Policy.date`, `Relationship.when`): the `when*` copy answers value,
 * basis, precision, start and end; the words, note and resolving source of the field it was copied
 * from are read only when selected.
 */
function whenDate(plan: FieldPlan): readonly string[] {
  if (!plan.children.some((f) => DATE_DETAIL.has(f.field))) return WHEN;
  return [...WHEN, ...WHEN_FIELDS.flatMap((name) => [`${name}Text`, `${name}ResolvedAgainst`, `${name}Note`])];
}

type Table = Record<string, readonly string[] | ((plan: FieldPlan) => readonly string[])>;

const NONE: readonly string[] = [];

// redirectedFrom: set by entity(id:) for a merged id (src/graphql/resolvers/curation.ts), no stored property.
const ENTITY: Table = { id: NONE, name: NONE, kind: NONE, aliases: ['aliases'], description: ['description'], relationships: NONE, redirectedFrom: NONE };

const BY_OWNER: Record<string, Table> = {
  Entity: ENTITY,
  Actor: { ...ENTITY, type: ['type'], country: ['country'], named: ['named'], figures: ['figures'], measures: NONE },
  Policy: {
    ...ENTITY,
    type: ['type'],
    status: ['status'],
    announced: date('announced'),
    announcedOn: date('announced'),
    effective: date('effective'),
    asOf: date('asOf'),
    // A policy without a `when*` date falls back to its stated ones (see UNDATED_FALLBACK).
    date: whenDate,
    place: ['place'],
    occasion: ['occasion'],
    purpose: ['purpose'],
    figures: ['figures'],
    issuers: NONE,
    parties: NONE,
    targets: NONE,
    promotes: NONE,
    evidence: NONE,
  },
  Technology: { ...ENTITY, type: ['type'], named: ['named'], figures: ['figures'], broader: NONE, narrower: NONE, areas: NONE, areaOf: NONE },
  Country: { ...ENTITY, iso2: ['iso2'], governmentBodies: NONE },
  Goal: { ...ENTITY, type: ['type'], targetDate: date('targetDate') },
  Relationship: {
    id: NONE,
    type: NONE,
    from: NONE,
    to: NONE,
    // The endpoints' ids stand in for names a graph loaded before names were kept on the Claim lacks.
    // The modality words the summary ("considered issuing").
    summary: ['role', 'modality', 'fromId', 'toId'],
    modality: ['modality'],
    // An event whose own date is unknown answers with where it is placed, when a dated source bounds it.
    date: [...date('date'), ...WHEN],
    // The timeline's date of a relationship event.
    when: whenDate,
    citations: NONE,
    citationCount: ['citationCount'],
    independentSources: ['independentSources'],
    sourceCount: ['sourceIds'],
    // A retracted Claim's who/when/why (src/cypher/curation.ts retractClaim); absent on a live one.
    retraction: ['retractedAt', 'retractedBy', 'retractedReason', 'retractedSeq'],
    // qualifiers: every qualifier of the ontology, added by `storedProperties`.
  },
  Citation: {
    quote: ['quote'],
    source: NONE,
    paragraph: ['paragraph'],
    offset: ['offset'],
    mentionsFrom: ['mentionsFrom'],
    mentionsTo: ['mentionsTo'],
    verified: ['verified'],
    verification: ['verification', 'checkedDigest', 'checkedAt', 'verified'],
  },
  Source: {
    id: NONE,
    title: ['title'],
    type: ['type'],
    publisher: ['publisher'],
    authors: ['authors'],
    editors: ['editors'],
    standfirst: ['standfirst'],
    dateline: ['dateline'],
    place: ['place'],
    imageCredits: ['imageCredits'],
    publishedOn: date('published'),
    published: date('published'),
    story: ['story'],
    sameStoryAs: NONE,
    countsAsIndependent: ['counted'],
    file: ['file'],
    url: ['url'],
    urlNote: ['urlNote'],
    heldText: NONE,
    language: ['language'],
    note: ['note'],
    citationCount: NONE,
    relationships: NONE,
  },
};

/** Read by the API whatever is selected: ids and names (records), a relationship's type and endpoints. */
const ALWAYS: Record<string, readonly string[]> = {
  Entity: ['id', 'name'],
  Relationship: ['id', 'type'],
  Citation: [],
  Source: ['id'],
};

export type Shape = keyof typeof ALWAYS;

/**
 * What `Policy.date` reads of a policy that has no `when*` date (no stated range of days, no dated
 * source): its announcement or report date as stated (src/graphql/resolvers/entities.ts).
 */
const UNDATED_FALLBACK = [...date('announced'), ...date('asOf')];

export interface StoredProperties {
  /** The properties to read. */
  names: string[];
  /** Read instead when the record has no `when*` date (`whenBasis` unset); null when the same. */
  undated: string[] | null;
}

/**
 * The properties `fields` read, or null when one of them is not listed (fetch them all). `extra`: names
 * a caller needs besides (a search hit's aliases); `qualifiers`: the ontology's qualifier names.
 */
export function storedProperties(shape: Shape, fields: readonly FieldPlan[], qualifiers: readonly string[], extra: readonly string[] = []): StoredProperties | null {
  const names = new Set([...ALWAYS[shape]!, ...extra]);
  let fallback = false;
  for (const field of fields) {
    if (shape === 'Relationship' && field.field === 'qualifiers') {
      for (const name of qualifiers) names.add(name);
      continue;
    }
    const table = BY_OWNER[field.owner] ?? BY_OWNER[shape];
    const entry = table?.[field.field] ?? BY_OWNER[shape]?.[field.field];
    if (entry === undefined) return null;
    for (const name of typeof entry === 'function' ? entry(field) : entry) names.add(name);
    if (field.owner === 'Policy' && field.field === 'date') fallback = true;
  }
  const undated = fallback ? [...new Set([...names, ...UNDATED_FALLBACK])] : null;
  return { names: [...names], undated: undated && undated.length > names.size ? undated : null };
}
