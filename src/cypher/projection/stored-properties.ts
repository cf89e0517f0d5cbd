// Which stored properties each API field reads, so a projection fetches `n {.id, .name, …}` instead of
// every property of every node (`properties(n)` carries descriptions, alias and name keys, figures and
// date details: on a page of 100 relationships that is five times the bytes, and most of the time).
// A field not listed here makes the projection fall back to all properties, so a new field is correct
// before it is fast. Fields answered from the database (a policy's issuers …) read no property.
import type { FieldPlan } from './field-plan.ts';

const DATE_SUFFIXES = ['Start', 'End', 'Precision', 'Text', 'ResolvedAgainst', 'Note'];
/** A partial date stored as `<name>Start`, `<name>End`, … (schema/ontology/values.yaml). */
const date = (name: string) => DATE_SUFFIXES.map((suffix) => `${name}${suffix}`);
/** The date a record is ordered by (src/seed/read-model.ts), and the dates it can come from. */
const WHEN = ['whenStart', 'whenEnd', 'whenPrecision', 'whenField', 'whenBasis', 'whenSource'];

type Table = Record<string, readonly string[]>;

const NONE: readonly string[] = [];

const ENTITY: Table = { id: NONE, name: NONE, kind: NONE, aliases: ['aliases'], description: ['description'], relationships: NONE };

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
    date: [...WHEN, ...date('announced'), ...date('asOf'), ...date('effective')],
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
  Technology: { ...ENTITY, type: ['type'], named: ['named'], figures: ['figures'], broader: NONE, narrower: NONE },
  Country: { ...ENTITY, iso2: ['iso2'], governmentBodies: NONE },
  Goal: { ...ENTITY, type: ['type'], targetDate: date('targetDate') },
  Relationship: {
    id: NONE,
    type: NONE,
    from: NONE,
    to: NONE,
    summary: ['role'],
    modality: ['modality'],
    date: date('date'),
    // The timeline's date of a relationship event.
    when: [...WHEN, ...date('date')],
    citations: NONE,
    independentSources: ['independentSources'],
    sourceCount: ['sourceIds'],
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
    language: ['language'],
    note: ['note'],
    citationCount: NONE,
    relationships: NONE,
  },
};

/** Read by the API whatever is selected: ids and names (records), a relationship's type and endpoints. */
const ALWAYS: Record<string, readonly string[]> = {
  Entity: ['id', 'name'],
  Relationship: ['id', 'type', 'fromId', 'toId'],
  Citation: [],
  Source: ['id'],
};

export type Shape = keyof typeof ALWAYS;

/**
 * The properties `fields` read, or null when one of them is not listed (fetch them all). `extra`: names
 * a caller needs besides (a search hit's aliases); `qualifiers`: the ontology's qualifier names.
 */
export function storedProperties(shape: Shape, fields: readonly FieldPlan[], qualifiers: readonly string[], extra: readonly string[] = []): string[] | null {
  const names = new Set([...ALWAYS[shape]!, ...extra]);
  for (const field of fields) {
    if (shape === 'Relationship' && field.field === 'qualifiers') {
      for (const name of qualifiers) names.add(name);
      continue;
    }
    const table = BY_OWNER[field.owner] ?? BY_OWNER[shape];
    const read = table?.[field.field] ?? BY_OWNER[shape]?.[field.field];
    if (read === undefined) return null;
    for (const name of read) names.add(name);
  }
  return [...names];
}
