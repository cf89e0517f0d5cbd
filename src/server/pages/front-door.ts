// `/`: a small page that says what the service is and links its doors — the playground (when it is
// on), the explorer, the exports' manifest, the health probes and the documentation in the repository.
import type { StaticAssets } from '../static/static-assets.ts';

export function renderFrontDoor(assets: StaticAssets, options: { playground: boolean }): string {
  const playground = options.playground
    ? `<li><a href="/graphql">GraphQL playground</a> — ask questions in GraphiQL, with example queries to start from.</li>`
    : `<li>GraphQL API at <code>/graphql</code> (POST JSON). The playground is off here; <code>GRAPHIQL=true</code> turns it on.</li>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Chokepoint</title>
<link rel="icon" href="${assets.url('favicon')}">
<link rel="stylesheet" href="${assets.url('front-door.css')}">
</head>
<body>
<main>
<h1>Chokepoint</h1>
<p>Who restricts, promotes or depends on which technologies — and where each fact is written down.
Every relationship is cited: a source, a verbatim quote, and how the source asserts it.</p>
<ul class="doors">
${playground}
<li><a href="/explore">Explorer</a> — see the network, follow a connection, read the quotes behind each edge.</li>
<li><a href="/export/manifest.json">Exports' manifest</a> — the bulk files (CSV, JSON Lines, Parquet, GraphML), their row counts and columns.</li>
<li><a href="/ready">/ready</a> and <a href="/health">/health</a> — is the service ready, is it alive.</li>
</ul>
<h2>Documentation</h2>
<p>In the repository: <code>README.md</code> (quick start), <code>docs/api.md</code> (every query and its limits),
<code>docs/explorer.md</code>, <code>docs/analytics.md</code> (pandas, BI tools, the Python client),
<code>docs/operations.md</code>, <code>docs/data-guide.md</code>.</p>
</main>
</body>
</html>
`;
}
