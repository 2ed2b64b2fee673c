import { Readable } from 'node:stream';
import type { Context, Hono } from 'hono';
import { isIdahPluginError } from '../../errors.ts';
import type { ExportRow } from '../../queue/job-store.ts';
import { contentDisposition } from '../../storage/content-disposition.ts';
import { requirePermission } from '../auth/authenticate.ts';
import { ApiError } from '../http/api-error.ts';
import { parseByteRange } from '../http/byte-range.ts';
import { rejectUnknownParams } from '../http/list-query.ts';
import type { ServiceContext, ServiceEnv } from '../service-context.ts';

const PRESIGNED_SECONDS = 300;
/**
 * A client that cannot follow a cross-origin redirect (a page's `fetch` with a bearer token)
 * asks for the presigned URL itself with this `Accept`.
 */
export const DOWNLOAD_URL_TYPE = 'application/vnd.idah-plugin.download-url+json';

const quoted = (etag: string) => (etag.startsWith('"') || etag.startsWith('W/') ? etag : `"${etag}"`);

/** `If-None-Match` matches when any listed tag (or `*`) is this one; weak comparison, as RFC 9110 asks for it. */
const matchesAny = (header: string | undefined, etag: string) =>
  header !== undefined &&
  header.split(',').some((tag) => {
    const value = tag.trim();
    return value === '*' || value.replace(/^W\//, '') === quoted(etag);
  });

/** Why an export has no file to send: 409 while its job runs, 410 once removed, 404 when it wrote none. */
async function fileOf(context: ServiceContext, row: ExportRow): Promise<{ key: string; filename: string }> {
  if (row.status === 'expired') throw new ApiError(410, 'EXPORT_GONE', `export ${row.id} expired${row.expires_at ? ` at ${row.expires_at}` : ''}; export again`);
  if (row.status === 'deleted') throw new ApiError(410, 'EXPORT_GONE', `export ${row.id} was deleted${row.deleted_at ? ` at ${row.deleted_at}` : ''}`);
  if (!row.file_id) {
    const job = await context.store.getJob(row.job_id);
    if (job && job.status !== 'completed') {
      throw new ApiError(409, 'EXPORT_NOT_READY', `export ${row.id} has no file yet: its job ${job.id} is ${job.status}${job.error ? ` (${job.error})` : ''}`);
    }
    throw new ApiError(404, 'NOT_FOUND', `export ${row.id} finished without a file (the exporter wrote none)`);
  }
  return { key: row.file_id, filename: row.filename ?? `export-${row.id}` };
}

async function download(c: Context<ServiceEnv>, context: ServiceContext, head: boolean): Promise<Response> {
  requirePermission(c, 'read', 'sync:exports');
  rejectUnknownParams(c.req.queries());
  const row = await context.store.getExport(c.req.param('id') as string);
  if (!row) throw new ApiError(404, 'NOT_FOUND', `no export ${c.req.param('id')}`);
  const file = await fileOf(context, row);

  if ((context.redirectDownloads ?? true) && context.storage.downloadUrl) {
    const url = await context.storage.downloadUrl(file.key, { filename: file.filename, expiresInSeconds: PRESIGNED_SECONDS });
    if (url) {
      c.header('Cache-Control', 'no-store');
      if ((c.req.header('accept') ?? '').includes(DOWNLOAD_URL_TYPE)) {
        c.header('Content-Type', DOWNLOAD_URL_TYPE);
        return c.body(JSON.stringify({ url, expires_in: PRESIGNED_SECONDS }));
      }
      return c.redirect(url, 302);
    }
  }
  const stored = await context.storage.stat(file.key);
  if (!stored) throw new ApiError(410, 'EXPORT_GONE', `the file of export ${row.id} is no longer in ${context.storage.description}`);
  const etag = quoted(row.etag ?? stored.etag);
  const headers: Record<string, string> = {
    'Content-Type': row.mime_type ?? stored.mimeType,
    'Content-Disposition': contentDisposition(file.filename),
    'Accept-Ranges': 'bytes',
    ETag: etag,
    'Cache-Control': 'private, no-cache',
  };
  if (matchesAny(c.req.header('if-none-match'), etag)) return new Response(null, { status: 304, headers: { ETag: etag } });

  const ifRange = c.req.header('if-range');
  const range = ifRange && ifRange !== etag ? undefined : parseByteRange(c.req.header('range'), stored.size);
  if (range === 'unsatisfiable') {
    throw new ApiError(416, 'RANGE_NOT_SATISFIABLE', `range ${c.req.header('range')} is outside the file's ${stored.size} bytes`, {
      headers: { 'Content-Range': `bytes */${stored.size}` },
    });
  }
  const status = range ? 206 : 200;
  const length = range ? range.end - range.start + 1 : stored.size;
  headers['Content-Length'] = String(length);
  if (range) headers['Content-Range'] = `bytes ${range.start}-${range.end}/${stored.size}`;
  if (head) return new Response(null, { status, headers });
  let body: Readable;
  try {
    body = await context.storage.get(file.key, range);
  } catch (error) {
    if (isIdahPluginError(error, 'STORAGE_NOT_FOUND')) throw new ApiError(410, 'EXPORT_GONE', `the file of export ${row.id} is gone`);
    throw error;
  }
  return new Response(Readable.toWeb(body) as ReadableStream, { status, headers });
}

/**
 * `GET|HEAD /exports/:id/download`: streamed, `Content-Length`, RFC 6266/5987 name, one
 * `Range` (206, 416), `ETag` with `If-None-Match` (304); a 302 to a presigned URL when the
 * storage is S3.
 */
export function registerDownload(api: Hono<ServiceEnv>, context: ServiceContext): void {
  // Hono answers HEAD with the GET route; the handler skips opening the body then.
  api.get('/exports/:id/download', (c) => download(c, context, c.req.method === 'HEAD'));
}
