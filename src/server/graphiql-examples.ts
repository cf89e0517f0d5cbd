// The playground's opening tabs: the example operations in schema/graphql/examples, in file order
// (the headline query first). The same files are run by the tests, so every tab is known to work.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectPath } from '../project-root.ts';

export const EXAMPLES_DIR = projectPath('schema/graphql/examples/');

export interface Example {
  file: string;
  query: string;
}

export function loadExamples(dir: string = EXAMPLES_DIR): Example[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => ({ file, query: readFileSync(join(dir, file), 'utf8') }));
}
