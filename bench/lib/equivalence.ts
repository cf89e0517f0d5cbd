// Before any timing: each question is asked once through every system and the canonical answers must be
// equal, or the run stops with a diff. The raw statement is the reference.
import { AssertionError, deepStrictEqual } from 'node:assert';
import { SYSTEM_LABELS, SYSTEMS, type Question, type SystemName } from './questions.ts';
import type { Ask } from './systems.ts';

export interface Disagreement {
  question: string;
  system: SystemName;
  diff: string;
}

export interface CheckResult {
  question: string;
  /** Size of the reference answer (rows, or the count), so an empty answer is visible. */
  size: number;
  disagreements: Disagreement[];
}

function sizeOf(answer: unknown): number {
  if (Array.isArray(answer)) return answer.length;
  if (typeof answer === 'number') return answer;
  if (answer && typeof answer === 'object' && 'relationships' in answer) return (answer as { relationships: unknown[] }).relationships.length;
  return 1;
}

export async function checkEquivalence(questions: Question[], ask: Record<SystemName, Ask>): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const question of questions) {
    const canonical = {} as Record<SystemName, unknown>;
    const disagreements: Disagreement[] = [];
    for (const system of SYSTEMS) {
      try {
        canonical[system] = question.canonical[system](await ask[system](question));
      } catch (error) {
        disagreements.push({ question: question.key, system, diff: `failed: ${(error as Error).message}` });
      }
    }
    for (const system of SYSTEMS.filter((s) => s !== 'raw')) {
      if (!(system in canonical) || !('raw' in canonical)) continue;
      try {
        deepStrictEqual(canonical[system], canonical.raw);
      } catch (error) {
        if (!(error instanceof AssertionError)) throw error;
        // The assertion message is a line diff: "+ actual" is this system, "- expected" the raw statement.
        disagreements.push({
          question: question.key,
          system,
          diff: error.message.replace('Expected values to be strictly deep-equal:', `${SYSTEM_LABELS[system]} (+) vs raw driver (-):`),
        });
      }
    }
    results.push({ question: question.key, size: sizeOf(canonical.raw), disagreements });
  }
  return results;
}
