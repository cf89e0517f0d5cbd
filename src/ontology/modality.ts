// Modality cue words: which ways of asserting a claim ("is considering", "reportedly") a quote signals,
// and whether a claim's modality agrees with its quotes. The vocabulary is schema/ontology/modality.yaml.
import { foldText } from '../text/fold.ts';
import type { Ontology } from './ontology.ts';

export interface CueMatch {
  modality: string;
  /** The cue as listed in the vocabulary. */
  cue: string;
  /** True for an attribution cue ("according to", "citing"): not a hedge on `attributionTypes`. */
  attribution: boolean;
}

/** A quote, and the whole sentence of the source it is cut from when the text was at hand. */
export interface CitedText {
  quote: string;
  sentence?: string;
}

const patterns = new WeakMap<Ontology, Array<{ modality: string; cue: string; attribution: boolean; pattern: RegExp }>>();

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function cuePatterns(ontology: Ontology) {
  let list = patterns.get(ontology);
  if (!list) {
    // Whole words or phrases: "proposed" must not match inside "unproposed", nor "weighs" inside "outweighs".
    list = [...ontology.modalities.values()].flatMap((def) =>
      [...def.cues.map((cue) => ({ cue, attribution: false })), ...def.attributionCues.map((cue) => ({ cue, attribution: true }))].map(({ cue, attribution }) => ({
        modality: def.key,
        cue,
        attribution,
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
    .map(({ modality, cue, attribution }) => ({ modality, cue, attribution }));
}

/**
 * Why a claim's modality disagrees with its quotes, or undefined when it agrees. The default modality
 * needs one quote free of other modalities' cues; any other modality needs one quote with its own cue.
 * A quote given with its sentence is judged by the whole sentence (the hedge may be outside the cut);
 * on a relationship type that claims an attribution (`type` in `attributionTypes`), attribution cues
 * are the fact, not a hedge.
 */
export function modalityCueProblem(modality: string, cited: Array<string | CitedText>, ontology: Ontology, type?: string): string | undefined {
  if (cited.length === 0) return undefined;
  const texts = cited.map((c) => (typeof c === 'string' ? { quote: c } : c));
  const claimsAttribution = type !== undefined && ontology.attributionTypes.includes(type);
  const found = texts.map((t) => cuesIn(t.sentence ?? t.quote, ontology).filter((c) => !(claimsAttribution && c.attribution)));
  const describe = () =>
    found
      .map((cues, i) => {
        const what = texts[i]!.sentence !== undefined ? `citation ${i + 1} (its whole sentence)` : `citation ${i + 1}`;
        return cues.length === 0 ? `${what} carries no cue` : `${what} says ${cues.map((c) => `"${c.cue}" (${c.modality})`).join(', ')}`;
      })
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
  if (!def || def.cues.length + def.attributionCues.length === 0) return undefined;
  if (found.some((cues) => cues.some((c) => c.modality === modality))) return undefined;
  return (
    `modality is '${modality}', but no quote carries one of its cue words (${[...def.cues, ...def.attributionCues].join(', ')}): ${describe()}; ` +
    `cite the sentence that says so, or use the modality the quotes support (one of: ${allowed})`
  );
}
