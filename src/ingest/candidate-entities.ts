// Candidate new entities: proper-noun spans the known names do not cover ("Naura Technology Group"
// before anyone recorded it). They go to their own list for an editor, and the full assistant may pair
// them as a claim's endpoint (id `new:<slug>`, a kind proposed from cues in and before the name); such a
// claim cannot be queued until an editor records the entity.
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
/** Everything up to and including the last title word of a run ("US Treasury Secretary ", "Chinese Premier "). */
const TITLE_PREFIX = /^.*\b(?:President|Premier|Vice Premier|Secretary(?: of State)?|Minister|Chancellor|Governor|Senator|Ambassador|Chairman|Chairwoman|Mr\.|Mrs\.|Ms\.|Dr\.|Mr|Mrs|Ms|Dr|Professor|General|Commissioner|Spokesperson|Spokesman)\s+/u;
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
    let { start, end } = run;
    let span = text.slice(start, end);
    // A title or role before a person's name is not part of it ("US Treasury Secretary Janet Yellen",
    // "Secretary of State Antony Blinken’s"), nor is a possessive ending; a known name inside the title
    // ("US Treasury") then does not hide the person.
    const possessive = /[’']s$/.exec(span);
    if (possessive) {
      end -= possessive[0].length;
      span = text.slice(start, end);
    }
    const titled = TITLE_PREFIX.exec(span);
    const retitled = titled !== null && /^\p{Lu}/u.test(span.slice(titled[0].length));
    if (retitled) {
      start += titled[0].length;
      span = text.slice(start, end);
    }
    if (mentions.some((m) => m.start < end && start < m.end)) continue;
    const first = span.split(/\s+/)[0]!;
    const single = !/\s/.test(span);
    if (run.sentenceStart && !retitled && (SENTENCE_STARTERS.has(first) || (single && !midCapitals.has(first)))) {
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

/** Words that end an organisation's name, and words that end a measure's or event's (general usage). */
const ORGANISATION_HEAD = /\b(?:Department|Ministry|Commission|Committee|Agency|Bureau|Council|Group|Holdings?|Corp(?:oration)?|Inc|Ltd|Company|University|Institute|Academy|Party|Bank|Administration|Office|Association|Federation|Agency|Authority|Court|Parliament|Congress|Senate|Politburo|Xinhua|Reuters|Times|Post|News)\.?$/;
const POLICY_HEAD = /\b(?:Act|Law|Rules?|Regulations?|Plan|Initiative|Programme|Program|Strategy|Award|Prize|Agreement|Accord|Deal|Sanctions|Controls|Summit|Conference|Session|Order|Directive|List)$/;
/** Titles and roles written before a person's name. */
const PERSON_TITLE = /\b(?:President|Premier|Prime Minister|Secretary|Minister|Chairman|Chairwoman|Governor|Senator|Ambassador|Mr|Mrs|Ms|Dr|Professor|expert|physicist|scientist|official|spokesperson|spokesman|CEO|chief|leader|director|researcher)\.?\s*$/;

export type CandidateKind = 'Actor' | 'Policy';

/**
 * A kind for a candidate from cues in and before its name: a measure's or event's head word (Act,
 * Award, Rules …) → Policy; an organisation's head word, a person's title before it, or two to four
 * capitalised words (a person's or body's name) → Actor; anything else (a lone word: a place, a
 * product) → null, not proposed as an endpoint.
 */
export function candidateKind(name: string, before: string): CandidateKind | null {
  if (POLICY_HEAD.test(name)) return 'Policy';
  if (ORGANISATION_HEAD.test(name) || PERSON_TITLE.test(before)) return 'Actor';
  const words = name.split(/\s+/);
  return words.length >= 2 && words.length <= 4 && words.every((w) => /^\p{Lu}/u.test(w)) ? 'Actor' : null;
}

/** `new:<slug>`: the id a candidate stands under in proposals until an editor records it. */
export const candidateId = (name: string) => `new:${name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;

/** Each occurrence of each candidate that has a proposed kind, as a mention the proposer can pair. */
export function candidateMentions(text: string, candidates: readonly CandidateEntity[]): Mention[] {
  const out: Mention[] = [];
  for (const c of candidates) {
    for (const start of c.offsets) {
      const kind = candidateKind(c.text, text.slice(Math.max(0, start - 40), start));
      if (!kind) continue;
      out.push({ start, end: start + c.text.length, surface: c.text, readings: [{ entityId: candidateId(c.text), kind, rule: 'candidate' }] });
    }
  }
  return out;
}
