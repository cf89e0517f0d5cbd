// Bounds on every text a client sends to the write side, checked before anything is read or written:
// lengths, list sizes, and no control characters (a quote or name with a NUL or an escape sequence is
// an attack or a copy-paste accident, never evidence).
import { fieldError } from '../errors/curation-errors.ts';

/** Control characters other than tab, line feed and carriage return. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** In one-line fields, line breaks are refused too. */
const CONTROL_OR_BREAK = /[\u0000-\u001f\u007f]/;

export const BOUNDS = {
  id: 200,
  name: 300,
  line: 2_000,
  /** Source texts: 2 MB of characters (a long report is ~50 k); MAX_REQUEST_BYTES refuses bigger bodies first. */
  text: 2_000_000,
  citations: 20,
  qualifiers: 20,
  listItems: 50,
  reason: 2_000,
} as const;

export function checkLine(field: string, value: unknown, max: number = BOUNDS.line, required = true): string | undefined {
  if (value === undefined || value === null) {
    if (required) throw fieldError(field, value, 'is required', `text of 1 to ${max} characters`);
    return undefined;
  }
  if (typeof value !== 'string' || value.trim() === '') throw fieldError(field, value, 'must not be empty', `text of 1 to ${max} characters`);
  if (value.length > max) throw fieldError(field, value, `has ${value.length} characters`, `at most ${max}`);
  if (CONTROL_OR_BREAK.test(value)) throw fieldError(field, value, 'contains a control character or line break', 'printable text on one line');
  return value;
}

export function checkText(field: string, value: unknown, max: number): string {
  if (typeof value !== 'string' || value.trim() === '') throw fieldError(field, value, 'must not be empty', `text of 1 to ${max} characters`);
  if (value.length > max) throw fieldError(field, value, `has ${value.length} characters`, `at most ${max}`);
  const at = value.search(CONTROL);
  if (at >= 0) {
    throw fieldError(field, value.slice(Math.max(0, at - 20), at + 20), `contains the control character U+${value.charCodeAt(at).toString(16).padStart(4, '0')} at offset ${at}`, 'text with tabs and line breaks but no other control characters');
  }
  return value;
}

export function checkList<T>(field: string, value: readonly T[] | null | undefined, max: number): readonly T[] {
  if (!value) return [];
  if (value.length > max) throw fieldError(field, value, `has ${value.length} items`, `at most ${max}`);
  return value;
}

/** A date as the seed writes it (on, between, unknown, text, resolvedAgainst, note), every part bounded. */
export function checkDate(field: string, value: Record<string, unknown> | null | undefined): Record<string, unknown> | undefined {
  if (!value) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === null || v === undefined) continue;
    if (key === 'between') out.between = checkList(`${field}.between`, v as string[], 2).map((d, i) => checkLine(`${field}.between[${i}]`, d, 10));
    else if (key === 'unknown') out.unknown = v;
    else out[key] = checkLine(`${field}.${key}`, v, BOUNDS.line);
  }
  return out;
}
