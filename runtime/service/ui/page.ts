import { html } from 'hono/html';

export interface PageOptions {
  /** Where the API lives, e.g. `/api/v1/sync`. */
  apiBase: string;
  /** Where the static files live, version included, e.g. `/ui/3f2a…`. */
  assetBase: string;
  title: string;
  /** The modules app.js imports: preloaded, so they come in one round trip, not a chain. */
  preloads: readonly string[];
}

/**
 * The page's frame, rendered on the server: every landmark, heading, form and live region is
 * here, so the modules only fill in data. No inline script or style (the CSP forbids them).
 */
export function renderPage({ apiBase, assetBase, title, preloads }: PageOptions) {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${assetBase}/style.css">
<script type="module" src="${assetBase}/app.js"></script>
${preloads.map((name) => html`<link rel="modulepreload" href="${assetBase}/${name}">
`)}
</head>
<body data-api-base="${apiBase}">
<a class="skip-link" href="#main">Skip to the content</a>
<header class="top">
  <h1>${title}</h1>
  <p id="connection" class="connection" data-mode="offline" role="status">Connecting…</p>
  <button id="auth-toggle" type="button" class="secondary" aria-expanded="false" aria-controls="auth">Access token</button>
</header>
<section id="auth" class="panel" aria-labelledby="auth-heading" hidden>
  <h2 id="auth-heading">Access token</h2>
  <p id="auth-message" class="field-error" hidden></p>
  <form id="auth-form">
    <div class="field">
      <label for="token">Token</label>
      <p id="token-hint" class="hint">Kept in this tab only (sessionStorage) and sent as <code>Authorization: Bearer</code>.</p>
      <input id="token" name="token" type="password" autocomplete="off" aria-describedby="token-hint" required>
    </div>
    <p id="auth-state" class="hint"></p>
    <div class="actions">
      <button type="submit" class="primary">Use this token</button>
      <button id="auth-forget" type="button" hidden>Forget the token</button>
    </div>
  </form>
</section>
<p id="notice" class="notice" role="alert" hidden></p>
<p id="announcer" class="visually-hidden" aria-live="polite" aria-atomic="true"></p>
<main id="main">
  <section id="start" class="panel" aria-labelledby="start-heading">
    <h2 id="start-heading">Start an export</h2>
    <form id="export-form" novalidate>
      <fieldset>
        <legend>Datasets</legend>
        <p id="datasets-error" class="field-error" hidden></p>
        <div id="dataset-choices" class="choices"><p class="hint">Loading…</p></div>
        <button id="datasets-all" type="button" class="link" hidden>Select all / none</button>
      </fieldset>
      <div class="field">
        <label for="format">Format</label>
        <select id="format" name="exporter" aria-describedby="format-description format-error"><option value="">Loading…</option></select>
        <p id="format-description" class="hint"></p>
        <p id="format-error" class="field-error" hidden></p>
      </div>
      <fieldset id="options" hidden>
        <legend>Options</legend>
        <div id="options-fields"></div>
      </fieldset>
      <p id="form-error" class="field-error form-error" hidden></p>
      <button id="start-button" type="submit" class="primary">Start export</button>
    </form>
  </section>
  <section class="panel" aria-labelledby="jobs-heading">
    <h2 id="jobs-heading" tabindex="-1">Exports and jobs <span id="jobs-count" class="count"></span></h2>
    <p id="jobs-empty" class="hint">No exports yet.</p>
    <ol id="jobs" class="jobs"></ol>
  </section>
  <section class="panel" aria-labelledby="formats-heading">
    <h2 id="formats-heading">Formats</h2>
    <div id="formats"><p class="hint">Loading…</p></div>
  </section>
  <section class="panel" aria-labelledby="broken-heading">
    <h2 id="broken-heading">Broken plugins <span id="broken-count" class="count"></span></h2>
    <ul id="broken" class="broken-list"><li class="hint">Loading…</li></ul>
  </section>
</main>
<noscript><p class="panel">This page needs JavaScript. The API is at <code>${apiBase}</code>.</p></noscript>
</body>
</html>`;
}
