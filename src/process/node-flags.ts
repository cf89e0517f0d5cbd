// Node's own flags for the API process: `npm start`, the Dockerfile and the benchmark's servers run it
// with these (tests/unit/docker-compose.test.ts holds them to it).
//
// A larger young generation: each request allocates megabytes that die with it (a 20-policy headline
// page decodes ~100 KB of citations into objects), so with V8's default 16 MB semi-spaces the API
// scavenged every few requests. With 64 MB, measured on M (two API processes on one Neo4j, requests
// interleaved; docs/performance.md "Session 10"): scavenges 150 → 52 and GC time −42 % over the same
// requests, the slowest requests shorter, and 8–21 % more throughput at 16 clients
// (decision 0040). 128 MB measured
// the same as 64.
export const API_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
