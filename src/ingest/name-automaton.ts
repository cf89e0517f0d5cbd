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

/** The folded form of one character (lower case, ASCII quotes, any whitespace as a space, a hyphen as nothing). */
function foldChar(ch: string): string {
  if (/\s/.test(ch)) return ' ';
  // Hyphens are dropped on both sides: "chip-making" finds "chipmaking", "self reliance" does not.
  if (ch === '-') return '';
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
    if (f === '' || (f === ' ' && out.endsWith(' '))) continue;
    out += f;
  }
  return out;
}

/**
 * The goto function as an open-addressing hash table over typed arrays: (state, code unit) → state.
 * A Map keyed by state * 65536 + code leaves small-integer range past 32 767 states, and 100 k names
 * make millions of states (measured: 1.5 GB and minutes to build that way).
 */
class Transitions {
  private states = new Int32Array(1 << 16).fill(-1);
  private codes = new Uint16Array(1 << 16);
  private targets = new Int32Array(1 << 16);
  size = 0;

  private slot(state: number, code: number): number {
    const mask = this.states.length - 1;
    let i = (Math.imul(state, 0x9e3779b1) ^ Math.imul(code, 0x85ebca6b)) & mask;
    while (this.states[i] !== -1 && (this.states[i] !== state || this.codes[i] !== code)) i = (i + 1) & mask;
    return i;
  }

  get(state: number, code: number): number {
    const i = this.slot(state, code);
    return this.states[i] === -1 ? -1 : this.targets[i]!;
  }

  set(state: number, code: number, target: number): void {
    if ((this.size + 1) * 2 > this.states.length) this.grow();
    const i = this.slot(state, code);
    if (this.states[i] === -1) this.size++;
    this.states[i] = state;
    this.codes[i] = code;
    this.targets[i] = target;
  }

  private grow(): void {
    const [states, codes, targets] = [this.states, this.codes, this.targets];
    this.states = new Int32Array(states.length * 2).fill(-1);
    this.codes = new Uint16Array(states.length * 2);
    this.targets = new Int32Array(states.length * 2);
    this.size = 0;
    for (let i = 0; i < states.length; i++) if (states[i] !== -1) this.set(states[i]!, codes[i]!, targets[i]!);
  }

  forEach(visit: (state: number, code: number, target: number) => void): void {
    for (let i = 0; i < this.states.length; i++) if (this.states[i] !== -1) visit(this.states[i]!, this.codes[i]!, this.targets[i]!);
  }
}

export class NameAutomaton<T> {
  private readonly goto = new Transitions();
  private fail: Int32Array = new Int32Array(1);
  /** Per state: the patterns ending there (index into `groups`), or -1. */
  private output: number[] = [-1];
  /** Per state: the nearest state along failure links that has an output, or 0. */
  private dictLink: Int32Array = new Int32Array(1);
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
        const code = key.charCodeAt(i);
        let next = this.goto.get(state, code);
        if (next === -1) {
          next = this.states++;
          this.goto.set(state, code, next);
          this.output.push(-1);
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

  /** Breadth-first failure links (the classic construction); children kept in compressed rows. */
  private link(): void {
    const n = this.states;
    this.fail = new Int32Array(n);
    this.dictLink = new Int32Array(n);
    const first = new Int32Array(n + 1);
    this.goto.forEach((state) => first[state + 1]!++);
    for (let i = 0; i < n; i++) first[i + 1]! += first[i]!;
    const fill = first.slice(0, n);
    const childCode = new Uint16Array(this.goto.size);
    const childState = new Int32Array(this.goto.size);
    this.goto.forEach((state, code, target) => {
      const at = fill[state]!++;
      childCode[at] = code;
      childState[at] = target;
    });
    const queue = new Int32Array(n);
    let tail = 0;
    for (let k = first[0]!; k < first[1]!; k++) queue[tail++] = childState[k]!;
    for (let head = 0; head < tail; head++) {
      const state = queue[head]!;
      for (let k = first[state]!; k < first[state + 1]!; k++) {
        const code = childCode[k]!;
        const next = childState[k]!;
        let f = this.fail[state]!;
        while (f !== 0 && this.goto.get(f, code) === -1) f = this.fail[f]!;
        const target = this.goto.get(f, code);
        this.fail[next] = target !== -1 && target !== next ? target : 0;
        const via = this.fail[next]!;
        this.dictLink[next] = this.output[via] !== -1 ? via : this.dictLink[via]!;
        queue[tail++] = next;
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
      if (ch === '') continue;
      if (ch === ' ') {
        if (previousSpace) continue;
        previousSpace = true;
      } else previousSpace = false;
      origin.push(i);
      const code = ch.charCodeAt(0);
      let next = this.goto.get(state, code);
      while (next === -1 && state !== 0) {
        state = this.fail[state]!;
        next = this.goto.get(state, code);
      }
      state = next === -1 ? 0 : next;
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
