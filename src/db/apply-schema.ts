// Applies constraints and indexes: only the missing ones are created (each statement is also
// IF NOT EXISTS), so a start against a ready database costs one query instead of one per statement.
import type { Ontology } from '../ontology/ontology.ts';
import {
  awaitIndexes,
  dropFulltextIndex,
  dropRetiredIndexes,
  existingIndexes,
  FULLTEXT_INDEX,
  FULLTEXT_PROPERTIES,
  schemaObjectName,
  schemaStatements,
} from '../cypher/schema.ts';
import type { Executor } from './executor.ts';

/** Returns the number of statements run. */
export async function applySchema(executor: Executor, ontology: Ontology): Promise<number> {
  const existing = new Map((await executor.read(existingIndexes)).map((row) => [String(row.name), row.properties]));
  // A full-text index cannot be altered: when its properties changed, drop it so it is created anew.
  const fulltext = existing.get(FULLTEXT_INDEX);
  if (fulltext && JSON.stringify(fulltext) !== JSON.stringify(FULLTEXT_PROPERTIES)) {
    await executor.write(dropFulltextIndex);
    existing.delete(FULLTEXT_INDEX);
  }
  for (const retired of dropRetiredIndexes) {
    if (existing.has(retired.name)) await executor.write(retired.statement);
  }
  const missing = schemaStatements(ontology).filter((statement) => !existing.has(schemaObjectName(statement)));
  // Schema commands cannot share a transaction with each other; run each on its own.
  for (const statement of missing) await executor.write(statement);
  if (missing.length > 0) await executor.read(awaitIndexes);
  return missing.length;
}
