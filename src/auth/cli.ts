// `npm run keys -- create --name NAME --role ROLE | list | revoke ID`: API keys from the command line,
// for the first admin key and for operators. `create` prints the token once; only its hash is stored.
// Exits 0 when done, 1 on a problem, 2 on bad usage.
import { parseArgs } from 'node:util';
import { GraphQLError } from 'graphql';
import { ConfigError, loadConfig } from '../config/config.ts';
import { applySchema } from '../store/apply-schema.ts';
import { DatabaseUnavailableError } from '../db/errors.ts';
import { openDatabase } from '../db/open-database.ts';
import { loadOntology } from '../ontology/ontology.ts';
import { ApiKeys } from './api-keys.ts';
import { ROLES } from './roles.ts';

const USAGE = `usage: npm run keys -- <command>
  create --name NAME --role ROLE   a new key (ROLE: ${ROLES.join(', ')}); prints the token once
  list                             every key: id, role, name, created, revoked
  revoke ID                        refuse the key from now on (it stays listed)`;

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { name: { type: 'string' }, role: { type: 'string' }, help: { type: 'boolean', default: false } } });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const [command, ...rest] = parsed.positionals;
  const { name, role, help } = parsed.values;
  if (help) {
    console.log(USAGE);
    return 0;
  }
  const usageOk =
    (command === 'create' && rest.length === 0 && name !== undefined && role !== undefined) ||
    (command === 'list' && rest.length === 0) ||
    (command === 'revoke' && rest.length === 1);
  if (!usageOk) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const db = await openDatabase(config, (line) => console.error(line));
  try {
    if (!(await db.executor.awaitAnswer(config.queryTimeoutMs))) {
      console.error(`Neo4j at ${db.connection.uri} did not answer within QUERY_TIMEOUT_MS (${config.queryTimeoutMs} ms); nothing was changed.`);
      return 1;
    }
    await applySchema(db.executor, loadOntology());
    const keys = new ApiKeys(db.executor);
    if (command === 'create') {
      const { key, token } = await keys.create(name, role, 'cli');
      console.error(`created key ${key.id} (${key.role}) for "${key.name}"; the token below is shown only now:`);
      console.log(token);
    } else if (command === 'list') {
      for (let after = ''; ; ) {
        const page = await keys.list(after);
        for (const k of page) {
          console.log([k.id, k.role.padEnd(11), k.createdAt, k.revokedAt ? `revoked ${k.revokedAt}` : 'active', JSON.stringify(k.name)].join('  '));
        }
        if (page.length === 0) break;
        after = page.at(-1)!.id;
      }
    } else {
      const key = await keys.revoke(rest[0], 'cli');
      console.log(`revoked key ${key.id} ("${key.name}") at ${key.revokedAt}`);
    }
    return 0;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof GraphQLError || error instanceof ConfigError || error instanceof DatabaseUnavailableError) console.error(error.message);
    else console.error(`keys failed: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  },
);
