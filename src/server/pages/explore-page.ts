// The explorer's HTML (/explore): the page's skeleton — search, filters, canvas, text list, panels —
// whose behaviour is web/explore/ (bundled with Cytoscape.js into one content-hashed script).
import type { StaticAssets } from '../static/static-assets.ts';

export function renderExplorePage(assets: StaticAssets): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Chokepoint explorer</title>
<link rel="icon" href="${assets.url('favicon')}">
<link rel="stylesheet" href="${assets.url('explore.css')}">
</head>
<body>
<header class="bar">
  <a class="home" href="/">Chokepoint</a>
  <form id="search-form" role="search" autocomplete="off">
    <label for="search">Find an entity</label>
    <input id="search" type="search" placeholder="ASML, Huawei, AI chips… (press /)" aria-controls="search-results" aria-describedby="search-help">
    <ul id="search-results" class="dropdown" role="listbox" aria-label="Search results" hidden></ul>
  </form>
  <form id="path-form" autocomplete="off" aria-label="How is A connected to B">
    <input id="path-from" placeholder="from (ASML)" aria-label="Path from">
    <input id="path-to" placeholder="to (China)" aria-label="Path to">
    <button type="submit">Connect</button>
  </form>
  <div class="actions">
    <button id="export-png" type="button">PNG</button>
    <button id="export-svg" type="button">SVG</button>
    <button id="export-csv" type="button">Edges CSV</button>
    <button id="copy-graphql" type="button">Copy as GraphQL</button>
    <button id="copy-link" type="button">Copy link</button>
    <button id="clear" type="button">Clear</button>
  </div>
</header>
<p id="search-help" class="visually-hidden">Type a name and pick a result; Enter on an entity in the list expands it.</p>
<div id="banner" role="status" hidden></div>
<main>
  <aside id="filters" aria-label="Filters">
    <fieldset id="filter-modality"><legend>Modality</legend></fieldset>
    <fieldset id="filter-types"><legend>Relationship types</legend></fieldset>
    <label>Min. independent sources <input id="filter-min-sources" type="number" min="0" max="1000" value="0"></label>
    <fieldset><legend>Date window</legend>
      <label>from <input id="filter-from" type="date"></label>
      <label>to <input id="filter-to" type="date"></label>
      <small>Undated relationships stay visible.</small>
    </fieldset>
    <div class="legend" aria-hidden="true">
      <div><span class="swatch stated"></span>stated / announced</div>
      <div><span class="swatch tentative"></span>proposed / under consideration</div>
      <div><span class="swatch reported"></span>reported</div>
      <div><span class="swatch denied"></span>denied (struck)</div>
      <div>width: independent sources</div>
      <div><span class="kind actor"></span>actor <span class="kind policy"></span>policy <span class="kind technology"></span>technology</div>
      <div><span class="kind country"></span>country <span class="kind goal"></span>goal</div>
    </div>
  </aside>
  <section id="stage" aria-label="Graph">
    <div id="cy" tabindex="0" role="application" aria-label="Graph canvas: arrow keys move between entities, Enter expands, Space opens the details, Escape closes them" aria-describedby="view-list-heading"></div>
    <p id="status" role="status" aria-live="polite"></p>
  </section>
  <aside id="panel" aria-label="Details" aria-live="polite" hidden></aside>
</main>
<section id="timeline-strip" aria-label="Timeline strip" hidden></section>
<section id="view-list" aria-labelledby="view-list-heading">
  <h2 id="view-list-heading">What the canvas shows</h2>
  <div class="columns">
    <div><h3>Entities</h3><ul id="list-nodes"></ul></div>
    <div><h3>Relationships</h3><ul id="list-edges"></ul></div>
    <div id="routes-list-box" hidden><h3>Routes</h3><ol id="list-routes"></ol></div>
  </div>
</section>
<dialog id="graphql-dialog" aria-label="The GraphQL of this view">
  <p>The queries and variables that rebuild this view's data (POST each to <code>/graphql</code>, or <code>Client.query</code> in the Python client):</p>
  <textarea id="graphql-text" readonly rows="18"></textarea>
  <form method="dialog"><button>Close</button></form>
</dialog>
<script type="module" src="${assets.url('explore.js')}"></script>
</body>
</html>
`;
}
