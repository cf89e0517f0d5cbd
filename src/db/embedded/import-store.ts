// Writes the store of the embedded Neo4j's database from CSV files, offline, with Neo4j's own bulk
// importer (`neo4j-admin database import full`, the AdminTool of the launcher's classpath) — into the
// layout the launcher opens (<data dir>/data/databases/neo4j). Only for a database no JVM holds open:
// the importer takes the store lock and refuses otherwise. See docs/decisions/0013-bulk-import.md.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureLauncherBuilt, LauncherSetupError, requireTool } from './build-launcher.ts';

export interface StoreImport {
  /** The embedded Neo4j's data folder (NEO4J_EMBEDDED_DATA_DIR). */
  dataDir: string;
  /** Where the importer's own configuration, report and output go (a scratch folder of the load). */
  workDir: string;
  nodes: readonly string[];
  relationships: readonly string[];
  arrayDelimiter: string;
  /** Values span lines: parse multi-line fields (single-threaded parsing). */
  multiline: boolean;
  /** The importer JVM's heap in MiB (its caches are off-heap). */
  heapMb: number;
  log?: (line: string) => void;
}

const ADMIN_TOOL = 'org.neo4j.cli.AdminTool';
const TAIL_LINES = 30;

export async function importStore(options: StoreImport): Promise<void> {
  const log = options.log ?? (() => {});
  const build = await ensureLauncherBuilt(log);
  requireTool('java');
  const dataDir = resolve(options.dataDir);
  const workDir = resolve(options.workDir);
  const confDir = join(workDir, 'conf');
  mkdirSync(confDir, { recursive: true });
  // The importer reads <NEO4J_CONF>/neo4j.conf and writes under <NEO4J_HOME>/data: the launcher's layout.
  writeFileSync(join(confDir, 'neo4j.conf'), '# written by the bulk load; the defaults put the store under NEO4J_HOME/data\n');
  const args = [
    `-Xmx${options.heapMb}m`,
    '-cp',
    build.classpath,
    ADMIN_TOOL,
    'database',
    'import',
    'full',
    ...options.nodes.map((file) => `--nodes=${file}`),
    ...options.relationships.map((file) => `--relationships=${file}`),
    `--array-delimiter=${options.arrayDelimiter}`,
    `--multiline-fields=${options.multiline}`,
    // The load checked every row and endpoint before writing the files: any bad line is a bug, not data to skip.
    '--bad-tolerance=0',
    `--report-file=${join(workDir, 'import.report')}`,
    '--overwrite-destination=true',
    'neo4j',
  ];
  const outputPath = join(workDir, 'import-output.log');
  const output = createWriteStream(outputPath);
  output.on('error', () => {});
  const tail: string[] = [];
  log(`importing ${options.nodes.length + options.relationships.length} files into ${join(dataDir, 'data', 'databases', 'neo4j')} (importer output: ${outputPath})`);
  const code = await new Promise<number | null>((done, fail) => {
    const child = spawn('java', args, { env: { ...process.env, NEO4J_HOME: dataDir, NEO4J_CONF: confDir }, stdio: ['ignore', 'pipe', 'pipe'] });
    // One per stream: a line's end may come with the stream's next chunk.
    const keeper = () => {
      let partial = '';
      return (chunk: Buffer) => {
        output.write(chunk);
        const lines = (partial + chunk.toString()).split('\n');
        partial = lines.pop()!;
        for (const line of lines) {
          const trimmed = line.trim();
          if (trimmed === '' || /^[.\-\s]*\d+%/.test(trimmed) || /^[.\s-]+$/.test(trimmed)) continue;
          tail.push(trimmed);
          if (tail.length > TAIL_LINES) tail.shift();
          if (/^\(\d\/\d\)|IMPORT DONE|COMPLETED/.test(trimmed)) log(`  importer: ${trimmed}`);
        }
      };
    };
    child.stdout.on('data', keeper());
    child.stderr.on('data', keeper());
    child.once('error', (error) => fail(new LauncherSetupError(`could not run java for the import: ${error.message}`)));
    child.once('close', done);
  });
  output.end();
  if (code !== 0) {
    throw new LauncherSetupError(`the bulk import failed (exit code ${code}); the database was not opened. Read ${outputPath}. Last output:\n${tail.slice(-15).join('\n')}`);
  }
}
