import { Readable, Transform } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { IdahPluginError } from '../../errors.ts';
import { BearerToken } from './bearer-token.ts';
import type { IdahCredentials } from './credentials.ts';
import { describeErrorBody } from './error-body.ts';
import { type QueryValue, toQueryString } from './query-string.ts';
import { backoffMs, DEFAULT_RETRY_POLICY, isRetryableStatus, type RetryPolicy, retryAfterMs } from './retry-policy.ts';
import { Semaphore } from './semaphore.ts';

export interface IdahHttpOptions {
  /** IDAH's API root, e.g. `https://idah.example.com/api/v1/`. */
  apiRoot: string;
  credentials: IdahCredentials;
  /** A request that sends nothing back for this long is aborted and retried (default 30 s). */
  timeoutMs?: number;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  retry?: Partial<RetryPolicy>;
}

interface Attempt {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, QueryValue>;
  body?: Record<string, unknown>;
  auth: boolean;
}

/** A response with its body still unread, and the timer that guards reading it. */
interface OpenResponse {
  response: Response;
  /** Restarts the inactivity timer (called as body bytes arrive). */
  touch: () => void;
  done: () => void;
  /** While this says the reader is behind (not the server), the timer waits instead of aborting. */
  readerBehind?: () => boolean;
}

/**
 * HTTP to IDAH's services: bearer auth (renewed on a 401 when it came from a login), a timeout
 * on every request, retries with backoff and jitter on 429, 5xx and network failures, and a
 * bound on requests in flight. TLS is always verified: nothing here can turn it off.
 */
export class IdahHttp {
  readonly #apiRoot: URL;
  readonly #timeoutMs: number;
  readonly #retry: RetryPolicy;
  readonly #slots: Semaphore;
  readonly #token: BearerToken;
  readonly #closing = new AbortController();

  constructor(options: IdahHttpOptions) {
    this.#apiRoot = new URL(options.apiRoot);
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.#slots = new Semaphore(options.concurrency ?? 4);
    this.#token = new BearerToken(options.credentials, (path, body) => this.#json({ method: 'POST', path, body, auth: false }));
  }

  /** GET a JSON:API document. */
  getJson(path: string, query?: Record<string, QueryValue>): Promise<unknown> {
    return this.#json({ method: 'GET', path, query, auth: true });
  }

  /** GET a body as a stream; the inactivity timeout keeps guarding it, and a short body is an error. */
  async getStream(path: string, query?: Record<string, QueryValue>): Promise<{ stream: Readable; contentType: string | null }> {
    const open = await this.#slots.run(() => this.#withRetries({ method: 'GET', path, query, auth: true }, async (opened) => opened));
    const { response } = open;
    const declared = response.headers.get('content-length');
    const expected = declared !== null && /^\d+$/.test(declared) ? Number(declared) : undefined;
    let received = 0;
    const what = this.#describe('GET', path);
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        open.touch();
        received += chunk.length;
        callback(null, chunk);
      },
      flush(callback) {
        open.done();
        if (expected !== undefined && received !== expected) {
          callback(new IdahPluginError('SOURCE_READ_FAILED', `${what}: the body ended after ${received} of ${expected} bytes`));
        } else callback();
      },
    });
    const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>);
    body.on('error', (error) => {
      open.done();
      counter.destroy(this.#networkError(what, error));
    });
    counter.on('close', () => {
      open.done();
      if (!body.destroyed) body.destroy();
    });
    // A reader that stops reading (backpressure) is not a server that stopped sending.
    open.readerBehind = () => counter.writableLength >= counter.writableHighWaterMark || counter.readableLength >= counter.readableHighWaterMark;
    body.pipe(counter);
    return { stream: counter, contentType: response.headers.get('content-type') };
  }

  /** Aborts every request in flight; later calls fail. */
  close(): void {
    this.#closing.abort();
  }

  #json(attempt: Attempt): Promise<unknown> {
    const what = this.#describe(attempt.method, attempt.path);
    return this.#slots.run(() =>
      this.#withRetries(attempt, async (open) => {
        try {
          const text = await open.response.text();
          try {
            return JSON.parse(text) as unknown;
          } catch {
            throw new IdahPluginError('SOURCE_READ_FAILED', `${what}: expected a JSON body, got ${JSON.stringify(text.slice(0, 80))}`);
          }
        } catch (error) {
          throw error instanceof IdahPluginError ? error : this.#networkError(what, error);
        } finally {
          open.done();
        }
      }),
    );
  }

  /** Sends until an answer is accepted; `accept` reads it, and a network failure while reading is retried too. */
  async #withRetries<T>(attempt: Attempt, accept: (open: OpenResponse) => Promise<T>): Promise<T> {
    const what = this.#describe(attempt.method, attempt.path);
    let renewed = false;
    for (let tries = 1; ; tries += 1) {
      let failure: IdahPluginError;
      let retryAfter: number | undefined;
      try {
        const open = await this.#send(attempt);
        const { status } = open.response;
        if (status < 400) return await accept(open);
        const detail = describeErrorBody(await open.response.text().catch(() => ''));
        open.done();
        if (status === 401 && attempt.auth && this.#token.renewable && !renewed) {
          renewed = true;
          await this.#token.renew();
          tries -= 1;
          continue;
        }
        const message = `${what}: HTTP ${status}${detail ? ` (${detail})` : ''}`;
        if (status === 401 || status === 403 || (!attempt.auth && status === 422)) throw new IdahPluginError('SOURCE_AUTH_FAILED', message);
        if (!isRetryableStatus(status)) throw new IdahPluginError('SOURCE_READ_FAILED', message, { details: { status } });
        failure = new IdahPluginError('SOURCE_UNAVAILABLE', message, { details: { status } });
        retryAfter = retryAfterMs(open.response.headers.get('retry-after'));
      } catch (error) {
        if (error instanceof IdahPluginError && error.code !== 'SOURCE_UNAVAILABLE') throw error;
        failure = error instanceof IdahPluginError ? error : this.#networkError(what, error);
      }
      if (this.#closing.signal.aborted) throw new IdahPluginError('SOURCE_READ_FAILED', `${what}: the source was closed`);
      if (tries >= this.#retry.attempts) {
        throw new IdahPluginError('SOURCE_UNAVAILABLE', `${failure.message}; gave up after ${tries} tries`, { cause: failure });
      }
      await sleep(backoffMs(this.#retry, tries, retryAfter), undefined, { signal: this.#closing.signal }).catch(() => undefined);
    }
  }

  /** One request; the timer runs until the body is read (`touch` restarts it, `done` stops it). */
  async #send(attempt: Attempt): Promise<OpenResponse> {
    const url = new URL(attempt.path, this.#apiRoot);
    if (attempt.query) url.search = toQueryString(attempt.query);
    const headers: Record<string, string> = { accept: 'application/vnd.api+json, application/json' };
    if (attempt.auth) headers.authorization = `Bearer ${await this.#token.current()}`;
    if (attempt.body) headers['content-type'] = 'application/json';
    const controller = new AbortController();
    const timeout = this.#timeoutMs;
    const onClose = () => controller.abort(new Error('the source was closed'));
    this.#closing.signal.addEventListener('abort', onClose, { once: true });
    let timer: NodeJS.Timeout | undefined;
    const open: Partial<OpenResponse> = {};
    const touch = () => {
      clearTimeout(timer);
      timer = setTimeout(() => (open.readerBehind?.() ? touch() : controller.abort(new Error(`no answer within ${timeout} ms`))), timeout);
    };
    const done = () => {
      clearTimeout(timer);
      this.#closing.signal.removeEventListener('abort', onClose);
    };
    touch();
    try {
      const response = await fetch(url, {
        method: attempt.method,
        headers,
        body: attempt.body ? JSON.stringify(attempt.body) : undefined,
        signal: controller.signal,
      });
      touch();
      return Object.assign(open, { response, touch, done }) as OpenResponse;
    } catch (error) {
      done();
      throw this.#networkError(this.#describe(attempt.method, attempt.path), controller.signal.aborted ? controller.signal.reason : error);
    }
  }

  #networkError(what: string, error: unknown): IdahPluginError {
    const cause = error as { message?: string; cause?: { code?: string; message?: string } };
    const reason = cause?.cause?.code ?? cause?.cause?.message ?? cause?.message ?? String(error);
    return new IdahPluginError('SOURCE_UNAVAILABLE', `${what}: ${reason}`, { cause: error });
  }

  #describe(method: string, path: string): string {
    return `IDAH ${method} ${new URL(path, this.#apiRoot).pathname}`;
  }
}
