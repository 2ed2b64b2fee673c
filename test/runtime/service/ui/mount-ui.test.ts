import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { mountUi, PAGE_CSP } from '../../../../runtime/service/ui/mount-ui.ts';
import { loadStaticBundle, STATIC_FILE_NAMES } from '../../../../runtime/service/ui/static-files.ts';

function appWithUi() {
  const app = new Hono();
  mountUi(app, { apiBase: '/api/v1/sync/' });
  return app;
}

const assetUrls = (page: string) => [...page.matchAll(/(?:src|href)="(\/ui\/[^"]+)"/g)].map((match) => match[1] as string);

describe('the web page and its files', () => {
  it('serves the page as HTML with a CSP that allows only this origin, and the API base it talks to', async () => {
    const response = await appWithUi().request('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(response.headers.get('content-security-policy')).toBe(PAGE_CSP);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const page = await response.text();
    expect(page).toContain('data-api-base="/api/v1/sync"');
    expect(page).toMatch(/<html lang="en">/);
    // Nothing the page loads points elsewhere.
    expect(page).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
    const { version } = loadStaticBundle();
    // The entry module, the style sheet, and every other module preloaded.
    const modules = STATIC_FILE_NAMES.filter((name) => name.endsWith('.js'));
    expect(assetUrls(page).sort()).toEqual([...modules, 'style.css'].map((name) => `/ui/${version}/${name}`).sort());
    expect(page).toContain(`<script type="module" src="/ui/${version}/app.js"></script>`);
  });

  it('serves every module and the style sheet with its content type, an ETag and immutable caching', async () => {
    const app = appWithUi();
    const { version } = loadStaticBundle();
    for (const name of STATIC_FILE_NAMES) {
      const response = await app.request(`/ui/${version}/${name}`);
      expect(response.status, name).toBe(200);
      expect(response.headers.get('content-type')).toBe(name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      const body = Buffer.from(await response.arrayBuffer());
      expect(Number(response.headers.get('content-length'))).toBe(body.length);
      const etag = response.headers.get('etag') as string;
      expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
      const again = await app.request(`/ui/${version}/${name}`, { headers: { 'If-None-Match': etag } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
    }
  });

  it('keeps every import between the modules inside the bundle', async () => {
    const { files } = loadStaticBundle();
    for (const file of files.values()) {
      for (const [, target] of file.body.toString('utf8').matchAll(/^import .* from '([^']+)';$/gm)) {
        expect(files.has((target as string).replace(/^\.\//, '')), `${file.name} imports ${target}`).toBe(true);
      }
    }
  });

  it('serves an older version’s URL without letting it be cached, and refuses unknown files', async () => {
    const app = appWithUi();
    const stale = await app.request('/ui/0123456789ab/app.js');
    expect(stale.status).toBe(200);
    expect(stale.headers.get('cache-control')).toBe('no-cache');
    const missing = await app.request(`/ui/${loadStaticBundle().version}/..%2Fpage.ts`);
    expect(missing.status).toBe(404);
    const unknown = await app.request(`/ui/${loadStaticBundle().version}/secrets.json`);
    expect(unknown.status).toBe(404);
  });

  it('answers HEAD with the headers and no body', async () => {
    const { version } = loadStaticBundle();
    const response = await appWithUi().request(`/ui/${version}/style.css`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await response.text()).toBe('');
  });
});
