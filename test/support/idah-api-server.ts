import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AnnotationRecord, DatasetRecord, EntryRecord, MediaRecord } from '../../runtime/records.ts';
import { compareCodePoints } from '../../runtime/sources/upd/batch-keys.ts';
import { type NestedQuery, parseNestedQuery, recordPassesFilter } from './idah-api-query.ts';

export interface IdahServerData {
  datasets: DatasetRecord[];
  entries: EntryRecord[];
  annotations: AnnotationRecord[];
  medias: Array<{ record: MediaRecord; data: Buffer }>;
}

export interface SeenRequest {
  method: string;
  path: string;
  query: NestedQuery;
  authorization: string | undefined;
}

/** What a fault does to a request it matches: an HTTP answer, never answering, or a body cut short. */
export type FaultAction = { status: number; headers?: Record<string, string>; body?: string } | 'hang' | 'truncate' | 'stall';
export interface Fault {
  when: (request: SeenRequest) => boolean;
  action: FaultAction;
  /** How many matching requests it takes (default 1). */
  times?: number;
}

export interface IdahServerOptions {
  account?: { email: string; password: string };
  apiKey?: string;
  /** Tokens issued by a login live this long (default 3600 s). */
  tokenLifetimeS?: number;
}

const JSON_API = 'application/vnd.api+json';

/** Resource config: type name, record fields (filterable as eq/IN) and the expo's extra allowed filters. */
const ENTRY_FILTERS = ['resource__match', 'status__in', 'priority__in', 'assigned_to_id__eq', 'assigned_to_id__in', 'assigned_to_email__match', 'wf_step__in', 'name__match'];

/**
 * A real HTTP server answering IDAH's routes (`/api/v1/iam/auth/login`, `.../auth/api/login`,
 * `dataset/datasets[/:id]`, `dataset/entries`, `dataset/annotations`, `media/medias`,
 * `media/medias/files/:resource`) with IDAH's JSON:API shapes, offset pages capped at 1000, the
 * capped `count=true` meta, silently dropped unknown filters, and faults to inject.
 */
export class IdahTestServer {
  readonly data: IdahServerData;
  readonly requests: SeenRequest[] = [];
  readonly faults: Fault[] = [];
  /** Runs before each data request is answered (to change the data mid-read). */
  beforeAnswer: ((request: SeenRequest) => void) | undefined;
  /** While set, data requests wait for it before answering. */
  gate: Promise<void> | undefined;
  inFlight = 0;
  maxInFlight = 0;
  readonly #server: Server;
  readonly #options: IdahServerOptions;
  readonly #tokens = new Set<string>();
  url = '';

  private constructor(data: IdahServerData, options: IdahServerOptions) {
    this.data = data;
    this.#options = options;
    this.#server = createServer((request, response) => void this.#handle(request, response));
  }

  static async start(data: IdahServerData, options: IdahServerOptions = {}): Promise<IdahTestServer> {
    const server = new IdahTestServer(data, options);
    await new Promise<void>((resolve) => server.#server.listen(0, '127.0.0.1', resolve));
    server.url = `http://127.0.0.1:${(server.#server.address() as AddressInfo).port}`;
    return server;
  }

  /** A token the server accepts, as a given bearer token would be. */
  issueToken(lifetimeS = this.#options.tokenLifetimeS ?? 3600): string {
    const payload = Buffer.from(JSON.stringify({ u: { id: 1 }, r: 'admin', exp: Math.floor(Date.now() / 1000) + lifetimeS })).toString('base64url');
    const token = `eyJhbGciOiJFUzI1NiJ9.${payload}.${randomUUID()}`;
    this.#tokens.add(token);
    return token;
  }

  revokeTokens(): void {
    this.#tokens.clear();
  }

  requestsTo(path: string): SeenRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    const seen: SeenRequest = { method: request.method ?? 'GET', path: url.pathname, query: parseNestedQuery(url.searchParams), authorization: request.headers.authorization };
    this.requests.push(seen);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    response.on('close', () => (this.inFlight -= 1));
    const body = await readBody(request);
    const fault = this.faults.find((candidate) => (candidate.times ?? 1) > 0 && candidate.when(seen));
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.action === 'hang') return;
      if (fault.action !== 'truncate' && fault.action !== 'stall') {
        response.writeHead(fault.action.status, { 'content-type': JSON_API, ...fault.action.headers });
        response.end(fault.action.body ?? JSON.stringify({ errors: [{ status: fault.action.status, title: 'Injected', detail: 'injected fault' }] }));
        return;
      }
    }
    if (url.pathname === '/api/v1/iam/auth/login' || url.pathname === '/api/v1/iam/auth/api/login') return this.#login(url.pathname, body, response);
    if (!request.headers.authorization?.startsWith('Bearer ') || !this.#tokens.has(request.headers.authorization.slice(7))) {
      return send(response, 401, { errors: [{ status: 401, title: 'Verse::Error::Authorization', detail: 'unauthorized_access' }] });
    }
    if (this.gate) await this.gate;
    this.beforeAnswer?.(seen);
    const route = url.pathname.replace(/^\/api\/v1\//, '');
    if (route.startsWith('media/medias/files/')) return this.#mediaFile(route.slice('media/medias/files/'.length), seen, response, fault?.action === 'truncate' || fault?.action === 'stall' ? fault.action : undefined);
    const datasetShow = /^dataset\/datasets\/([^/]+)$/.exec(route);
    if (datasetShow) {
      const dataset = this.data.datasets.find((record) => record.id === decodeURIComponent(datasetShow[1]!));
      if (!dataset) return send(response, 404, { errors: [{ status: 404, title: 'Verse::Error::RecordNotFound', detail: 'record not found' }] });
      return send(response, 200, { data: resource('dataset:datasets', this.#withLiveTotal(dataset)) });
    }
    switch (route) {
      case 'dataset/datasets':
        return this.#index(response, seen, 'dataset:datasets', this.data.datasets.map((dataset) => this.#withLiveTotal(dataset)), ['name__match', 'status__in', 'modality__in', 'project_id__eq']);
      case 'dataset/entries':
        return this.#index(response, seen, 'dataset:entries', this.data.entries, ENTRY_FILTERS);
      case 'dataset/annotations':
        return this.#index(response, seen, 'dataset:annotations', this.data.annotations, ['updated_at__gt']);
      case 'media/medias':
        return this.#index(response, seen, 'media:medias', this.data.medias.map((media) => media.record), []);
      default:
        return send(response, 404, { errors: [{ status: 404, title: 'Verse::Error::NotFound', detail: `no route ${url.pathname}` }] });
    }
  }

  /** `entries_total_count` is kept by a trigger upstream: always the live count. */
  #withLiveTotal(dataset: DatasetRecord): DatasetRecord {
    return { ...dataset, entries_total_count: this.data.entries.filter((entry) => entry.dataset_id === dataset.id).length };
  }

  #login(path: string, body: string, response: ServerResponse): void {
    const input = JSON.parse(body || '{}') as Record<string, unknown>;
    const account = this.#options.account;
    const ok = path.endsWith('/api/login')
      ? this.#options.apiKey !== undefined && input.api_key === this.#options.apiKey
      : account !== undefined && input.email === account.email && input.password === account.password;
    if (!ok) return send(response, 401, { errors: [{ status: 401, title: 'Verse::Error::Authorization', detail: 'invalid credentials' }] });
    send(response, 200, { data: { type: 'iam:accounts', id: '1', attributes: { email: account?.email ?? 'api@idah' } }, meta: { token: this.issueToken() } });
  }

  #index(response: ServerResponse, request: SeenRequest, type: string, records: ReadonlyArray<{ id: string }>, allowed: string[]): void {
    const page = (request.query.page ?? {}) as NestedQuery;
    const size = Number(page.size ?? 1000);
    const number = Number(page.number ?? 1);
    if (!Number.isInteger(size) || size < 1 || size > 1000 || !Number.isInteger(number) || number < 1) {
      return send(response, 422, { errors: [{ status: 422, title: 'Verse::Error::ValidationFailed', detail: 'page', source: { pointer: '/page' } }] });
    }
    const filter = (request.query.filter ?? {}) as NestedQuery;
    const fields = new Set(records.flatMap((record) => Object.keys(record)));
    const matching = records
      .filter((record) => recordPassesFilter(record as Record<string, unknown>, filter, fields, new Set(allowed)))
      .sort((a, b) => compareCodePoints(a.id, b.id));
    const offset = (number - 1) * size;
    const body: Record<string, unknown> = { data: matching.slice(offset, offset + size).map((record) => resource(type, record)) };
    if (request.query.count === 'true') {
      const seen = Math.min(1000, Math.max(0, matching.length - offset));
      body.meta = { count: offset + seen, more: seen === 1000 };
    } else body.meta = {};
    send(response, 200, body);
  }

  #mediaFile(resourcePath: string, request: SeenRequest, response: ServerResponse, cut: 'truncate' | 'stall' | undefined): void {
    const [resourceId, pathKey] = resourcePath.split('/').map(decodeURIComponent) as [string, string?];
    const key = pathKey ?? (typeof request.query.key === 'string' ? request.query.key : '');
    const media = this.data.medias.find((candidate) => candidate.record.resource === resourceId && candidate.record.key === key);
    if (!media) return send(response, 404, { errors: [{ status: 404, title: 'Verse::Error::RecordNotFound', detail: 'media not found' }] });
    response.writeHead(200, { 'content-type': media.record.mime_type ?? 'application/octet-stream', 'content-length': String(media.data.length) });
    if (cut) {
      // Half the body, then the connection drops (truncate) or stays silent (stall).
      response.write(media.data.subarray(0, Math.floor(media.data.length / 2)));
      if (cut === 'truncate') setImmediate(() => response.socket?.destroy());
      return;
    }
    response.end(media.data);
  }
}

function resource(type: string, record: { id: string }): Record<string, unknown> {
  const { id, ...attributes } = record as Record<string, unknown>;
  return { type, id: String(id), attributes };
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': JSON_API });
  response.end(JSON.stringify(body));
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
