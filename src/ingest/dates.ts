// Dates in an article ("on Friday", "earlier this week", "last year", "October 2022"), resolved against
// the article's publication date into the seed's partial-date form (src/ontology/partial-date.ts).
// A relative date the publication date cannot resolve stays `unknown`, with its words and why.
import { parsePartialDate, rangeOf, type PartialDate } from '../ontology/partial-date.ts';

/** A date as seed YAML writes it. */
export interface RawDate {
  on?: string;
  between?: [string, string];
  unknown?: true;
  text: string;
  resolvedAgainst?: string;
  note?: string;
}

export interface DateMention {
  start: number;
  end: number;
  text: string;
  raw: RawDate;
  /** The same, as the first and last day it can mean. */
  resolved: PartialDate;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTH = `(${MONTHS.join('|')})`;
const WEEKDAY = `(${WEEKDAYS.join('|')})`;

const EXPRESSIONS: Array<{ pattern: RegExp; kind: string }> = [
  { pattern: /\b(\d{4})-(\d{2})-(\d{2})\b/g, kind: 'iso' },
  { pattern: new RegExp(`\\b(?:early |mid-|late |in )?${MONTH}(?:\\s+(\\d{1,2}))?,?\\s+(\\d{4})\\b`, 'gi'), kind: 'month-year' },
  { pattern: new RegExp(`\\b(?:early |mid-|late |in )${MONTH}\\b`, 'gi'), kind: 'month' },
  { pattern: /\b(earlier this|this|last|next) (week|month|year)\b/gi, kind: 'relative' },
  { pattern: new RegExp(`\\b(?:on |last |this )?${WEEKDAY}\\b`, 'gi'), kind: 'weekday' },
  { pattern: /\b(?:in|by|since|from|until) (\d{4})\b/g, kind: 'year' },
];

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const day = (value: string) => new Date(`${value}T00:00:00Z`);
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);

/** The publication date an article's relative dates are resolved against. */
export interface Publication {
  sourceId?: string;
  date?: PartialDate;
}

/** Finds and resolves every date expression; overlapping expressions keep the longest. */
export function findDates(text: string, publication: Publication): DateMention[] {
  const found: DateMention[] = [];
  for (const { pattern, kind } of EXPRESSIONS) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      const raw = resolve(kind, m, publication);
      if (!raw) continue;
      const resolved = parsePartialDate(raw);
      if (typeof resolved === 'string') continue;
      found.push({ start: m.index, end: m.index + m[0].length, text: m[0], raw, resolved });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: DateMention[] = [];
  for (const d of found) if (!kept.some((k) => d.start < k.end && k.start < d.end)) kept.push(d);
  return kept;
}

function resolve(kind: string, m: RegExpExecArray, publication: Publication): RawDate | undefined {
  const text = m[0].replace(/^(?:on|in) /i, '').trim();
  const against = publication.sourceId ? { resolvedAgainst: publication.sourceId } : {};
  const pub = publication.date;
  const unknown = (why: string): RawDate => ({ unknown: true, text, note: why });
  switch (kind) {
    case 'iso':
      return rangeOf(m[0]) ? { on: m[0], text } : undefined;
    case 'month-year': {
      const month = MONTHS.indexOf(m[1]!.toLowerCase()) + 1;
      const value = m[2] ? `${m[3]}-${pad(month)}-${pad(Number(m[2]))}` : `${m[3]}-${pad(month)}`;
      return rangeOf(value) ? { on: value, text } : undefined;
    }
    case 'year':
      return { on: m[1]!, text };
    case 'month': {
      if (!pub?.end) return unknown(`"${text}" names no year and the article's publication date is not known`);
      const month = MONTHS.indexOf(m[1]!.toLowerCase()) + 1;
      const [pubYear, pubMonth] = pub.end.split('-').map(Number) as [number, number];
      // The latest such month not after publication: news reports speak of the recent past.
      const year = month <= pubMonth ? pubYear : pubYear - 1;
      if (pub.precision === 'year' || pub.precision === 'unknown') return unknown(`"${text}" names no year and the article is dated only to ${pub.start?.slice(0, 4) ?? 'an unknown year'}`);
      return { on: `${year}-${pad(month)}`, text, ...against };
    }
    case 'relative': {
      const which = m[1]!.toLowerCase();
      const unit = m[2]!.toLowerCase();
      const need = unit === 'week' ? ['day'] : unit === 'month' ? ['day', 'month'] : ['day', 'month', 'year'];
      if (!pub?.end || !need.includes(pub.precision)) {
        return unknown(`"${text}" is relative and the article's publication date is ${pub?.start ? `known only as ${pub.precision} precision` : 'not known'}`);
      }
      const ref = day(pub.end);
      const step = which === 'last' ? -1 : which === 'next' ? 1 : 0;
      if (unit === 'year') return { on: String(ref.getUTCFullYear() + step), text, ...against };
      if (unit === 'month') {
        const d = new Date(Date.UTC(ref.getUTCFullYear(), ref.getUTCMonth() + step, 1));
        return { on: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`, text, ...against };
      }
      const monday = addDays(ref, -((ref.getUTCDay() + 6) % 7));
      if (step === 0) {
        const last = which === 'earlier this' ? addDays(ref, -1) : ref;
        return last < monday ? { on: iso(monday), text, ...against } : { between: [iso(monday), iso(last)], text, ...against };
      }
      const first = addDays(monday, 7 * step);
      return { between: [iso(first), iso(addDays(first, 6))], text, ...against };
    }
    case 'weekday': {
      if (!pub?.end || pub.precision !== 'day') return unknown(`"${text}" needs the article's publication day, which is not known`);
      const ref = day(pub.end);
      const target = WEEKDAYS.indexOf(m[1]!.toLowerCase());
      // The most recent such day on or before publication (same day counts: "on Friday" in a Friday story).
      const back = (ref.getUTCDay() - target + 7) % 7;
      return { on: iso(addDays(ref, -back)), text, ...against };
    }
  }
  return undefined;
}
