// scratch: run Cypher from argv/stdin against the dev Neo4j, print rows or the plan
import { readFileSync } from 'node:fs';
import neo4j from 'neo4j-driver';
const port = readFileSync('/tmp/lead-neo4j-port', 'utf8').trim();
const driver = neo4j.driver(`bolt://127.0.0.1:${port}`, neo4j.auth.basic('neo4j', ''));
const text = process.argv[2] ?? readFileSync(0, 'utf8');
const params = process.argv[3] ? JSON.parse(process.argv[3]) : {};
const s = driver.session();
try {
  const r = await s.run(text, params);
  const plan = r.summary.profile || r.summary.plan;
  if (plan) {
    const show = (p: any, d = 0) => { console.log('  '.repeat(d) + p.operatorType + ' ' + (p.arguments?.Details ?? '') + (p.dbHits !== undefined ? ` [hits ${p.dbHits}, rows ${p.rows}]` : '') + (p.arguments?.Order ? ` order=${p.arguments.Order}`: '')); for (const c of p.children) show(c, d + 1); };
    show(plan);
  }
  for (const rec of r.records.slice(0, 30)) console.log(JSON.stringify(rec.toObject(), (k, v) => (typeof v === 'bigint' ? Number(v) : v && v.low !== undefined && v.high !== undefined ? v.low : v)));
  console.log(`${r.records.length} rows, ${r.summary.resultAvailableAfter}+${r.summary.resultConsumedAfter} ms`);
} finally { await s.close(); await driver.close(); }
