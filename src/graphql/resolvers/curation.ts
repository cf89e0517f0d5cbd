// Thin resolvers of the curation mutations and queries: enum values in, the principal and input to
// src/curation/curation.ts, records out. Roles are checked before execution (src/auth/use-auth.ts).
import type { Principal } from '../../auth/roles.ts';
import type { Change, Proposal, ProposalStatus } from '../../curation/curation.ts';
import { LAST_EVENT_ID, resumePosition } from '../../curation/resume-position.ts';
import type { GraphQLResolveInfo } from 'graphql';
import type { AppContext } from '../context.ts';
import { plansBelow } from '../field-plans.ts';
import { checkText } from '../../limits/limits.ts';

type Args = Record<string, any>;

const principal = (ctx: AppContext): Principal => ctx.principal!;
const lower = (value: unknown) => String(value).toLowerCase();
const proposalOut = (p: Proposal) => ({ ...p, kind: p.kind.toUpperCase(), status: p.status.toUpperCase() });

export const curationQueries = {
  proposals: async (_: unknown, args: Args, ctx: AppContext) =>
    (await ctx.curation.proposals(lower(args.status ?? 'PENDING') as ProposalStatus, args.after ?? '', args.first ?? 50)).map(proposalOut),
  proposal: async (_: unknown, args: Args, ctx: AppContext) => {
    const found = await ctx.curation.proposal(String(args.id));
    return found ? proposalOut(found) : null;
  },
  needingReview: (_: unknown, args: Args, ctx: AppContext) => ctx.curation.needingReview(args.after ?? '', args.first ?? 100),
  history: (_: unknown, args: Args, ctx: AppContext) => ctx.curation.history(String(args.id)),
  relationship: (_: unknown, args: Args, ctx: AppContext, info: GraphQLResolveInfo) =>
    ctx.repo.relationshipById(checkText('id', args.id as string)!, plansBelow(info, ctx), args.includeRetracted === true),
  changes: (_: unknown, args: Args, ctx: AppContext) => ctx.curation.changes(Math.max(0, args.since ?? 0), args.first ?? 100),
};

export const curationMutations = {
  registerSource: async (_: unknown, args: Args, ctx: AppContext) => {
    const registered = await ctx.curation.registerSource(principal(ctx), args.input);
    ctx.graph.observe(registered.version);
    return registered;
  },
  proposeRelationship: async (_: unknown, args: Args, ctx: AppContext) => proposalOut(await ctx.curation.proposeRelationship(principal(ctx), args.input)),
  proposeCitation: async (_: unknown, args: Args, ctx: AppContext) => proposalOut(await ctx.curation.proposeCitation(principal(ctx), args.relationshipId, args.citation)),
  proposeEdit: async (_: unknown, args: Args, ctx: AppContext) => proposalOut(await ctx.curation.proposeEdit(principal(ctx), args.relationshipId, args.edit)),
  proposeRetraction: async (_: unknown, args: Args, ctx: AppContext) => proposalOut(await ctx.curation.proposeRetraction(principal(ctx), args.id, args.reason)),
  reconfirm: async (_: unknown, args: Args, ctx: AppContext) => {
    const change = await ctx.curation.reconfirm(principal(ctx), args.relationshipId, args.comment);
    ctx.graph.observe(change.version);
    return change;
  },
  proposeEntity: async (_: unknown, args: Args, ctx: AppContext) => proposalOut(await ctx.curation.proposeEntity(principal(ctx), args.input)),
  proposeRevert: async (_: unknown, args: Args, ctx: AppContext) => proposalOut(await ctx.curation.proposeRevert(principal(ctx), args.seq, args.reason)),
  proposeMerge: async (_: unknown, args: Args, ctx: AppContext) => proposalOut(await ctx.curation.proposeMerge(principal(ctx), args.keep, args.drop, args.reason)),
  proposeEntityEdit: async (_: unknown, args: Args, ctx: AppContext) => proposalOut(await ctx.curation.proposeEntityEdit(principal(ctx), args.entityId, args.edit, args.reason)),
  proposeFromSource: async (_: unknown, args: Args, ctx: AppContext) => {
    const run = await ctx.proposeFromSource.run(principal(ctx), args.sourceId, args.max);
    return { ...run, proposals: run.proposals.map(proposalOut) };
  },
  review: async (_: unknown, args: Args, ctx: AppContext) => {
    const result = await ctx.curation.review(principal(ctx), String(args.id), args.revision, args.decision, args.comment);
    // The response (header and extensions) names the version the change made.
    if (result.change) ctx.graph.observe(result.change.version);
    return { ...result, proposal: proposalOut(result.proposal) };
  },
};

type Resolve = (parent: unknown, args: Args, ctx: AppContext, info: GraphQLResolveInfo) => unknown;

/**
 * `entity(id:)` for an id merged into another entity: answers the kept one, with `redirectedFrom`, so
 * old links still resolve. One look-up more, only when the id is not a live entity's.
 */
export function followMerges(entity: Resolve): Resolve {
  return async (parent, args, ctx, info) => {
    const found = await entity(parent, args, ctx, info);
    if (found) return found;
    const merged = await ctx.curation.mergedEntity(String(args.id));
    if (!merged) return null;
    const kept = (await entity(parent, { ...args, id: merged.mergedInto }, ctx, info)) as Record<string, unknown> | null;
    return kept ? { ...kept, redirectedFrom: merged } : null;
  };
}

export const curationSubscriptions = {
  changes: {
    // A reconnecting client's Last-Event-ID wins over `since` (src/curation/resume-position.ts).
    subscribe: (_: unknown, args: Args, ctx: AppContext) => ctx.curation.follow(resumePosition(args.since, ctx.request?.headers.get(LAST_EVENT_ID))),
    // The event's SSE id is its seq, whatever fields the subscription selects (useSseEventIds writes it).
    resolve: (change: Change, _: Args, ctx: AppContext) => {
      if (ctx.sseEvent) ctx.sseEvent.id = String(change.seq);
      return change;
    },
  },
};

/** The assistant's mark a proposal's payload carries (src/curation/propose-from-source.ts), if any. */
function assistantMark(p: Proposal) {
  const origin = (JSON.parse(p.payload) as { origin?: { origin: string; version: string; score: number; rules: string[]; action: string } }).origin;
  return origin?.origin === 'assistant' ? { ...origin, action: origin.action.toUpperCase().replace('-', '_') } : null;
}

export const curationTypes = {

  Proposal: {
    origin: (p: Proposal) => (assistantMark(p) ? 'ASSISTANT' : 'PERSON'),
    assistant: (p: Proposal) => assistantMark(p),
    // The preview reads the state now: computed only when asked for.
    preview: (p: Proposal & { kind: string; status: string }, _: Args, ctx: AppContext) =>
      ctx.curation.preview({ ...p, kind: lower(p.kind) as Proposal['kind'], status: lower(p.status) as Proposal['status'] }),
  },
};
