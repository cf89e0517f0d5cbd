import { readFileSync } from 'node:fs';
import neo4j from 'neo4j-driver';
const port = readFileSync('/tmp/lead-neo4j-port', 'utf8').trim();
const driver = neo4j.driver(`bolt://127.0.0.1:${port}`, neo4j.auth.basic('neo4j', ''));
const text = readFileSync(process.argv[2]!, 'utf8');
const params = JSON.parse(process.argv[3] ?? '{}');
for (const [k, v] of Object.entries(params)) if (typeof v === 'number') (params as any)[k] = neo4j.int(v as number);
const s = driver.session({ defaultAccessMode: neo4j.session.READ });
const times: number[] = [];
for (let i = 0; i < 120; i++) { const t = performance.now(); const r = await s.executeRead((tx) => tx.run(text, params)); if (i >= 20) times.push(performance.now() - t); if (i === 0) console.log('rows', r.records.length, 'bytes~', JSON.stringify(r.records.map((x) => x.toObject()), (k, v) => typeof v === 'bigint' ? Number(v) : v).length); }
times.sort((a, b) => a - b);
console.log('p50', times[50]!.toFixed(2), 'p90', times[90]!.toFixed(2));
await s.close(); await driver.close();
