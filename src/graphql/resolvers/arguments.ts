// Argument checks shared by several resolvers.
import type { AppContext } from '../context.ts';
import { badUserInput } from '../../errors/api-errors.ts';
import { checkList } from '../../limits/limits.ts';

/** A `types` argument: every value must be a relationship type of the ontology. */
export function relationshipTypesArg(ctx: AppContext, value: unknown, argument = 'types'): string[] | null {
  const types = checkList(argument, value as string[] | null);
  if (types === null) return null;
  const allowed = [...ctx.ontology.relationshipTypes.keys()];
  const unknown = types.filter((t) => !ctx.ontology.relationshipTypes.has(t));
  if (unknown.length > 0) {
    throw badUserInput(`'${argument}' has unknown relationship type(s) ${unknown.map((t) => `"${t}"`).join(', ')}; allowed: ${allowed.join(', ')}.`, {
      argument,
      value: unknown,
      allowed,
    });
  }
  return types;
}
