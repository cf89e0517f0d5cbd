// Where a quote that is not in the text verbatim most likely comes from: the sentence sharing the most
// words with it. One pass over the text's sentences (linear in its length), for an error message only.
import { foldText } from '../text/fold.ts';

export interface Passage {
  offset: number;
  text: string;
}

const words = (text: string) => new Set(foldText(text).toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);

export function nearestPassage(text: string, quote: string): Passage | undefined {
  const wanted = words(quote);
  if (wanted.size === 0) return undefined;
  let best: Passage | undefined;
  let bestScore = 0;
  // Sentences: up to a full stop, question or exclamation mark followed by space, or a line break.
  const sentence = /[^.!?\n]+(?:[.!?]+|$)/g;
  for (let match = sentence.exec(text); match; match = sentence.exec(text)) {
    const found = words(match[0]);
    let shared = 0;
    for (const word of wanted) if (found.has(word)) shared++;
    const score = shared / wanted.size;
    if (score > bestScore) {
      bestScore = score;
      const lead = match[0].length - match[0].trimStart().length;
      best = { offset: match.index + lead, text: match[0].trim() };
    }
  }
  return bestScore >= 0.3 ? best : undefined;
}
