// What a citation may claim for its relationship: a quote counts as independent support only when it
// states the link (not when the link is read off a name, "Politburo Standing Committee" ⊂ "Politburo"),
// and a surface form that is a government's metonym ("Washington") names that government, never the
// country. Part of seed validation (validate-seed.ts); the rules are in docs/data-guide.md.
import { foldText, nameKey } from '../text/fold.ts';
import type { SeedNode, SeedProblem, SeedRelationship } from './validate-seed.ts';

/**
 * What a citation supports: `states` (the default) — its quote states the link; `names` — its quote only
 * names the ends (the link is read off a name). Only `states` citations of counted sources are
 * independent support.
 */
export const SUPPORT_VALUES = ['states', 'names'] as const;
export type Support = (typeof SUPPORT_VALUES)[number];

/** The Actor type whose names and aliases are metonyms ("Washington", "Beijing") by the data guide's rule. */
export const METONYM_OWNER_TYPE = 'government';

function occurrences(text: string, part: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  if (part === '') return out;
  for (let at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) out.push([at, at + part.length]);
  return out;
}

/**
 * Why a `states` citation only derives its link from a name, or undefined: every occurrence of one end's
 * surface form lies inside an occurrence of the other's ("Politburo" inside "Politburo Standing
 * Committee"), so the quote names one entity and says nothing about a second.
 */
export function nameDerivedProblem(quote: string, mentionsFrom: string | undefined, mentionsTo: string | undefined): string | undefined {
  if (!mentionsFrom || !mentionsTo) return undefined;
  const text = foldText(quote).toLowerCase();
  const [from, to] = [foldText(mentionsFrom).toLowerCase(), foldText(mentionsTo).toLowerCase()];
  const inside = (inner: string, outer: string) => {
    const outers = occurrences(text, outer);
    const inners = occurrences(text, inner);
    return inners.length > 0 && inner.length < outer.length && inners.every(([s, e]) => outers.some(([os, oe]) => os <= s && e <= oe));
  };
  const [inner, outer] = inside(to, from) ? [mentionsTo, mentionsFrom] : inside(from, to) ? [mentionsFrom, mentionsTo] : [];
  if (!inner) return undefined;
  return (
    `the quote derives the link from a name ('${inner}' occurs only inside '${outer}'), so it does not state it; ` +
    `cite a sentence that states the link (or an editors' reference), and mark this citation 'support: names' (it then counts 0 independent sources)`
  );
}

/**
 * Citations whose surface form is a government's name or alias ("Washington") but whose endpoint is
 * another entity (the country): by the metonym rule the form names the government.
 */
export function metonymProblems(entities: readonly SeedNode[], relationships: readonly SeedRelationship[]): SeedProblem[] {
  const governmentOf = new Map<string, SeedNode>();
  for (const entity of entities) {
    if (entity.kind !== 'Actor' || entity.properties.type !== METONYM_OWNER_TYPE) continue;
    const aliases = Array.isArray(entity.properties.aliases) ? entity.properties.aliases : [];
    for (const name of [String(entity.properties.name ?? ''), ...aliases]) if (name !== '') governmentOf.set(nameKey(name), entity);
  }
  const kindOf = new Map(entities.map((e) => [e.id, e.kind]));
  const problems: SeedProblem[] = [];
  for (const rel of relationships) {
    rel.citations.forEach((citation, i) => {
      for (const [side, form, endpoint] of [
        ['from', citation.mentionsFrom, rel.from],
        ['to', citation.mentionsTo, rel.to],
      ] as const) {
        const government = form === undefined ? undefined : governmentOf.get(nameKey(form));
        if (!government || government.id === endpoint) continue;
        problems.push({
          file: rel.file,
          line: rel.line,
          id: rel.id,
          problem:
            `citation ${i + 1}: mentions.${side} '${form}' is a name of the government '${government.id}' (a metonym: ` +
            `docs/data-guide.md, "Citation rules"), but the ${side} end is the ${kindOf.get(endpoint) ?? 'entity'} '${endpoint}'; ` +
            `cite this sentence on a relationship of '${government.id}', or cite one that names '${endpoint}'`,
        });
      }
    });
  }
  return problems;
}
