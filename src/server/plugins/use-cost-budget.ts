// A budget of estimated cost per client: each client (its remote address; behind a proxy the address
// the proxy reports, when trusted) has a token bucket that refills at `costPerMinute` a minute and holds
// at most that much. A query is charged its cost estimate (src/graphql/query-cost.ts) before it runs;
// when the bucket cannot pay, the answer is 429 RATE_LIMITED with Retry-After. Buckets live in this
// process: two processes behind one address give a client twice the budget. A request with an API key
// (src/auth/use-auth.ts) is charged to its key instead of its address.
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import { ErrorCode } from '../../errors/api-errors.ts';
import { operationCost, type CostModel } from '../../graphql/query-cost.ts';
import { clientOf, type ClientContext } from '../../net/client-address.ts';
import { actorOf } from '../../auth/roles.ts';

export interface CostBudgetOptions {
  /** Estimated cost a client may spend per minute (also the most it can save up); 0 turns budgets off. @default 3000000 (RATE_LIMIT_COST_PER_MINUTE) */
  costPerMinute: number;
  /** Take the client's address from the last X-Forwarded-For entry (set by one trusted reverse proxy). @default false (TRUST_PROXY) */
  trustProxy: boolean;
  costModel: CostModel;
  /** Clients remembered at once; the least recent are forgotten (and start again with a full bucket). @default 10000 */
  maxClients?: number;
  /** The clock, in ms (tests pass their own). @default Date.now */
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export function useCostBudget({ costPerMinute, trustProxy, costModel, maxClients = 10_000, now = Date.now }: CostBudgetOptions): Plugin {
  if (costPerMinute <= 0) return {};
  const perMs = costPerMinute / 60_000;
  const buckets = new LRUCache<string, Bucket>({ max: maxClients });
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const estimate = operationCost(costModel, args.document, args.operationName, args.variableValues as Record<string, unknown>);
      // Every operation costs at least 1, so floods of cheap queries are bounded too; a query dearer
      // than a whole minute's budget needs a full bucket.
      const charge = Math.min(Math.max(estimate?.cost ?? 1, 1), costPerMinute);
      // A request with an API key spends its key's budget, wherever it comes from.
      const principal = (args.contextValue as { principal?: { keyId: string } | null }).principal;
      const client = principal ? actorOf(principal) : clientOf(args.contextValue as ClientContext, trustProxy);
      const time = now();
      const bucket = buckets.get(client) ?? { tokens: costPerMinute, at: time };
      bucket.tokens = Math.min(costPerMinute, bucket.tokens + (time - bucket.at) * perMs);
      bucket.at = time;
      buckets.set(client, bucket);
      if (bucket.tokens >= charge) {
        bucket.tokens -= charge;
        return;
      }
      const retryAfter = Math.ceil((charge - bucket.tokens) / perMs / 1000);
      setResultAndStopExecution({
        errors: [
          new GraphQLError(
            `Too much at once from ${client}: this query's estimated cost is ${charge}, and ${Math.floor(bucket.tokens)} of the ` +
              `${costPerMinute} allowed per minute remain. Retry in ${retryAfter} s, or ask for smaller pages.`,
            {
              extensions: {
                code: ErrorCode.RATE_LIMITED,
                cost: charge,
                remaining: Math.floor(bucket.tokens),
                costPerMinute,
                retryAfterSeconds: retryAfter,
                http: { status: 429, headers: { 'Retry-After': String(retryAfter) } },
              },
            },
          ),
        ],
      });
    },
  };
}
