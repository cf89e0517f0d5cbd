// scratch: A/B two statements interleaved on the dev Neo4j
import { readFileSync } from 'node:fs';
import neo4j from 'neo4j-driver';
const port = readFileSync('/tmp/lead-neo4j-port', 'utf8').trim();
const driver = neo4j.driver(`bolt://127.0.0.1:${port}`, neo4j.auth.basic('neo4j', ''));
const conv = (p: any) => { for (const [k, v] of Object.entries(p)) if (typeof v === 'number') p[k] = neo4j.int(v as number); return p; };
const specs = process.argv.slice(2).reduce((acc: any[], a, i, all) => (i % 2 === 0 ? [...acc, { text: readFileSync(a, 'utf8'), params: conv(JSON.parse(all[i + 1]!)) }] : acc), []);
const s = driver.session({ defaultAccessMode: neo4j.session.READ });
const times = specs.map(() => [] as number[]);
for (let i = 0; i < 400; i++) for (const [j, spec] of specs.entries()) { const t = performance.now(); await s.executeRead((tx) => tx.run(spec.text, spec.params)); if (i >= 50) times[j]!.push(performance.now() - t); }
for (const [j, ts] of times.entries()) { ts.sort((a, b) => a - b); console.log(`#${j} p50 ${ts[Math.floor(ts.length / 2)]!.toFixed(2)} p90 ${ts[Math.floor(ts.length * 0.9)]!.toFixed(2)}`); }
await s.close(); await driver.close();
