// Reading execution plans in design tests: every operator of a plan, the plan of a statement (EXPLAIN on
// the test's Neo4j), and the index seeks and scans in it.
import type { CypherQuery, PlanNode } from '../../src/db/executor.ts';
import { testExecutor } from './database.ts';

/** The plan's operators, the root first. */
export const operators = (plan: PlanNode): PlanNode[] => [plan, ...plan.children.flatMap(operators)];

/** The operators of `query`'s plan with these parameters. */
export const planOf = async (query: CypherQuery, params: Record<string, unknown>) => operators(await testExecutor().explain(query, params));

/** How many index seeks on an index whose details match `index`. */
export const seeks = (ops: PlanNode[], index: RegExp) => ops.filter((o) => /IndexSeek/.test(o.operator) && index.test(o.details)).length;

/** Every scan, as "operator details" (a design test expects none). */
export const scans = (ops: PlanNode[]) => ops.filter((o) => /Scan/.test(o.operator)).map((o) => `${o.operator} ${o.details}`);
