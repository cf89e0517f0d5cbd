// The relationship cue lexicons (schema/cues/, one file per relationship type), loaded in two passes
// like the ontology: parse every file, then check each against the ontology, failing with the file at
// fault. Each lexicon compiles to one whole-word pattern per type.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Ontology } from '../ontology/ontology.ts';
import { projectPath } from '../project-root.ts';

export const CUES_DIR = projectPath('schema/cues/');

export interface CueLexicon {
  type: string;
  cues: string[];
  weight: number;
  reverseWhenLeading: string[];
  fromTypes?: string[];
  toTypes?: string[];
  preferFromTypes: string[];
  /** One pattern over all cues (global, case-insensitive). */
  pattern: RegExp;
}

export interface CueHit {
  type: string;
  cue: string;
  start: number;
  end: number;
  /** The cue's strength: the lexicon's weight, halved for function words ("on", "of the", "'s"). */
  weight: number;
}

export class CueLexiconError extends Error {
  override name = 'CueLexiconError';
  constructor(readonly problems: string[]) {
    super(`the cue lexicons in schema/cues are invalid:\n  - ${problems.join('\n  - ')}`);
  }
}

/** Words that carry a relationship only weakly; a cue made of them counts half. */
const FUNCTION_WORDS = new Set(['on', 'in', 'for', 'of', 'the', 'to', "'s", 'with', 'from', 'under', 'then', 'later', 'since', 'after', 'like', 'said', 'says', 'told', 'within', 'push', 'access', 'against', 'behind', 'ahead', '-based']);

/**
 * Letters and digits for cue boundaries: Latin script spelled out, because \p{L} classes in 23 long
 * alternations cost seconds of regex compilation on first use (measured), and the lexicons are English.
 */
const LETTER = 'A-Za-z0-9\\u00C0-\\u024F';

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function cueSource(cue: string): string {
  const prefix = cue.endsWith('*');
  const words = (prefix ? cue.slice(0, -1) : cue).trim().replace(/[’‘]/g, "'");
  const body = escape(words).replace(/ +/g, '\\s+') + (prefix ? `[${LETTER}-]*` : '');
  const left = /^[\p{L}\p{N}]/u.test(words) ? `(?<![${LETTER}])` : `(?<=[${LETTER}])`;
  return `${left}${body}(?![${LETTER}])`;
}

function isFunctionCue(cue: string): boolean {
  return cue.replace(/\*$/, '').split(/\s+/).every((w) => FUNCTION_WORDS.has(w.toLowerCase()));
}

const stringList = (value: unknown): string[] | undefined => (Array.isArray(value) ? value.map(String) : undefined);

/** Loads every lexicon; throws CueLexiconError naming each file at fault. */
export function loadCueLexicons(ontology: Ontology, dir: string = CUES_DIR): Map<string, CueLexicon> {
  const problems: string[] = [];
  const lexicons = new Map<string, CueLexicon>();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.yaml')).sort()) {
    const file = join(dir, name);
    let data: Record<string, unknown>;
    try {
      data = (parse(readFileSync(file, 'utf8')) ?? {}) as Record<string, unknown>;
    } catch (error) {
      problems.push(`${file}: YAML syntax: ${(error as Error).message.split('\n')[0]}`);
      continue;
    }
    const type = String(data.type ?? '');
    const cues = stringList(data.cues) ?? [];
    const weight = data.weight === undefined ? 0.6 : Number(data.weight);
    if (!ontology.relationshipTypes.has(type)) {
      problems.push(`${file}: type '${type}' is not a relationship type of the ontology; allowed: ${[...ontology.relationshipTypes.keys()].join(', ')}`);
      continue;
    }
    if (lexicons.has(type)) problems.push(`${file}: a second lexicon for ${type}`);
    if (cues.length === 0 || cues.some((c) => c.trim() === '')) problems.push(`${file}: 'cues' must be a non-empty list of words or phrases`);
    if (!(weight > 0 && weight <= 1)) problems.push(`${file}: 'weight' is ${String(data.weight)}; expected a number in (0, 1]`);
    lexicons.set(type, {
      type,
      cues,
      weight,
      reverseWhenLeading: (stringList(data.reverseWhenLeading) ?? []).map((c) => c.toLowerCase()),
      fromTypes: stringList(data.fromTypes),
      toTypes: stringList(data.toTypes),
      preferFromTypes: stringList(data.preferFromTypes) ?? [],
      pattern: new RegExp(cues.map(cueSource).join('|'), 'gi'),
    });
  }
  if (problems.length > 0) throw new CueLexiconError(problems);
  return lexicons;
}

/** Every cue of every lexicon in the text (quote styles folded), in text order. */
export function cueHits(text: string, lexicons: ReadonlyMap<string, CueLexicon>): CueHit[] {
  const folded = text.replace(/[\u2018\u2019\u201A\u201B\u2032`]/g, "'");
  const hits: CueHit[] = [];
  for (const lexicon of lexicons.values()) {
    lexicon.pattern.lastIndex = 0;
    for (let m = lexicon.pattern.exec(folded); m; m = lexicon.pattern.exec(folded)) {
      const cue = m[0];
      hits.push({ type: lexicon.type, cue, start: m.index, end: m.index + cue.length, weight: isFunctionCue(cue) ? lexicon.weight / 2 : lexicon.weight });
      if (cue.length === 0) lexicon.pattern.lastIndex++;
    }
  }
  return hits.sort((a, b) => a.start - b.start || a.type.localeCompare(b.type));
}
