import { IdahPluginError } from '../../errors.ts';
import { compareCodePoints } from '../upd/batch-keys.ts';
import type { IdahHttp } from './idah-http.ts';
import { collectionOf, type FlatRecord } from './json-api.ts';
import type { QueryValue } from './query-string.ts';

/** IDAH's `max_items_per_pages`: no page holds more. */
export const IDAH_MAX_PAGE_SIZE = 1000;

export interface PagedRead {
  path: string;
  filter: Record<string, QueryValue>;
  /** Names what is read for messages, with its dataset: `entries of dataset "d1"`. */
  what: string;
  pageSize: number;
  /** A total known beforehand (a dataset's `entries_total_count`); what is read must match it. */
  expectedTotal?: number;
}

/**
 * IDAH pages by offset only (no keyset filter exists), so a record added or removed before the
 * cursor shifts every later page. Read safely: sorted by id; a record repeated across a page
 * boundary is dropped (the shift of an insert); any other id out of order, a total that changes
 * between pages, or a count read that differs from the total is SOURCE_CHANGED naming what was read,
 * never a silent skip or duplicate.
 *
 * `meta.count` with `count=true` is capped (offset + at most 1000 rows), so it is a total only when
 * `meta.more` is false; then every later page must report the same.
 */
export async function* readPages(http: IdahHttp, read: PagedRead): AsyncGenerator<FlatRecord[]> {
  const changed = (why: string) =>
    new IdahPluginError('SOURCE_CHANGED', `${read.what} changed while being read (${why}); offset pages cannot be read consistently while records are added or removed: run again`, {
      details: { what: read.what },
    });
  let previousPage = new Set<string>();
  let lastId: string | undefined;
  let exactTotal: number | undefined = read.expectedTotal;
  let kept = 0;
  for (let number = 1; ; number += 1) {
    const document = await http.getJson(read.path, {
      filter: read.filter,
      sort: 'id',
      page: { number, size: read.pageSize },
      count: 'true',
    });
    const { records, meta } = collectionOf(document, `${read.what}, page ${number}`);
    if (meta.more === false && typeof meta.count === 'number') {
      if (exactTotal !== undefined && meta.count !== exactTotal) throw changed(`the total went from ${exactTotal} to ${meta.count} at page ${number}`);
      exactTotal = meta.count;
    }
    const fresh: FlatRecord[] = [];
    for (const record of records) {
      if (lastId !== undefined && compareCodePoints(record.id, lastId) <= 0) {
        if (previousPage.has(record.id) && fresh.length === 0) continue;
        throw changed(`page ${number} brings id "${record.id}" after "${lastId}"`);
      }
      lastId = record.id;
      fresh.push(record);
    }
    kept += fresh.length;
    previousPage = new Set(records.map((record) => record.id));
    if (fresh.length > 0) yield fresh;
    if (records.length < read.pageSize) break;
  }
  if (exactTotal !== undefined && kept !== exactTotal) throw changed(`the total is ${exactTotal} but ${kept} were read`);
}
