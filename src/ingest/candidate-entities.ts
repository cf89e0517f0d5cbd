// Candidate new entities: proper-noun spans the known names do not cover ("Naura Technology Group"
// before anyone recorded it). They go to their own list for an editor, never into a proposal.
import type { Mention } from './mentions.ts';
import type { Sentence } from './sentences.ts';

export interface CandidateEntity {
  text: string;
  /** Offsets of every occurrence. */
  offsets: number[];
}

const CONNECTORS = new Set(['of', 'and', 'for', 'the', 'de', 'on']);
const NOT_NAMES = new Set(
  'January February March April May June July August September October November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday I'.split(' '),
);
/** Words that start sentences far more often than names do. */
const SENTENCE_STARTERS = new Set(
  'The A An In On At By For From With After Before As But And Or So Then This That These Those It He She We They His Her Their Its Our Earlier Last Next Following According Addressing Facing To If When While Since Although Yet Also Meanwhile However Still Even Some Many Two Three Both Each Every No Not There Here Why How What Who Which Sign By'.split(' '),
);
const WORD = /[\p{L}\p{N}][\p{L}\p{N}’'.&-]*/gu;

/** Capitalised runs (connectors allowed inside) that overlap no mention of a known entity. */
export function findCandidateEntities(text: string, sentences: readonly Sentence[], mentions: readonly Mention[]): CandidateEntity[] {
  // Words seen capitalised inside a sentence: a capital at a sentence start proves nothing on its own.
  const midCapitals = new Set<string>();
  const runs: Array<{ start: number; end: number; sentenceStart: boolean }> = [];
  for (const sentence of sentences) {
    const words = [...sentence.text.matchAll(WORD)].map((m) => ({ w: m[0].replace(/[’'.]+$/, ''), start: sentence.start + m.index! }));
    let run: typeof words = [];
    const close = () => {
      while (run.length > 0 && CONNECTORS.has(run[run.length - 1]!.w)) run.pop();
      if (run.length > 0) {
        const last = run[run.length - 1]!;
        runs.push({ start: run[0]!.start, end: last.start + last.w.length, sentenceStart: run[0]!.start === sentence.start || /^[“"‘'(]$/.test(text.slice(sentence.start, run[0]!.start)) });
      }
      run = [];
    };
    words.forEach((word, i) => {
      const capital = /^\p{Lu}/u.test(word.w);
      if (capital && i > 0) midCapitals.add(word.w);
      if (capital) run.push(word);
      else if (run.length > 0 && CONNECTORS.has(word.w)) run.push(word);
      else close();
    });
    close();
  }
  const byText = new Map<string, CandidateEntity>();
  for (const run of runs) {
    let { start } = run;
    const end = run.end;
    if (mentions.some((m) => m.start < end && start < m.end)) continue;
    let span = text.slice(start, end);
    const first = span.split(/\s+/)[0]!;
    const single = !/\s/.test(span);
    if (run.sentenceStart && (SENTENCE_STARTERS.has(first) || (single && !midCapitals.has(first)))) {
      // Drop a sentence-initial word that is capitalised only because it starts the sentence.
      const rest = /^\S+\s+/.exec(span);
      if (!rest) continue;
      start += rest[0].length;
      span = text.slice(start, end);
    }
    if (/^the\s/i.test(span)) {
      start += 4;
      span = text.slice(start, end);
    }
    if (span.length < 2 || NOT_NAMES.has(span) || !/^\p{Lu}/u.test(span)) continue;
    const entry = byText.get(span) ?? { text: span, offsets: [] };
    entry.offsets.push(start);
    byText.set(span, entry);
  }
  return [...byText.values()].sort((a, b) => a.offsets[0]! - b.offsets[0]!);
}
