import type { Readable } from 'node:stream';
import { IdahPluginError, isIdahPluginError } from '../../errors.ts';
import type { AnnotationRecord, DatasetRecord, EntryRecord, MediaRecord } from '../../records.ts';
import type { DataSource, EntryBatchOptions } from '../data-source.ts';
import {
  type AnnotationFilter,
  annotationMatches,
  type EntryFilter,
  entryChangedSince,
  entryMatches,
  type MediaFilter,
  mediaMatches,
} from '../filters.ts';
import { compareCodePoints } from '../upd/batch-keys.ts';
import type { IdahCredentials } from './credentials.ts';
import { IdahHttp } from './idah-http.ts';
import { type FlatRecord, recordOf } from './json-api.ts';
import { IDAH_MAX_PAGE_SIZE, readPages } from './paged-reader.ts';
import type { RetryPolicy } from './retry-policy.ts';
import { serverCount } from './server-count.ts';
import { annotationServerFilter, entryServerFilter, mediaServerFilter, narrowsOnServer } from './server-filters.ts';

export interface IdahApiSourceOptions {
  /** IDAH's address (`https://idah.example.com`); the services are under `<baseUrl>/api/v1/`. */
  baseUrl: string;
  credentials: IdahCredentials;
  /** A request that sends nothing back for this long is aborted and retried (default 30 s). */
  timeoutMs?: number;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  retry?: Partial<RetryPolicy>;
  /** Records per page, at most IDAH's 1000 (default 1000). */
  pageSize?: number;
  /** Entry ids or resources per annotation or media request, so a GET line stays short (default 100). */
  idsPerRequest?: number;
}

/** `https://host[/prefix]` -> `https://host[/prefix]/api/v1/`; only http and https. */
export function apiRootOf(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new IdahPluginError('USAGE', `IDAH address: expected an http(s) URL such as https://idah.example.com, got ${JSON.stringify(baseUrl)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new IdahPluginError('USAGE', `IDAH address: expected an http(s) URL, got the scheme ${url.protocol}`);
  }
  if (url.username || url.password) throw new IdahPluginError('USAGE', 'IDAH address: credentials never go in the URL; use IDAH_TOKEN, IDAH_EMAIL/IDAH_PASSWORD or a credentials file');
  url.search = '';
  url.hash = '';
  return `${url.href.replace(/\/+$/, '')}/api/v1/`;
}

const chunksOf = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size));

const byId = <T extends { id: string }>(a: T, b: T) => compareCodePoints(a.id, b.id);

/** A data source over a live IDAH: the dataset service's datasets, entries and annotations and the media service's medias. */
export class IdahApiSource implements DataSource {
  readonly description: string;
  readonly preferredBatchSize = 500;
  readonly #http: IdahHttp;
  readonly #pageSize: number;
  readonly #idsPerRequest: number;

  constructor(options: IdahApiSourceOptions) {
    const apiRoot = apiRootOf(options.baseUrl);
    this.description = apiRoot.replace(/api\/v1\/$/, '');
    this.#pageSize = options.pageSize ?? IDAH_MAX_PAGE_SIZE;
    if (!Number.isInteger(this.#pageSize) || this.#pageSize < 1 || this.#pageSize > IDAH_MAX_PAGE_SIZE) {
      throw new IdahPluginError('USAGE', `IDAH page size: expected an integer from 1 to ${IDAH_MAX_PAGE_SIZE}, got ${options.pageSize}`);
    }
    this.#idsPerRequest = options.idsPerRequest ?? 100;
    this.#http = new IdahHttp({ apiRoot, credentials: options.credentials, timeoutMs: options.timeoutMs, concurrency: options.concurrency, retry: options.retry });
  }

  async listDatasets(): Promise<DatasetRecord[]> {
    const datasets: DatasetRecord[] = [];
    const read = { path: 'dataset/datasets', filter: {}, what: 'the datasets', pageSize: this.#pageSize };
    for await (const page of readPages(this.#http, read)) datasets.push(...(page as DatasetRecord[]));
    return datasets;
  }

  async getDatasets(ids: readonly string[]): Promise<DatasetRecord[]> {
    const found = await Promise.all(ids.map((id) => this.#dataset(id)));
    return found.filter((record): record is DatasetRecord => record !== undefined);
  }

  async countEntries(datasetId: string, filter: EntryFilter): Promise<number> {
    const server = entryServerFilter(datasetId, filter);
    if (server.none) return 0;
    if (this.#matchesOnServerAlone(filter, server.params)) {
      return narrowsOnServer(server) ? serverCount(this.#http, 'dataset/entries', server.params, this.#entriesWhat(datasetId)) : this.#totalOf(datasetId);
    }
    let count = 0;
    for await (const batch of this.entryBatches(datasetId, filter, { batchSize: IDAH_MAX_PAGE_SIZE })) count += batch.length;
    return count;
  }

  async *entryBatches(datasetId: string, filter: EntryFilter, options: EntryBatchOptions): AsyncGenerator<EntryRecord[]> {
    if (!Number.isInteger(options.batchSize) || options.batchSize < 1) {
      throw new IdahPluginError('SOURCE_READ_FAILED', `entry batches: expected a positive integer batchSize, got ${options.batchSize}`);
    }
    const server = entryServerFilter(datasetId, filter);
    let remaining = options.limit ?? Number.POSITIVE_INFINITY;
    if (server.none || remaining <= 0) return;
    const what = this.#entriesWhat(datasetId);
    const expectedTotal = narrowsOnServer(server)
      ? await serverCount(this.#http, 'dataset/entries', server.params, what)
      : await this.#totalOf(datasetId);
    // IDAH filters neither entries by updated_at nor by their annotations': read which annotations changed, match here.
    const since = filter.updated_since;
    const changedByAnnotation = since === undefined ? undefined : await this.#entriesWithAnnotationsChangedSince(datasetId, since);
    let batch: EntryRecord[] = [];
    for await (const page of readPages(this.#http, { path: 'dataset/entries', filter: server.params, what, pageSize: this.#pageSize, expectedTotal })) {
      for (const record of page as EntryRecord[]) {
        if (!entryMatches(record, filter)) continue;
        if (since !== undefined && !changedByAnnotation?.has(record.id) && !entryChangedSince(record, [], since)) continue;
        batch.push(record);
        remaining -= 1;
        if (batch.length >= options.batchSize || remaining <= 0) {
          yield batch;
          batch = [];
          if (remaining <= 0) return;
        }
      }
    }
    if (batch.length > 0) yield batch;
  }

  async annotationsOf(entries: readonly EntryRecord[], filter: AnnotationFilter): Promise<Map<string, AnnotationRecord[]>> {
    const result = new Map<string, AnnotationRecord[]>(entries.map((entry) => [entry.id, []]));
    const ids = [...result.keys()];
    const chunks = await Promise.all(
      chunksOf(ids, this.#idsPerRequest).map((chunk) => {
        const server = annotationServerFilter(chunk, filter);
        return this.#readAll('dataset/annotations', server.params, `annotations of entries of ${this.#datasetsOf(entries)}`);
      }),
    );
    for (const record of chunks.flat() as unknown as AnnotationRecord[]) {
      if (annotationMatches(record, filter)) result.get(record.entry_id)?.push(record);
    }
    for (const list of result.values()) list.sort(byId);
    return result;
  }

  async mediasOf(entries: readonly EntryRecord[], filter: MediaFilter): Promise<Map<string, MediaRecord[]>> {
    const resources = [...new Set(entries.map((entry) => entry.resource).filter((resource): resource is string => !!resource))];
    const result = new Map<string, MediaRecord[]>(resources.map((resource) => [resource, []]));
    const chunks = await Promise.all(
      chunksOf(resources, this.#idsPerRequest).map((chunk) => {
        const server = mediaServerFilter(chunk, filter);
        return this.#readAll('media/medias', server.params, `medias of entries of ${this.#datasetsOf(entries)}`);
      }),
    );
    const seen = new Set<string>();
    for (const record of chunks.flat() as unknown as MediaRecord[]) {
      if (seen.has(record.id) || !mediaMatches(record, filter)) continue;
      seen.add(record.id);
      result.get(record.resource)?.push(record);
    }
    for (const list of result.values()) list.sort(byId);
    return result;
  }

  /** `GET media/medias/files/:resource?key=<key>`, streamed; IDAH has no Range, so a broken stream is an error, not a resume. */
  async openMedia(media: MediaRecord): Promise<Readable> {
    const { stream } = await this.#http.getStream(`media/medias/files/${encodeURIComponent(media.resource)}`, { key: media.key });
    return stream;
  }

  async close(): Promise<void> {
    this.#http.close();
  }

  async #dataset(id: string): Promise<DatasetRecord | undefined> {
    try {
      const document = await this.#http.getJson(`dataset/datasets/${encodeURIComponent(id)}`);
      return recordOf(document, `dataset "${id}"`) as DatasetRecord;
    } catch (error) {
      if (isIdahPluginError(error, 'SOURCE_READ_FAILED') && error.details?.status === 404) return undefined;
      throw error;
    }
  }

  /** The dataset's `entries_total_count`, which IDAH keeps by trigger (unlike `count=true`, it is no capped figure). */
  async #totalOf(datasetId: string): Promise<number> {
    const record = await this.#dataset(datasetId);
    if (!record) throw new IdahPluginError('DATASET_NOT_FOUND', `dataset "${datasetId}" is not on ${this.description} (or not visible to these credentials)`);
    const total = record.entries_total_count;
    if (typeof total !== 'number') {
      throw new IdahPluginError('SOURCE_READ_FAILED', `dataset "${datasetId}": expected a number in entries_total_count, got ${JSON.stringify(total)}`);
    }
    return total;
  }

  async #readAll(path: string, filter: Record<string, import('./query-string.ts').QueryValue>, what: string): Promise<FlatRecord[]> {
    const records: FlatRecord[] = [];
    for await (const page of readPages(this.#http, { path, filter, what, pageSize: this.#pageSize })) records.push(...page);
    return records;
  }

  /** Ids of the dataset's entries with an annotation updated after `since` (`updated_at__gt`, checked here too). */
  async #entriesWithAnnotationsChangedSince(datasetId: string, since: string): Promise<Set<string>> {
    const annotations = await this.#readAll(
      'dataset/annotations',
      { dataset_id: datasetId, updated_at__gt: since },
      `annotations of dataset "${datasetId}" changed since ${since}`,
    );
    const ids = new Set<string>();
    for (const record of annotations as unknown as AnnotationRecord[]) {
      if (entryChangedSince({ id: record.entry_id, dataset_id: datasetId }, [record], since)) ids.add(record.entry_id);
    }
    return ids;
  }

  /** The server filter is the whole filter when no regex or `updated_since` had to stay here. */
  #matchesOnServerAlone(filter: EntryFilter, params: Record<string, unknown>): boolean {
    if (filter.updated_since !== undefined) return false;
    return (['name__match', 'resource__match'] as const).every((key) => filter[key] === undefined || params[key] !== undefined);
  }

  #entriesWhat(datasetId: string): string {
    return `entries of dataset "${datasetId}"`;
  }

  #datasetsOf(entries: readonly EntryRecord[]): string {
    const ids = [...new Set(entries.map((entry) => entry.dataset_id))];
    return ids.length === 1 ? `dataset "${ids[0]}"` : `datasets ${ids.map((id) => `"${id}"`).join(', ')}`;
  }
}
