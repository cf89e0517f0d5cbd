// Resolves what a user wrote in an argument (an id, a name or an alias, any case) to entities, and
// fails with NOT_FOUND and the closest known names when nothing matches.
import type { EntityRecord } from '../repository/records.ts';
import type { AppContext } from './context.ts';
import { notFound } from './errors.ts';
import { checkText } from './limits.ts';
import { fuzzyQuery } from './search-text.ts';

/** Closest names for a NOT_FOUND message. */
export async function suggestions(ctx: AppContext, text: string, kinds: readonly string[] | null, limit = 5): Promise<string[]> {
  const query = fuzzyQuery(text);
  if (!query) return [];
  const hits = await ctx.repo.search(query, kinds ? [...kinds] : null, limit);
  return [...new Set(hits.map((hit) => hit.entity.name))];
}

/** Ids of the entities whose names come closest to the text (for arguments that take ids). */
export async function suggestionIds(ctx: AppContext, text: string, limit = 5): Promise<string[]> {
  const query = fuzzyQuery(text);
  if (!query) return [];
  return (await ctx.repo.search(query, null, limit)).map((hit) => hit.entity.id);
}

/** All entities the text names exactly (id, name or alias), limited to `kinds`; NOT_FOUND if none. */
export async function resolveEntities(
  ctx: AppContext,
  argument: string,
  value: string,
  kinds: readonly string[] | null,
): Promise<EntityRecord[]> {
  const text = checkText(argument, value)!;
  const matches = await ctx.repo.byName(text, kinds ? [...kinds] : null);
  if (matches.length > 0) return rank(matches, text, ctx.ontology.entityKinds);
  const what = kinds ? kinds.map((k) => k.toLowerCase()).join(' or ') : 'entity';
  throw notFound(`No ${what} is called "${text}" (for '${argument}': give an id, a name or an alias).`, await suggestions(ctx, text, kinds), {
    argument,
    value: text,
  });
}

/** The single best entity for the text: id match, then name, then alias; ties by kind order and id. */
export async function resolveEntity(ctx: AppContext, argument: string, value: string, kinds: readonly string[] | null): Promise<EntityRecord> {
  return (await resolveEntities(ctx, argument, value, kinds))[0]!;
}

function rank(matches: EntityRecord[], text: string, kindOrder: readonly string[]): EntityRecord[] {
  const lower = text.toLowerCase();
  const score = (e: EntityRecord) => (e.id === text ? 0 : e.name.toLowerCase() === lower ? 1 : 2);
  return [...matches].sort(
    (a, b) => score(a) - score(b) || kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind) || a.id.localeCompare(b.id),
  );
}
