// Reads a field that needs the database: from the values planned with its parent when they are there,
// otherwise (the parent came from a look-up that did not plan it) from one batched statement for every
// parent asking in the same tick. Argument errors found while planning are reported here, at the field.
import type { GraphQLResolveInfo } from 'graphql';
import type { Prefetched } from '../../repository/records.ts';
import type { Shape } from '../../repository/repository.ts';
import type { AppContext } from '../context.ts';
import { planOfField } from '../field-plans.ts';

export interface Planned {
  id: string;
  $?: Prefetched;
}

export function planned(shape: Shape, parent: Planned, args: Record<string, unknown>, ctx: AppContext, info: GraphQLResolveInfo): unknown {
  for (const node of info.fieldNodes) {
    const error = ctx.planErrors.get(node);
    if (error) throw error;
  }
  const key = info.path.key as string;
  if (parent.$ && Object.prototype.hasOwnProperty.call(parent.$, key)) return parent.$[key];
  return ctx.repo.field(shape, parent.id, planOfField(info, args, ctx));
}

/** Maps a planned value, whether it is at hand or on its way. */
export function mapPlanned<T>(value: unknown, map: (raw: unknown) => T): T | Promise<T> {
  return value instanceof Promise ? value.then(map) : map(value);
}
