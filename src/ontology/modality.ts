// Modality cue words: which ways of asserting a claim ("is considering", "reportedly") a quote signals,
// and whether a claim's modality agrees with its quotes. The vocabulary is schema/ontology/modality.yaml.
import { foldText } from '../text/fold.ts';
import type { Ontology } from './ontology.ts';

export interface CueMatch {
  modality: string;
  /** The cue as listed in the vocabulary. */
  cue: string;
}

const patterns = new WeakMap<Ontology, Array<{ modality: string; cue: string; pattern: RegExp }>>();

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function cuePatterns(ontology: Ontology) {
  let list = patterns.get(ontology);
  if (!list) {
    // Whole words or phrases: "proposed" must not match inside "unproposed", nor "weighs" inside "outweighs".
    list = [...ontology.modalities.values()].flatMap((def) =>
      def.cues.map((cue) => ({
        modality: def.key,
        cue,
        pattern: new RegExp(`(?<![\\p{L}\\p{N}])${escape(foldText(cue)).replace(/ /g, '\\s+')}(?![\\p{L}\\p{N}])`, 'iu'),
      })),
    );
    patterns.set(ontology, list);
  }
  return list;
}

/** The cues a quote carries, in vocabulary order (case and quote styles ignored). */
export function cuesIn(quote: string, ontology: Ontology): CueMatch[] {
  const text = foldText(quote);
  return cuePatterns(ontology)
    .filter(({ pattern }) => pattern.test(text))
    .map(({ modality, cue }) => ({ modality, cue }));
}

/**
 * Why a claim's modality disagrees with its quotes, or undefined when it agrees. The default modality
 * needs one quote free of other modalities' cues; any other modality needs one quote with its own cue.
 */
export function modalityCueProblem(modality: string, quotes: string[], ontology: Ontology): string | undefined {
  if (quotes.length === 0) return undefined;
  const found = quotes.map((quote) => cuesIn(quote, ontology));
  const describe = () =>
    found
      .map((cues, i) => (cues.length === 0 ? `citation ${i + 1} carries no cue` : `citation ${i + 1} says ${cues.map((c) => `"${c.cue}" (${c.modality})`).join(', ')}`))
      .join('; ');
  const allowed = [...ontology.modalities.keys()].join(', ');
  if (modality === ontology.defaultModality) {
    if (found.every((cues) => cues.length > 0)) {
      return (
        `modality is '${modality}' (the default), but every quote hedges the claim: ${describe()}; ` +
        `set 'modality' to what the quotes say (one of: ${allowed}), or cite a sentence that states the fact`
      );
    }
    return undefined;
  }
  const def = ontology.modalities.get(modality);
  if (!def || def.cues.length === 0) return undefined;
  if (found.some((cues) => cues.some((c) => c.modality === modality))) return undefined;
  return (
    `modality is '${modality}', but no quote carries one of its cue words (${def.cues.join(', ')}): ${describe()}; ` +
    `cite the sentence that says so, or use the modality the quotes support (one of: ${allowed})`
  );
}
