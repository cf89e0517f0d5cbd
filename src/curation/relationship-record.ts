// A relationship as the seed validator reads it (a raw record: type, from, to, key, modality, qualifiers,
// dates and citations), built from a proposal's input or from what the graph stores, and checked by the
// seed's own `readRelationship` against the entities, sources and held texts it names — the API accepts
// exactly what a seed file may hold.
import type { Executor, Row, TransactionRunner } from '../db/executor.ts';
import { entitiesForCheck, sourcesForCheck } from '../cypher/curation.ts';
import type { Ontology } from '../ontology/ontology.ts';
import type { PartialDate } from '../ontology/partial-date.ts';
import { SourceText } from '../seed/quotes.ts';
import { readRelationship, relationshipId, type SeedNode, type SeedRelationship, type SeedSource, type LoadedText } from '../seed/validate-seed.ts';
import { fieldError } from '../errors/curation-errors.ts';
import { textDigest } from '../sources/text-checks.ts';
import { VERIFICATION_STATUSES, type CitationVerification, type VerificationStatus } from '../sources/verification.ts';

export type RawRelationship = Record<string, unknown> & {
  type: string;
  from: string;
  to: string;
  key?: string;
  modality?: string;
  citations: RawCitation[];
};
export interface RawCitation {
  source: string;
  quote: string;
  mentions?: { from?: string; to?: string };
  at?: { paragraph: number; offset: number };
}

type Reader = Pick<Executor, 'read'> | TransactionRunner;
const run = (db: Reader, query: Parameters<Executor['read']>[0], params: Record<string, unknown>) =>
  'read' in db ? db.read(query, params) : db.run(query, params);

/** Claim properties that are not the relationship's own qualifiers or dates (graph-rows.ts claimRow, read-model.ts). */
const DATE_PARTS = ['Start', 'End', 'Precision', 'Text', 'ResolvedAgainst', 'Note'] as const;

/** The raw date map of a stored partial date (the inverse of parsePartialDate). */
export function rawDate(date: PartialDate): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  if (date.precision === 'unknown') raw.unknown = true;
  else if (date.precision === 'range') raw.between = [date.start, date.end];
  else raw.on = date.precision === 'day' ? date.start : date.precision === 'month' ? date.start!.slice(0, 7) : date.start!.slice(0, 4);
  if (date.text) raw.text = date.text;
  if (date.resolvedAgainst) raw.resolvedAgainst = date.resolvedAgainst;
  if (date.note) raw.note = date.note;
  return raw;
}

/** A date property as the seed writes it, from the flattened properties a node or Claim stores (graph-rows.ts flattenDate). */
export function storedDate(props: Record<string, unknown>, name: string): Record<string, unknown> | undefined {
  const precision = props[`${name}Precision`];
  if (typeof precision !== 'string') return undefined;
  const date: PartialDate = { precision: precision as PartialDate['precision'] };
  const [start, end, , text, resolvedAgainst, note] = DATE_PARTS.map((part) => props[`${name}${part}`]);
  if (typeof start === 'string') date.start = start;
  if (typeof end === 'string') date.end = end;
  if (typeof text === 'string') date.text = text;
  if (typeof resolvedAgainst === 'string') date.resolvedAgainst = resolvedAgainst;
  if (typeof note === 'string') date.note = note;
  return rawDate(date);
}

/** The raw record of a relationship the graph stores (its Claim's properties and its CITES in order). */
export function storedToRaw(ontology: Ontology, props: Record<string, unknown>, cites: Array<{ source: string; props: Record<string, unknown> }>): RawRelationship {
  const type = String(props.type);
  const def = ontology.relationshipType(type);
  const id = String(props.id);
  const hash = id.indexOf('#');
  const raw: RawRelationship = { type, from: String(props.fromId), to: String(props.toId), modality: String(props.modality), citations: [] };
  if (hash >= 0) raw.key = id.slice(hash + 1);
  for (const prop of Object.values(def.properties)) {
    if (prop.type === 'partialDate') {
      const date = storedDate(props, prop.name);
      if (date) raw[prop.name] = date;
    } else if (props[prop.name] !== null && props[prop.name] !== undefined) {
      raw[prop.name] = props[prop.name];
    }
  }
  const ordered = [...cites].sort((a, b) => Number(a.props.ordinal) - Number(b.props.ordinal));
  raw.citations = ordered.map((c) => {
    const citation: RawCitation = { source: c.source, quote: String(c.props.quote) };
    const mentions: RawCitation['mentions'] = {};
    if (typeof c.props.mentionsFrom === 'string') mentions.from = c.props.mentionsFrom;
    if (typeof c.props.mentionsTo === 'string') mentions.to = c.props.mentionsTo;
    if (mentions.from || mentions.to) citation.mentions = mentions;
    return citation;
  });
  return raw;
}

/** Stored verification of a relationship's citations, by source and quote: kept when the text is not held now. */
export type StoredVerification = Map<string, { verified: boolean; verification?: CitationVerification; paragraph?: number; offset?: number }>;
export const citationKey = (source: string, quote: string) => `${source}\u0000${quote}`;

export function storedVerification(cites: Array<{ source: string; props: Record<string, unknown> }>): StoredVerification {
  const map: StoredVerification = new Map();
  for (const c of cites) {
    map.set(citationKey(c.source, String(c.props.quote)), {
      verified: c.props.verified === true,
      verification: storedStatus(c.props),
      paragraph: typeof c.props.paragraph === 'number' ? c.props.paragraph : undefined,
      offset: typeof c.props.offset === 'number' ? c.props.offset : undefined,
    });
  }
  return map;
}

/** What a stored citation says was checked (src/sources/verification.ts), to carry through a rewrite. */
function storedStatus(props: Record<string, unknown>): CitationVerification | undefined {
  const status = props.verification;
  if (typeof status !== 'string' || !(VERIFICATION_STATUSES as readonly string[]).includes(status)) return undefined;
  return {
    status: status as VerificationStatus,
    ...(typeof props.checkedDigest === 'string' ? { digest: props.checkedDigest } : {}),
    ...(typeof props.checkedAt === 'string' ? { checkedAt: props.checkedAt } : {}),
  };
}

export interface CheckedRelationship {
  rel: SeedRelationship;
  /** The endpoints and cited sources as read, for the rows (names, kinds, dates) and the preview. */
  entities: Row[];
  sources: Row[];
}

/** Maps a problem of the seed validator to the input field it is about. */
function fieldOf(problem: string): string {
  const citation = /^citation (\d+): /.exec(problem);
  if (citation) {
    const at = `citations[${Number(citation[1]) - 1}]`;
    if (/source '/.test(problem)) return `${at}.sourceId`;
    if (/mentions/.test(problem)) return `${at}.mentions`;
    return `${at}.quote`;
  }
  if (/^'from'|cannot go from/.test(problem)) return 'from';
  if (/^'to'|cannot go to/.test(problem)) return 'to';
  if (/^modality|has modality/.test(problem)) return 'modality';
  if (/^unknown relationship type/.test(problem)) return 'type';
  if (/^key '/.test(problem)) return 'key';
  if (/^unknown property/.test(problem)) return 'qualifiers';
  if (/^'(\w+)'/.test(problem)) return /^'(\w+)'/.exec(problem)![1]!;
  return 'input';
}

/**
 * Checks a raw relationship as the seed loader does, against the graph's entities, sources and held
 * texts; throws a field-level BAD_USER_INPUT naming every problem (the first in the message), with the
 * nearest passage of the source when a quote is not verbatim. `kept` preserves the verification of
 * citations already stored whose text the graph does not hold (seed citations checked at their load).
 */
export async function checkRelationshipRecord(db: Reader, ontology: Ontology, raw: RawRelationship, kept?: StoredVerification): Promise<CheckedRelationship> {
  const entities = await run(db, entitiesForCheck, { ids: [...new Set([raw.from, raw.to].filter((id) => typeof id === 'string'))] });
  const sourceIds = [...new Set(raw.citations.map((c) => c.source))];
  const sources = await run(db, sourcesForCheck, { ids: sourceIds });
  const entityById = new Map<string, SeedNode>();
  for (const row of entities) {
    entityById.set(String(row.id), { id: String(row.id), kind: String(row.kind), properties: { status: String(row.status ?? ''), name: String(row.name ?? '') }, dates: {}, figures: [], file: 'graph', line: 0 });
  }
  const sourceById = new Map<string, SeedSource>();
  const texts = new Map<string, LoadedText>();
  for (const row of sources) {
    const id = String(row.id);
    sourceById.set(id, {
      id,
      kind: 'Source',
      type: String(row.type),
      story: String(row.story ?? id),
      counted: row.counted === true,
      properties: { file: String(row.file ?? id) },
      dates: {},
      figures: [],
      file: 'graph',
      line: 0,
    });
    if (typeof row.text === 'string') {
      texts.set(id, { sourceId: id, raw: row.text, text: new SourceText(row.text), digest: textDigest(row.text), from: 'held' });
    }
  }
  const problems: string[] = [];
  const rel = readRelationship({ file: 'proposal', line: 0, data: raw }, ontology, entityById, sourceById, texts, (_where, _id, problem) => problems.push(problem));
  // A cited source without a held text cannot have a new quote checked: refused (stored ones keep their state).
  raw.citations.forEach((c, i) => {
    if (sourceById.has(c.source) && !texts.has(c.source) && !kept?.has(citationKey(c.source, c.quote))) {
      problems.push(`citation ${i + 1}: source '${c.source}' has no held text to check the quote against; register its text first (registerSource)`);
    }
  });
  if (problems.length > 0 || !rel) {
    const first = problems[0] ?? 'the relationship is not valid';
    const field = fieldOf(first);
    const details: Record<string, unknown> = { problems: problems.map((problem) => ({ field: fieldOf(problem), problem })) };
    const citation = /^citations\[(\d+)\]\.quote$/.exec(field);
    if (citation && /not found verbatim/.test(first)) {
      const c = raw.citations[Number(citation[1])]!;
      const text = sources.find((s) => s.id === c.source)?.text;
      const near = typeof text === 'string' ? nearestSentence(new SourceText(text), c.quote) : undefined;
      if (near) {
        details.nearestPassage = near;
        throw fieldError(field, c.quote, `${first}; the nearest passage, at offset ${near.offset}, reads "${near.text.slice(0, 300)}"`, 'a sentence or less copied verbatim from the held text', details);
      }
    }
    throw fieldError(field, valueAt(raw, field), first, undefined, details);
  }
  if (kept) {
    for (const c of rel.citations) {
      const stored = kept.get(citationKey(c.source, c.quote));
      if (stored && !c.verified) {
        c.verified = stored.verified;
        if (stored.verification) c.verification = stored.verification;
        if (!c.location && stored.paragraph !== undefined && stored.offset !== undefined) c.location = { paragraph: stored.paragraph, offset: stored.offset };
      }
    }
  }
  return { rel, entities, sources };
}

function valueAt(raw: RawRelationship, field: string): unknown {
  const citation = /^citations\[(\d+)\]\.(\w+)$/.exec(field);
  if (citation) {
    const c = raw.citations[Number(citation[1])] as unknown as Record<string, unknown> | undefined;
    return c?.[citation[2] === 'sourceId' ? 'source' : citation[2]!];
  }
  return raw[field];
}

export { relationshipId };

/**
 * The whole sentence around the passage most like `quote` (SourceText.nearest), for the error that
 * refuses a quote not found verbatim: a curator fixes a quote against a sentence, not a fragment.
 */
function nearestSentence(text: SourceText, quote: string): { offset: number; paragraph: number; text: string; similarity: number } | undefined {
  const near = text.nearest(quote);
  if (!near) return undefined;
  const sentence = text.sentenceOf(near.passage) ?? near.passage;
  const at = text.original.lastIndexOf(sentence, near.offset);
  return { offset: at >= 0 ? at : near.offset, paragraph: near.paragraph, text: sentence, similarity: near.similarity };
}
