// The GraphQL view of a partial date stored as <name>Start/End/Precision/Text/ResolvedAgainst/Note.
import type { Props } from '../repository/records.ts';

export interface PartialDateView {
  value: string | null;
  /**
   * STATED: the sources date it; SOURCE_PUBLICATION: undated, placed at a reporting source's publication
   * date; UNKNOWN: undated, and no dated source bounds it.
   */
  basis: 'STATED' | 'SOURCE_PUBLICATION' | 'UNKNOWN';
  precision: string;
  start: string | null;
  end: string | null;
  expression: string | null;
  resolvedAgainstId: string | null;
  note: string | null;
}

function valueOf(precision: string, start: string | null, end: string | null): string | null {
  if (!start) return null;
  switch (precision) {
    case 'day':
      return start;
    case 'month':
      return start.slice(0, 7);
    case 'year':
      return start.slice(0, 4);
    case 'range':
      return `${start}/${end}`;
    case 'not_after':
      // ISO 8601 open interval: no later than the end.
      return `../${end}`;
    default:
      return null;
  }
}

/** A stated date: its range and precision, and the words, resolving source and note of the field `name`. */
function stated(props: Props, name: string, precision: string, start: string | null, end: string | null): PartialDateView {
  return {
    value: valueOf(precision, start, end),
    // A date the sources leave open is not stated: nothing bounds it (the read model would have placed it).
    basis: precision === 'unknown' ? 'UNKNOWN' : 'STATED',
    precision: precision.toUpperCase(),
    start,
    end,
    expression: (props[`${name}Text`] as string | undefined) ?? null,
    resolvedAgainstId: (props[`${name}ResolvedAgainst`] as string | undefined) ?? null,
    note: (props[`${name}Note`] as string | undefined) ?? null,
  };
}

/** Reads the partial date `name` from stored properties; null when the record has none. */
export function partialDate(props: Props, name: string | undefined | null): PartialDateView | null {
  if (!name) return null;
  const precision = props[`${name}Precision`];
  if (typeof precision !== 'string') return null;
  return stated(props, name, precision, (props[`${name}Start`] as string | undefined) ?? null, (props[`${name}End`] as string | undefined) ?? null);
}

/**
 * The date a record is ordered and filtered by (`when*`, see src/seed/read-model.ts): its own date, or for
 * an undated policy the publication date of the source that reports it, marked SOURCE_PUBLICATION.
 * Start, end and precision come from the `when*` copy; the words, note and resolving source of a stated
 * date from the field it was copied from (`whenField`).
 */
export function whenDate(props: Props): PartialDateView | null {
  const start = (props.whenStart as string | undefined) ?? null;
  const end = (props.whenEnd as string | undefined) ?? null;
  if (props.whenBasis === 'stated') return stated(props, String(props.whenField), String(props.whenPrecision), start, end);
  if (props.whenBasis !== 'source') return null;
  const precision = String(props.whenPrecision ?? 'unknown');
  const source = (props.whenSource as string | undefined) ?? null;
  const notAfter = precision === 'not_after';
  // The words of the record's own unknown date ("just weeks before Yellen's visit"), when it has one.
  const own = notAfter ? partialDate(props, 'date') ?? partialDate(props, 'announced') : null;
  return {
    value: valueOf(precision, start, end),
    basis: 'SOURCE_PUBLICATION',
    precision: precision.toUpperCase(),
    // No later than the source's publication: the first possible day is open.
    start: notAfter ? null : start,
    end,
    expression: own?.expression ?? null,
    resolvedAgainstId: source,
    note: notAfter
      ? `The sources give no date; it happened no later than the publication of ${source ?? 'the source that reports it'} (${end}).`
      : `The sources give no date; placed at the publication date of ${source ?? 'the source that reports it'}.`,
  };
}

/** The day, when a partial date is precise to the day; else null. */
export function exactDay(view: PartialDateView | null): string | null {
  return view?.precision === 'DAY' ? view.start : null;
}
