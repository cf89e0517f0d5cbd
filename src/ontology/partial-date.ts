// Partial dates ("2022-10", "earlier this week" → a range of days, "unknown") as the seed writes them,
// turned into the first and last calendar day they can mean plus their precision.

/** Fields whose date orders a record (its `when*` read-model date), in order of preference. */
export const WHEN_FIELDS = ['announced', 'asOf', 'effective', 'date', 'published'] as const;

export type DatePrecision = 'day' | 'month' | 'year' | 'range' | 'unknown';

export interface PartialDate {
  /** First day the value can mean (YYYY-MM-DD); absent when unknown. */
  start?: string;
  /** Last day the value can mean (YYYY-MM-DD); absent when unknown. */
  end?: string;
  precision: DatePrecision;
  /** The source's own words ("earlier this month"). */
  text?: string;
  /** The source whose publication date resolves a relative expression. */
  resolvedAgainst?: string;
  note?: string;
}

const FIELDS = new Set(['on', 'between', 'unknown', 'text', 'resolvedAgainst', 'note']);
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const YEAR = /^(\d{4})$/;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** True for a real calendar day in YYYY-MM-DD form. */
export function isCalendarDay(value: string): boolean {
  const m = DAY.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** The range of days a YYYY, YYYY-MM or YYYY-MM-DD value covers, or undefined if malformed. */
export function rangeOf(value: string): { start: string; end: string; precision: 'day' | 'month' | 'year' } | undefined {
  if (isCalendarDay(value)) return { start: value, end: value, precision: 'day' };
  const month = MONTH.exec(value);
  if (month) {
    const [y, m] = [Number(month[1]), Number(month[2])];
    if (m < 1 || m > 12) return undefined;
    return { start: `${y}-${pad(m)}-01`, end: `${y}-${pad(m)}-${pad(daysInMonth(y, m))}`, precision: 'month' };
  }
  const year = YEAR.exec(value);
  if (year) return { start: `${year[1]}-01-01`, end: `${year[1]}-12-31`, precision: 'year' };
  return undefined;
}

/** Parses a seed date; returns a message (completing "'<field>' …") when it is malformed. */
export function parsePartialDate(raw: unknown): PartialDate | string {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return `must be a map with one of 'on' (YYYY, YYYY-MM or YYYY-MM-DD), 'between' ([first, last] days) or 'unknown: true'; got ${JSON.stringify(raw)}`;
  }
  const data = raw as Record<string, unknown>;
  const unknownFields = Object.keys(data).filter((k) => !FIELDS.has(k));
  if (unknownFields.length > 0) return `has unknown field(s) ${unknownFields.join(', ')}; allowed: ${[...FIELDS].join(', ')}`;
  const forms = ['on', 'between', 'unknown'].filter((k) => data[k] !== undefined);
  if (forms.length !== 1) return `needs exactly one of 'on', 'between' or 'unknown'; got ${forms.length ? forms.join(' and ') : 'none'}`;
  const extra: Omit<PartialDate, 'precision'> = {};
  for (const k of ['text', 'resolvedAgainst', 'note'] as const) {
    if (data[k] !== undefined) {
      if (typeof data[k] !== 'string' || (data[k] as string).trim() === '') return `'${k}' must be a non-empty string`;
      extra[k] = (data[k] as string).trim();
    }
  }
  if (data.unknown !== undefined) {
    if (data.unknown !== true) return `'unknown' can only be true`;
    return { precision: 'unknown', ...extra };
  }
  if (data.on !== undefined) {
    const value = String(data.on);
    const range = rangeOf(value);
    if (!range) return `'on' is '${value}', which is not a valid date; expected YYYY, YYYY-MM or YYYY-MM-DD`;
    return { ...range, ...extra };
  }
  const between = data.between;
  if (!Array.isArray(between) || between.length !== 2 || !between.every((d) => isCalendarDay(String(d)))) {
    return `'between' is ${JSON.stringify(between)}; expected [first, last] as two YYYY-MM-DD days`;
  }
  const [start, end] = between.map(String) as [string, string];
  if (start > end) return `'between' runs backwards: ${start} is after ${end}`;
  return { start, end, precision: 'range', ...extra };
}
