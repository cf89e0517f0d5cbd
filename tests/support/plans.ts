// Reading execution plans in design tests: every operator of a plan, the plan of a statement (EXPLAIN on
// the test's Neo4j), and the index seeks and scans in it.
import type { CypherQuery, PlanNode } from '../../src/db/executor.ts';
import { CypherDate } from '../../src/db/values.ts';
import { testExecutor } from './database.ts';

/** The plan's operators, the root first. */
export const operators = (plan: PlanNode): PlanNode[] => [plan, ...plan.children.flatMap(operators)];

/** The operators of `query`'s plan with these parameters. */
export const planOf = async (query: CypherQuery, params: Record<string, unknown>) => operators(await testExecutor().explain(query, params));

/** How many index seeks on an index whose details match `index`. */
export const seeks = (ops: PlanNode[], index: RegExp) => ops.filter((o) => /IndexSeek/.test(o.operator) && index.test(o.details)).length;

/** Every scan, as "operator details" (a design test expects none). */
export const scans = (ops: PlanNode[]) => ops.filter((o) => /Scan/.test(o.operator)).map((o) => `${o.operator} ${o.details}`);

/**
 * A parameter's type as Neo4j's plan cache tells them apart (timed on 5.26): null, string, integer, float,
 * boolean and date differ; a list differs only empty against non-empty; a map is a map whatever it holds.
 */
export function cacheType(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (value instanceof CypherDate) return 'DATE';
  if (typeof value === 'string') return 'STRING';
  if (typeof value === 'boolean') return 'BOOLEAN';
  if (typeof value === 'number') return Number.isSafeInteger(value) ? 'INTEGER' : 'FLOAT';
  if (Array.isArray(value)) return value.length === 0 ? 'LIST(empty)' : 'LIST';
  return 'MAP';
}

/** Every parameter with its cache type, in name order: two calls with different signatures are planned apart. */
export const cacheSignature = (params: Record<string, unknown>): string =>
  Object.keys(params)
    .sort()
    .map((key) => `${key}:${cacheType(params[key])}`)
    .join(' ');
