import type { EntryRecord, MediaRecord } from '../../records.ts';
import { rowToMedia } from '../../upd/mapping.ts';
import { readRecord } from '../invalid-record.ts';
import { type MediaFilter, mediaMatches } from '../filters.ts';
import { compareCodePoints, entriesCondition } from './batch-keys.ts';
import { mediaFilterConditions } from './filter-sql.ts';
import { ENTRY_RESOURCE_SQL, LINKED_MEDIA_ID_SQL } from './media-link-sql.ts';
import { fileNameOfUrl } from './media-url.ts';
import { allOf, SqlParams } from './sql-params.ts';
import type { UpdDatabase } from './upd-database.ts';

/**
 * Where a media's bytes are: a medias row (its blob; without one, for the original, the entry's
 * external URL), only the entry's external URL, or nowhere (`url` then says what was there).
 */
export type MediaLocation = (
  | { kind: 'row'; mediaId: string; key: string; url: string | null }
  | { kind: 'url'; url: string }
  | { kind: 'none'; url: string | null }
) & { /** The first entry (by id) whose media this is, for messages. */ entryId?: string };

/** A URL other than `local:`, which names rows of the file itself. */
export const isExternalUrl = (mediaUrl: string | null): mediaUrl is string => !!mediaUrl && !mediaUrl.startsWith('local:');

export interface MediasOfBatch {
  /** Keyed by the entries' resource; every resource of the batch has a list, maybe empty. */
  medias: Map<string, MediaRecord[]>;
  locations: Map<MediaRecord, MediaLocation>;
}

/**
 * The medias of a batch of entries in one query, which never touches `blob_data` (blobs are read
 * only when a media is opened). The rows are found by a semi join on the batch's media ids
 * (`matched`), whose range DuckDB pushes into the medias scan: joined to the batch directly, the
 * left join built its hash table from the whole medias table, every batch (85 ms of CPU per batch
 * of 1,000 at 300k medias, against 22 ms). A resource whose entry has an external URL (file, path, http) and
 * no stored original (key "") gets one media for that URL, filtered in JS by the same predicate.
 */
export async function readMediasOf(
  database: UpdDatabase,
  entries: readonly EntryRecord[],
  filter: MediaFilter,
  consecutive = false,
): Promise<MediasOfBatch> {
  const result: MediasOfBatch = { medias: new Map(), locations: new Map() };
  if (entries.length === 0) return result;
  const params = new SqlParams();
  const batch = entriesCondition(entries, 'id', params, consecutive);
  const [resources = [], mediaUrls = [], ids = [], keys = [], mediaTypes = [], metadatas = [], hasOriginals = [], entryIds = []] =
    await database.query(
      `WITH batch AS (
         SELECT id AS entry_id, media_url, ${ENTRY_RESOURCE_SQL} AS resource FROM entries WHERE ${batch}
       ), linked AS (
         SELECT entry_id, media_url, resource, ${LINKED_MEDIA_ID_SQL} AS media_id FROM batch WHERE resource IS NOT NULL
       ), matched AS (
         SELECT m.id, m.key, m.media_type, m.metadata FROM medias m
         WHERE m.id IN (SELECT media_id FROM linked) AND ${allOf(mediaFilterConditions(filter, params, 'm'))}
       )
       SELECT l.resource, l.media_url, m.id, m.key, m.media_type, m.metadata,
              EXISTS (SELECT 1 FROM medias o WHERE o.id = l.media_id AND o.key = ''), l.entry_id
       FROM linked l LEFT JOIN matched m ON m.id = l.media_id
       ORDER BY l.entry_id, m.key`,
      params,
    );

  const seen = new Set<string>();
  const externalUrl = new Map<string, string>();
  const firstEntry = new Map<string, string>();
  const withoutOriginal = new Set<string>();
  for (let row = 0; row < resources.length; row += 1) {
    const resource = resources[row] as string;
    const mediaUrl = (mediaUrls[row] as string | null) || null;
    const list = result.medias.get(resource) ?? [];
    result.medias.set(resource, list);
    if (isExternalUrl(mediaUrl) && !externalUrl.has(resource)) externalUrl.set(resource, mediaUrl);
    if (!firstEntry.has(resource)) firstEntry.set(resource, entryIds[row] as string);
    if (hasOriginals[row] === false) withoutOriginal.add(resource);
    const id = ids[row] as string | null;
    if (id === null) continue;
    const key = keys[row] as string;
    // Entries sharing a resource bring its rows once each.
    const rowKey = `${resource}\u0000${id}\u0000${key}`;
    if (seen.has(rowKey)) continue;
    seen.add(rowKey);
    const record = readRecord(
      () => rowToMedia({ id, key, media_type: mediaTypes[row] as string | null, metadata: metadatas[row] as string | null }),
      (): MediaRecord => ({ id: key === '' ? id : `${id}/${key}`, resource: id, key, filename: key || id }),
      { table: 'medias', id: `${id}/${key}`, column: 'metadata' },
    );
    list.push(record);
    const location = locationOf(record, true, mediaUrl);
    location.entryId = firstEntry.get(resource)!;
    result.locations.set(record, location);
  }
  for (const [resource, url] of externalUrl) {
    if (!withoutOriginal.has(resource)) continue;
    const record: MediaRecord = { id: resource, resource, key: '', filename: fileNameOfUrl(url) };
    if (!mediaMatches(record, filter)) continue;
    result.medias.get(resource)?.push(record);
    result.locations.set(record, { kind: 'url', url, entryId: firstEntry.get(resource)! });
  }
  for (const list of result.medias.values()) list.sort((a, b) => compareCodePoints(a.id, b.id));
  return result;
}

/** Where the bytes of a media are, knowing whether it has a medias row and its entry's URL. */
export function locationOf(record: MediaRecord, hasRow: boolean, mediaUrl: string | null): MediaLocation {
  if (hasRow) return { kind: 'row', mediaId: record.resource, key: record.key, url: mediaUrl };
  if (isExternalUrl(mediaUrl)) return { kind: 'url', url: mediaUrl };
  return { kind: 'none', url: mediaUrl };
}
