// Where the project's own files are (the ontology, the GraphQL schema, the seed, the Neo4j launcher),
// located from this one module: it sits one folder below the project's root, and so does each
// production bundle built from it (dist/*.mjs, scripts/bundle.mjs), so the same relative URL holds
// whether the code runs from src/ through tsx or from a bundle.
import { fileURLToPath } from 'node:url';

const ROOT = new URL('../', import.meta.url);

/** The absolute path of `relative` inside the project (a trailing `/` is kept: `projectPath('seed/')`). */
export const projectPath = (relative: string): string => fileURLToPath(new URL(relative, ROOT));
