// The hub pages of issue 24 against a running service here: for the ten largest hub countries, the
// timeline's first page with totalCount, and for the ten largest hub entities, the entity page (the
// sweep's own documents, bench/lib/sweep.ts), each asked once (first touch: run it right after a
// restart) and then `--warm` more times (median and max). The hubs are read over Bolt. Loopback only;
// the response cache is bypassed (`Cache-Control: no-cache`), as in the benchmark.
//
//   node --import tsx bench/hub-pages.ts --url http://127.0.0.1:4000 --bolt bolt://127.0.0.1:7687 --password-file <data>/neo4j-password --warm 5
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import neo4j from 'neo4j-driver';
import { ENTITY_DOCUMENT, TIMELINE_DOCUMENT, hubsStatement } from './lib/sweep.ts';
import { isLoopback } from './lib/loopback.ts';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    bolt: { type: 'string' },
    'password-file': { type: 'string' },
    warm: { type: 'string', default: '5' },
  },
});
const url = values.url?.replace(/\/$/, '');
const loopback = isLoopback;
if (!loopback(url) || !loopback(values.bolt) || !values['password-file']) {
  process.stderr.write('hub-pages: --url and --bolt must name services on loopback, and --password-file the Bolt password\n');
  process.exit(2);
}
const warm = Math.min(20, Math.max(0, Number(values.warm) || 0));

async function ask(query: string, variables: Record<string, unknown>): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cache-control': 'no-cache' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { errors?: unknown };
  const ms = performance.now() - started;
  if (body.errors) throw new Error(`${JSON.stringify(variables)}: ${JSON.stringify(body.errors)}`);
  return ms;
}

const driver = neo4j.driver(values.bolt!, neo4j.auth.basic('neo4j', readFileSync(values['password-file']!, 'utf8').trim()));
const hubs = async (label: string) => {
  const session = driver.session({ defaultAccessMode: neo4j.session.READ });
  try {
    return (await session.run(hubsStatement(label, 10))).records.map((r) => ({ id: String(r.get('id')), name: String(r.get('name')), degree: Number(r.get('degree')) }));
  } finally {
    await session.close();
  }
};
const countries = await hubs('Country');
const entities = await hubs('Entity');
await driver.close();

const round = (ms: number) => Math.round(ms * 10) / 10;
const rows: string[] = [];
const firsts: Record<string, number[]> = { timeline: [], entity: [] };
const warms: Record<string, number[]> = { timeline: [], entity: [] };
process.stdout.write(`uptime load before: ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
for (const [kind, list, query, variables] of [
  ['timeline', countries, TIMELINE_DOCUMENT, (id: string) => ({ entity: id })],
  ['entity', entities, ENTITY_DOCUMENT, (id: string) => ({ id })],
] as const) {
  for (const hub of list) {
    const first = await ask(query, variables(hub.id));
    const again: number[] = [];
    for (let i = 0; i < warm; i++) again.push(await ask(query, variables(hub.id)));
    again.sort((a, b) => a - b);
    firsts[kind]!.push(first);
    warms[kind]!.push(...again);
    rows.push(`| ${kind} | ${hub.name} | ${hub.degree} | ${round(first)} | ${again.length ? round(again[Math.floor(again.length / 2)]!) : '–'} | ${again.length ? round(again.at(-1)!) : '–'} |`);
  }
}
process.stdout.write(`uptime load after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n\n`);
process.stdout.write('| page | hub | relationships | first touch ms | warm median ms | warm max ms |\n|---|---|---:|---:|---:|---:|\n');
process.stdout.write(`${rows.join('\n')}\n\n`);
const p99 = (xs: number[]) => (xs.length ? round([...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.99) - 1)]!) : '–');
for (const kind of ['timeline', 'entity']) {
  process.stdout.write(`${kind}: first touch max ${p99(firsts[kind]!)} ms; warm p99 ${p99(warms[kind]!)} ms over ${warms[kind]!.length}\n`);
}
