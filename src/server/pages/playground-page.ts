// The GraphiQL playground's HTML: a few kilobytes that load GraphiQL's script, styles and editor workers
// as separate, content-hashed, compressed assets (scripts/build-web.mjs) instead of the 9 MB page
// @graphql-yoga/render-graphiql renders with everything inlined. Nothing comes from outside the origin.
import type { GraphiQLOptions } from 'graphql-yoga';
import type { StaticAssets } from '../static/static-assets.ts';
import { escapeHtml, scriptJson } from './html.ts';

export function renderPlaygroundPage(assets: StaticAssets, options: GraphiQLOptions & { title: string }): string {
  const workers = {
    editorWorkerService: assets.url('graphiql-editor-worker.js'),
    json: assets.url('graphiql-json-worker.js'),
    graphql: assets.url('graphiql-graphql-worker.js'),
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(options.title)}</title>
<link rel="icon" href="${assets.url('favicon')}">
<link rel="stylesheet" href="${assets.url('graphiql.css')}">
</head>
<body id="body" class="no-focus-outline">
<noscript>You need to enable JavaScript to run this app.</noscript>
<div id="root"></div>
<script>
// Monaco asks for its workers by label; they are same-origin files, cached like the rest.
self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (moduleId, label) => (${scriptJson(workers)})[label] };
</script>
<script src="${assets.url('graphiql.js')}"></script>
<script>YogaGraphiQL.renderYogaGraphiQL(document.querySelector('#root'), ${scriptJson(options)});</script>
</body>
</html>
`;
}
