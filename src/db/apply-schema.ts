// Applies constraints and indexes (idempotent: every statement is IF NOT EXISTS) and waits for them.
import type { Ontology } from '../ontology/ontology.ts';
import {
  awaitIndexes,
  dropFulltextIndex,
  FULLTEXT_INDEX,
  FULLTEXT_PROPERTIES,
  fulltextIndexProperties,
  schemaStatements,
} from '../cypher/schema.ts';
import type { Executor } from './executor.ts';

export async function applySchema(executor: Executor, ontology: Ontology): Promise<number> {
  const statements = schemaStatements(ontology);
  // A full-text index cannot be altered: when its properties changed, drop it so it is created anew.
  const [existing] = await executor.read(fulltextIndexProperties, { name: FULLTEXT_INDEX });
  if (existing && JSON.stringify(existing.properties) !== JSON.stringify(FULLTEXT_PROPERTIES)) {
    await executor.write(dropFulltextIndex);
  }
  // Schema commands cannot share a transaction with each other's data; run each on its own.
  for (const statement of statements) await executor.write(statement);
  await executor.read(awaitIndexes);
  return statements.length;
}
