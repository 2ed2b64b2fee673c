import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import type { DuckDBBlobValue } from '@duckdb/node-api';
import { IdahPluginError } from '../../errors.ts';
import type { MediaAccess } from './media-access.ts';
import { isExternalUrl, type MediaLocation } from './media-reads.ts';
import { openMediaUrl, parseMediaUrl } from './media-url.ts';
import { SqlParams } from './sql-params.ts';
import type { UpdDatabase } from './upd-database.ts';

/**
 * Opens a media's bytes: a stored blob (DuckDB hands it out whole, so it is in memory once), or
 * the file or http(s) body its entry's URL points to, streamed. `label` names the media in errors.
 */
export async function openMediaAt(
  database: UpdDatabase,
  location: MediaLocation,
  label: string,
  access: MediaAccess,
): Promise<Readable> {
  if (location.kind === 'row') {
    const blob = await readBlob(database, location.mediaId, location.key);
    if (blob) return Readable.from([blob]);
    if (location.key === '' && isExternalUrl(location.url)) return openUrl(database, location.url, label, access);
  }
  if (location.kind === 'url') return openUrl(database, location.url, label, access);
  const found = location.url ? `url ${JSON.stringify(location.url)}` : 'no url';
  throw new IdahPluginError(
    'SOURCE_READ_FAILED',
    `media ${label}: expected its bytes in medias.blob_data or at a reachable url, found no blob and ${found}`,
    { details: { url: location.url } },
  );
}

/** Relative paths are read from the UPD file's folder, and must stay inside the media root. */
const openUrl = (database: UpdDatabase, url: string, label: string, access: MediaAccess): Promise<Readable> =>
  openMediaUrl(parseMediaUrl(url, dirname(database.path)), url, label, access);

async function readBlob(database: UpdDatabase, mediaId: string, key: string): Promise<Buffer | null> {
  const params = new SqlParams();
  const [blobs = []] = await database.query(
    `SELECT blob_data FROM medias WHERE id = ${params.text(mediaId)} AND key = ${params.text(key)}`,
    params,
  );
  const blob = blobs[0] as DuckDBBlobValue | null | undefined;
  return blob ? Buffer.from(blob.bytes) : null;
}
