import { type Context, Hono } from 'hono';
import { renderPage } from './page.ts';
import { loadStaticBundle, type StaticBundle } from './static-files.ts';

export interface UiOptions {
  /** Where the service's API is mounted. Default `/api/v1/sync`. */
  apiBase?: string;
  /** The page's title and heading. */
  title?: string;
  /** Where the page's files are served from. Default `/ui`. */
  assetPrefix?: string;
}

/** The page may load only what this service serves: no CDN, no inline code, no framing. */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The web page as routes of its own: `GET /` (the page) and `GET {assetPrefix}/:version/:file`
 * (its modules and style sheet, from the package). Mount it outside any auth middleware: the
 * page holds no data, and every API call it makes carries the user's token or cookie.
 */
export function createUiRoutes(options: UiOptions = {}): Hono {
  const apiBase = (options.apiBase ?? '/api/v1/sync').replace(/\/$/, '');
  const assetPrefix = (options.assetPrefix ?? '/ui').replace(/\/$/, '');
  const title = options.title ?? 'idah-plugin Sync Service';
  const bundle = loadStaticBundle();
  const assetBase = `${assetPrefix}/${bundle.version}`;
  const preloads = [...bundle.files.keys()].filter((name) => name.endsWith('.js') && name !== 'app.js');
  const routes = new Hono();

  routes.get('/', async (c) => {
    const body = await renderPage({ apiBase, assetBase, title, preloads });
    return c.html(body, 200, {
      'Cache-Control': 'no-cache',
      'Content-Security-Policy': PAGE_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
  });
  routes.get(`${assetPrefix}/:version/:file`, (c) => serveStatic(c, bundle));
  return routes;
}

/** Adds the page to a service app (any Hono or OpenAPIHono): `mountUi(app, { apiBase })`. */
export function mountUi(app: { route(path: string, routes: Hono): unknown }, options: UiOptions = {}): void {
  app.route('/', createUiRoutes(options));
}

function serveStatic(c: Context, bundle: StaticBundle) {
  const file = bundle.files.get(c.req.param('file') ?? '');
  if (!file) return c.text('not found', 404, { 'Cache-Control': 'no-cache' });
  // An old version's URL still gets today's file, but must not be cached as that version.
  const cacheControl = c.req.param('version') === bundle.version ? IMMUTABLE : 'no-cache';
  const headers = {
    'Content-Type': file.contentType,
    'Cache-Control': cacheControl,
    ETag: file.etag,
    'X-Content-Type-Options': 'nosniff',
  };
  const ifNoneMatch = c.req.header('if-none-match');
  if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === file.etag)) {
    return c.body(null, 304, headers);
  }
  return c.body(new Uint8Array(file.body), 200, { ...headers, 'Content-Length': String(file.body.length) });
}
