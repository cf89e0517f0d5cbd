import { readFileSync, readdirSync } from 'node:fs';
const dir = process.argv[2], fn = process.argv[3]; const f = readdirSync(dir).find((x) => x.endsWith('.cpuprofile'));
const p = JSON.parse(readFileSync(`${dir}/${f}`, 'utf8'));
const parent = new Map(); for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n);
const dt = {}; for (let i = 0; i < p.samples.length; i++) dt[p.samples[i]] = (dt[p.samples[i]] ?? 0) + (p.timeDeltas[i] ?? 0);
const chains = new Map();
for (const n of p.nodes) if (n.callFrame.functionName === fn) { let s = []; let x = parent.get(n.id); for (let i = 0; x && i < 8; i++, x = parent.get(x.id)) s.push(`${x.callFrame.functionName}@${x.callFrame.url.split('/').slice(-1)[0]}:${x.callFrame.lineNumber}`); const k = s.join(' < '); chains.set(k, (chains.get(k) ?? 0) + (dt[n.id] ?? 0)); }
for (const [k, t] of [...chains].sort((a, b) => b[1] - a[1]).slice(0, 6)) console.log((t / 1000).toFixed(0), 'ms', k);
