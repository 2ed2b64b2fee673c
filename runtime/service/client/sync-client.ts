import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { IdahPluginError, type IdahErrorCode } from '../../errors.ts';
import type { JobLogRow } from '../../queue/job-store.ts';
import { API_BASE } from '../service-context.ts';

/** The environment variables the client reads: the service's URL and a bearer token. */
export const SYNC_URL_ENV = 'IDAH_SYNC_URL';
export const SYNC_TOKEN_ENV = 'IDAH_SYNC_TOKEN';
export const DEFAULT_SYNC_URL = 'http://127.0.0.1:8787';

export interface ApiResource {
  type: string;
  id: string;
  attributes: Record<string, unknown>;
  relationships?: Record<string, unknown>;
}

export interface ApiCollection {
  data: ApiResource[];
  included?: ApiResource[];
  meta?: { count?: number };
}

const CODES_OF_STATUS: Record<number, IdahErrorCode> = { 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'CONFLICT', 410: 'EXPORT_GONE' };

/** A client of a running Sync Service, for the CLI's `jobs`, `exports` and `schedules` commands. */
export class SyncClient {
  readonly base: string;
  readonly #token: string | undefined;

  constructor(options: { url?: string; token?: string }) {
    this.base = `${(options.url ?? DEFAULT_SYNC_URL).replace(/\/+$/, '')}${API_BASE}`;
    this.#token = options.token;
  }

  async #request(path: string, init: RequestInit = {}): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, {
        ...init,
        headers: { Accept: 'application/vnd.api+json, application/json', ...(this.#token ? { Authorization: `Bearer ${this.#token}` } : {}), ...(init.headers as Record<string, string>) },
      });
    } catch (error) {
      throw new IdahPluginError('SERVICE_UNAVAILABLE', `cannot reach the Sync Service at ${this.base}: ${(error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message}; start it with \`idah-plugin serve\` or pass --url`);
    }
    if (response.ok || response.status === 304) return response;
    const text = await response.text();
    let first: { code?: string; detail?: string } | undefined;
    try {
      first = (JSON.parse(text) as { errors?: Array<{ code?: string; detail?: string }> }).errors?.[0];
    } catch {
      first = undefined;
    }
    const code = (first?.code as IdahErrorCode | undefined) ?? CODES_OF_STATUS[response.status] ?? 'SERVICE_UNAVAILABLE';
    throw new IdahPluginError(code, `${init.method ?? 'GET'} ${path}: ${response.status} ${first?.detail ?? (text.slice(0, 200) || response.statusText)}`, {
      details: { status: response.status },
    });
  }

  async #json<T>(path: string, init?: RequestInit): Promise<T> {
    return (await (await this.#request(path, init)).json()) as T;
  }

  listJobs(query: Record<string, string> = {}): Promise<ApiCollection> {
    return this.#json(`/jobs${toQuery(query)}`);
  }

  getJob(id: string): Promise<{ data: ApiResource; included?: ApiResource[] }> {
    return this.#json(`/jobs/${encodeURIComponent(id)}?included[]=exports`);
  }

  cancelJob(id: string): Promise<{ data: ApiResource }> {
    return this.#json(`/jobs/${encodeURIComponent(id)}/cancel`, { method: 'POST' });
  }

  retryJob(id: string): Promise<{ data: ApiResource }> {
    return this.#json(`/jobs/${encodeURIComponent(id)}/retry`, { method: 'POST' });
  }

  logs(id: string, after = 0): Promise<{ data: JobLogRow[]; meta: { next_after: number; truncated: number } }> {
    return this.#json(`/jobs/${encodeURIComponent(id)}/logs?after=${after}`);
  }

  /**
   * Every log line of a job, then new ones as they come, until the job is finished (polling,
   * so it survives reconnects and proxies that buffer streams).
   */
  async *followLogs(id: string, options: { intervalMs?: number; signal?: AbortSignal } = {}): AsyncGenerator<JobLogRow> {
    let after = 0;
    for (;;) {
      const page = await this.logs(id, after);
      for (const line of page.data) yield line;
      after = page.meta.next_after;
      if (page.data.length > 0) continue;
      const job = await this.getJob(id);
      if (['completed', 'errored', 'cancelled'].includes(String(job.data.attributes.status))) {
        const rest = await this.logs(id, after);
        for (const line of rest.data) yield line;
        return;
      }
      if (options.signal?.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 500));
    }
  }

  listSchedules(query: Record<string, string> = {}): Promise<ApiCollection> {
    return this.#json(`/schedules${toQuery(query)}`);
  }

  /** `POST /schedules` with the body as the service takes it (see the README's Schedules section). */
  createSchedule(body: Record<string, unknown>): Promise<{ data: ApiResource }> {
    return this.#json('/schedules', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  }

  async deleteSchedule(id: string): Promise<void> {
    await this.#request(`/schedules/${encodeURIComponent(id)}`, { method: 'DELETE' });
  }

  setScheduleState(id: string, action: 'pause' | 'resume'): Promise<{ data: ApiResource }> {
    return this.#json(`/schedules/${encodeURIComponent(id)}/${action}`, { method: 'POST' });
  }

  listExports(query: Record<string, string> = {}): Promise<ApiCollection> {
    return this.#json(`/exports${toQuery({ 'included[]': 'job', ...query })}`);
  }

  /**
   * Downloads an export's file to `target` (a temporary name first, renamed when complete).
   * Follows a presigned redirect. Returns the name the service gave and the bytes written.
   */
  async download(id: string, target: (filename: string) => string): Promise<{ path: string; filename: string; size: number }> {
    const response = await this.#request(`/exports/${encodeURIComponent(id)}/download`, { headers: { Accept: '*/*' } });
    const filename = filenameOf(response.headers.get('content-disposition')) ?? `export-${id}`;
    const path = target(filename);
    const partial = `${path}.partial`;
    let size = 0;
    try {
      const body = Readable.fromWeb(response.body as never);
      body.on('data', (chunk: Buffer) => (size += chunk.length));
      await pipeline(body, createWriteStream(partial));
      const expected = response.headers.get('content-length');
      if (expected && Number(expected) !== size) {
        throw new IdahPluginError('STORAGE_FAILED', `download of export ${id} ended after ${size} of ${expected} bytes`);
      }
      await rename(partial, path);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    return { path, filename, size };
  }
}

function toQuery(query: Record<string, string>): string {
  const entries = Object.entries(query);
  return entries.length ? `?${entries.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&')}` : '';
}

/** The name of a `Content-Disposition`, preferring RFC 5987's `filename*`. */
export function filenameOf(header: string | null): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header)?.[1];
  if (extended) return decodeURIComponent(extended.trim());
  return /filename\s*=\s*"([^"]*)"/i.exec(header)?.[1] ?? /filename\s*=\s*([^;]+)/i.exec(header)?.[1]?.trim();
}
