// Resolves what a user wrote in name arguments (an id, a name or an alias, any case) to entities — every
// name argument of a request in one round trip — and fails with NOT_FOUND and the closest known names
// when nothing matches.
import type { Expansion, NameQuery } from '../cypher/names.ts';
import type { ResolvedMatch, ResolvedName } from '../repository/repository.ts';
import { nameKey } from '../text/fold.ts';
import type { AppContext } from './context.ts';
import { notFound } from '../errors/api-errors.ts';
import { checkText } from '../limits/limits.ts';
import { fuzzyQuery } from '../text/search-text.ts';

export interface NameArgument {
  argument: string;
  value: unknown;
  /** Entity kinds the argument accepts; null for any. */
  kinds: readonly string[] | null;
  expand: Expansion;
  /** Taxonomy links followed by `narrower` need at least this many independent sources. @default 0 */
  minSources?: number;
}

/** Closest names for a NOT_FOUND message. */
export async function suggestions(ctx: AppContext, text: string, kinds: readonly string[] | null, limit = 5): Promise<string[]> {
  const query = fuzzyQuery(text);
  if (!query) return [];
  return [...new Set((await ctx.repo.suggest(query, kinds ? [...kinds] : null, limit)).map((hit) => hit.name))];
}

/** Ids of the entities whose names come closest to the text (for arguments that take ids). */
export async function suggestionIds(ctx: AppContext, text: string, limit = 5): Promise<string[]> {
  const query = fuzzyQuery(text);
  if (!query) return [];
  return (await ctx.repo.suggest(query, null, limit)).map((hit) => hit.id);
}

function nameQuery(ctx: AppContext, arg: NameArgument): NameQuery {
  const text = checkText(arg.argument, arg.value as string)!;
  const key = nameKey(text);
  return {
    argument: arg.argument,
    text,
    key,
    phrase: `"${key.replace(/["\\]/g, ' ')}"`,
    labels: [...(arg.kinds ?? ctx.ontology.entityKinds)],
    expand: arg.expand,
    minSources: arg.minSources ?? 0,
  };
}

/**
 * Every match of each argument, best first (id match, then name, then alias; ties by kind order and id),
 * with the ids each stands for. NOT_FOUND, with suggestions, for the first argument that matches nothing.
 */
export async function resolveArguments(ctx: AppContext, args: NameArgument[]): Promise<Map<string, ResolvedName>> {
  const queries = args.map((arg) => nameQuery(ctx, arg));
  if (queries.length === 0) return new Map();
  const resolved = await ctx.repo.resolveNames(queries);
  for (const [i, query] of queries.entries()) {
    const found = resolved.get(query.argument);
    if (!found || found.matches.length === 0) {
      const kinds = args[i]!.kinds;
      const what = kinds ? kinds.map((k) => k.toLowerCase()).join(' or ') : 'entity';
      throw notFound(
        `No ${what} is called "${query.text}" (for '${query.argument}': give an id, a name or an alias).`,
        await suggestions(ctx, query.text, kinds),
        { argument: query.argument, value: query.text },
      );
    }
    found.matches = rank(found.matches, query.text, ctx.ontology.entityKinds);
  }
  return resolved;
}

function rank(matches: ResolvedMatch[], text: string, kindOrder: readonly string[]): ResolvedMatch[] {
  const lower = text.toLowerCase();
  const score = ({ entity: e }: ResolvedMatch) => (e.id === text ? 0 : e.name.toLowerCase() === lower ? 1 : 2);
  return [...matches].sort(
    (a, b) =>
      score(a) - score(b) || kindOrder.indexOf(a.entity.kind) - kindOrder.indexOf(b.entity.kind) || a.entity.id.localeCompare(b.entity.id),
  );
}
