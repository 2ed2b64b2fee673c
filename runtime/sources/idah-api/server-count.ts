import { IdahPluginError } from '../../errors.ts';
import type { IdahHttp } from './idah-http.ts';
import { collectionOf } from './json-api.ts';
import { IDAH_MAX_PAGE_SIZE } from './paged-reader.ts';
import type { QueryValue } from './query-string.ts';

/**
 * How many records a filtered index holds. IDAH's `count=true` reports offset + at most 1000,
 * with `more` when the cap was reached, so the count is walked 1000 rows at a time with
 * one-record pages (each request reads at most 1000 rows on the server).
 */
export async function serverCount(http: IdahHttp, path: string, filter: Record<string, QueryValue>, what: string): Promise<number> {
  for (let offset = 0; ; offset += IDAH_MAX_PAGE_SIZE) {
    const document = await http.getJson(path, { filter, sort: 'id', page: { number: offset + 1, size: 1 }, count: 'true' });
    const { meta } = collectionOf(document, `${what} (count)`);
    if (typeof meta.count !== 'number') {
      throw new IdahPluginError('SOURCE_READ_FAILED', `${what}: expected meta.count with count=true, got ${JSON.stringify(meta)}`);
    }
    if (meta.more !== true) return meta.count;
  }
}
