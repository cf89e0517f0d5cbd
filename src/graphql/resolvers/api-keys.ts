// API keys through GraphQL: admins create, list and revoke them (the role check runs before execution,
// src/auth/use-auth.ts); anyone may ask who they are.
import type { ApiKeyRecord } from '../../auth/api-keys.ts';
import { actorOf, type Principal } from '../../auth/roles.ts';
import type { AppContext } from '../context.ts';

type Args = Record<string, unknown>;

/** Who signs what a request writes: its key (or its JWT's subject). */
export function actor(ctx: AppContext): string {
  return ctx.principal ? actorOf(ctx.principal) : 'anonymous';
}

export const apiKeyQueries = {
  apiKeys: (_: unknown, args: Args, ctx: AppContext): Promise<ApiKeyRecord[]> =>
    ctx.keys.list(typeof args.after === 'string' ? args.after : '', typeof args.first === 'number' ? args.first : 100),
  me: (_: unknown, __: Args, ctx: AppContext): Principal | null => ctx.principal ?? null,
};

export const apiKeyMutations = {
  createApiKey: async (_: unknown, args: Args, ctx: AppContext) => {
    const { key, token } = await ctx.keys.create(args.name, args.role, actor(ctx));
    return { key, secret: token };
  },
  revokeApiKey: (_: unknown, args: Args, ctx: AppContext) => ctx.keys.revoke(args.id, actor(ctx)),
};

/** GraphQL's Role values are the roles in capitals. */
export const roleEnum = { Role: { READER: 'reader', CONTRIBUTOR: 'contributor', REVIEWER: 'reviewer', ADMIN: 'admin' } };
