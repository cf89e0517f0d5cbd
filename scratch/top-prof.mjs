import { readFileSync, readdirSync } from 'node:fs';
const dir = process.argv[2]; const f = readdirSync(dir).find((x) => x.endsWith('.cpuprofile'));
const p = JSON.parse(readFileSync(`${dir}/${f}`, 'utf8'));
const self = new Map(); const byId = new Map(p.nodes.map((n) => [n.id, n]));
const dt = {}; for (let i = 0; i < p.samples.length; i++) dt[p.samples[i]] = (dt[p.samples[i]] ?? 0) + (p.timeDeltas[i] ?? 0);
let total = 0;
for (const n of p.nodes) { const t = dt[n.id] ?? 0; total += t; const cf = n.callFrame; const k = `${cf.functionName || '(anon)'} ${cf.url.replace(/.*node_modules\//, '').replace(/.*wt\/lead\//, '')}:${cf.lineNumber}`; self.set(k, (self.get(k) ?? 0) + t); }
// aggregate by file
const byFile = new Map(); for (const [k, t] of self) { const file = k.split(' ')[1].replace(/:\d+$/, '').replace(/^(graphql|neo4j-driver-bolt-connection|neo4j-driver-core|graphql-yoga|@whatwg-node[^/]*|undici)\/.*/, '$1'); byFile.set(file, (byFile.get(file) ?? 0) + t); }
console.log('total ms', (total / 1000).toFixed(0));
for (const [k, t] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log((t / total * 100).toFixed(1).padStart(5), k);
console.log('---');
for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log((t / total * 100).toFixed(1).padStart(5), k);
