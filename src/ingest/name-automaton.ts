// An Aho–Corasick automaton over entity names: one pass over an article finds every occurrence of
// every name, however many names the graph holds (a regex per name would cost names × text).
// Text and names are compared folded (case, typographic quotes, runs of whitespace).

/** One name the automaton looks for; `payload` travels with every match. */
export interface NamePattern<T> {
  text: string;
  payload: T;
  /** Match the letters' case exactly (acronyms: "US" must not match "us"). */
  caseSensitive?: boolean;
}

export interface NameMatch<T> {
  start: number;
  end: number;
  payloads: T[];
}

const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B\u2032`]/;
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033]/;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** The folded form of one character (lower case, ASCII quotes, any whitespace as a space). */
function foldChar(ch: string): string {
  if (/\s/.test(ch)) return ' ';
  if (SINGLE_QUOTES.test(ch)) return "'";
  if (DOUBLE_QUOTES.test(ch)) return '"';
  const lower = ch.toLowerCase();
  // Keep the 1:1 mapping to original offsets: a character whose lower case is longer stays as it is.
  return lower.length === 1 ? lower : ch;
}

/** Folds a name the way the automaton folds text. */
export function foldName(text: string): string {
  let out = '';
  for (const ch of text.trim()) {
    const f = foldChar(ch);
    if (f === ' ' && out.endsWith(' ')) continue;
    out += f;
  }
  return out;
}

export class NameAutomaton<T> {
  /** Transitions: key = state * 0x10000 + UTF-16 code unit. */
  private readonly goto = new Map<number, number>();
  private fail: Int32Array = new Int32Array(1);
  /** Per state: the patterns ending there (index into `groups`), or -1. */
  private output: number[] = [-1];
  /** Per state: the nearest state along failure links that has an output, or 0. */
  private dictLink: Int32Array = new Int32Array(1);
  private depth: number[] = [0];
  private readonly groups: Array<{ patterns: Array<NamePattern<T>>; length: number }> = [];
  private states = 1;
  readonly size: number;

  constructor(patterns: Iterable<NamePattern<T>>) {
    let count = 0;
    for (const pattern of patterns) {
      const key = foldName(pattern.text);
      if (key.length === 0) continue;
      count++;
      let state = 0;
      for (let i = 0; i < key.length; i++) {
        const edge = state * 0x10000 + key.charCodeAt(i);
        let next = this.goto.get(edge);
        if (next === undefined) {
          next = this.states++;
          this.goto.set(edge, next);
          this.output.push(-1);
          this.depth.push(i + 1);
        }
        state = next;
      }
      if (this.output[state] === -1) {
        this.output[state] = this.groups.length;
        this.groups.push({ patterns: [], length: key.length });
      }
      this.groups[this.output[state]!]!.patterns.push(pattern);
    }
    this.size = count;
    this.link();
  }

  /** Breadth-first failure links (the classic construction). */
  private link(): void {
    this.fail = new Int32Array(this.states);
    this.dictLink = new Int32Array(this.states);
    const children = new Map<number, Array<[number, number]>>();
    for (const [edge, next] of this.goto) {
      const from = Math.floor(edge / 0x10000);
      let list = children.get(from);
      if (!list) children.set(from, (list = []));
      list.push([edge % 0x10000, next]);
    }
    const queue: number[] = [];
    for (const [, next] of children.get(0) ?? []) {
      this.fail[next] = 0;
      queue.push(next);
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      for (const [code, next] of children.get(state) ?? []) {
        let f = this.fail[state]!;
        while (f !== 0 && !this.goto.has(f * 0x10000 + code)) f = this.fail[f]!;
        const target = this.goto.get(f * 0x10000 + code);
        this.fail[next] = target !== undefined && target !== next ? target : 0;
        const via = this.fail[next]!;
        this.dictLink[next] = this.output[via] !== -1 ? via : this.dictLink[via]!;
        queue.push(next);
      }
    }
  }

  /**
   * Every occurrence of a name that starts and ends on a word boundary, with offsets in the original
   * text. Overlapping matches are all returned; callers choose among them.
   */
  findAll(text: string): Array<NameMatch<T>> {
    const matches: Array<NameMatch<T>> = [];
    // Offsets in the original text of each folded character fed to the automaton (runs of
    // whitespace are fed once, as names hold single spaces).
    const origin: number[] = [];
    let state = 0;
    let previousSpace = true;
    for (let i = 0; i < text.length; i++) {
      const ch = foldChar(text[i]!);
      if (ch === ' ') {
        if (previousSpace) continue;
        previousSpace = true;
      } else previousSpace = false;
      origin.push(i);
      const code = ch.charCodeAt(0);
      let next = this.goto.get(state * 0x10000 + code);
      while (next === undefined && state !== 0) {
        state = this.fail[state]!;
        next = this.goto.get(state * 0x10000 + code);
      }
      state = next ?? 0;
      for (let s = this.output[state] !== -1 ? state : this.dictLink[state]!; s !== 0; s = this.dictLink[s]!) {
        const group = this.groups[this.output[s]!]!;
        const start = origin[origin.length - group.length]!;
        const end = i + 1;
        if (start > 0 && WORD_CHAR.test(text[start - 1]!) && WORD_CHAR.test(text[start]!)) continue;
        if (end < text.length && WORD_CHAR.test(text[end]!) && WORD_CHAR.test(text[end - 1]!)) continue;
        const surface = text.slice(start, end);
        const payloads = group.patterns.filter((p) => !p.caseSensitive || sameCase(surface, p.text)).map((p) => p.payload);
        if (payloads.length > 0) matches.push({ start, end, payloads });
      }
    }
    return matches;
  }
}

function sameCase(surface: string, name: string): boolean {
  const letters = (s: string) => s.replace(/[^\p{L}\p{N}]/gu, '');
  return letters(surface) === letters(name);
}
