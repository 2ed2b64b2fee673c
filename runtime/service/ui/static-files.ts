import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** A file the page loads, read once from the package and kept in memory with its validators. */
export interface StaticFile {
  name: string;
  body: Buffer;
  contentType: string;
  /** A strong validator over the bytes. */
  etag: string;
}

export interface StaticBundle {
  files: ReadonlyMap<string, StaticFile>;
  /** Short hash over every file: part of their URLs, so a new release never meets a stale cache. */
  version: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** The page's modules and style sheet, shipped beside this file (no build step). */
export const STATIC_FILE_NAMES = ['app.js', 'context.js', 'export-form.js', 'jobs.js', 'api.js', 'options-form.js', 'render.js', 'style.css'] as const;

const staticDir = new URL('./static/', import.meta.url);

export function loadStaticBundle(names: readonly string[] = STATIC_FILE_NAMES): StaticBundle {
  const files = new Map<string, StaticFile>();
  const whole = createHash('sha256');
  for (const name of names) {
    const body = readFileSync(new URL(name, staticDir));
    const extension = name.slice(name.lastIndexOf('.'));
    const contentType = CONTENT_TYPES[extension];
    if (!contentType) throw new Error(`static file ${name}: no content type for "${extension}"`);
    const digest = createHash('sha256').update(body).digest('base64url');
    files.set(name, { name, body, contentType, etag: `"${digest.slice(0, 27)}"` });
    whole.update(name).update(digest);
  }
  return { files, version: whole.digest('hex').slice(0, 12) };
}
