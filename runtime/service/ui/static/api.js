// The service's HTTP API as the page uses it: auth headers, JSON:API records as plain objects,
// errors with their field pointers, downloads, and the job event stream (read with fetch, so a
// bearer token goes along, which EventSource cannot send).

const TOKEN_KEY = 'idah-plugin:token';
/** What the page accepts from a download instead of a redirect: `{ "url": presigned }`. */
const DOWNLOAD_URL_TYPE = 'application/vnd.idah-plugin.download-url+json';

export class ApiError extends Error {
  constructor(status, errors, fallback) {
    const first = errors[0];
    super(first ? first.detail || first.title || fallback : fallback);
    this.status = status;
    /** `[{ status, title, detail, code?, source?: { pointer } }]` as the service sent them. */
    this.errors = errors;
  }
}

export const tokenStore = {
  get: () => sessionStorage.getItem(TOKEN_KEY) || '',
  set: (token) => (token ? sessionStorage.setItem(TOKEN_KEY, token) : sessionStorage.removeItem(TOKEN_KEY)),
};

function authHeaders() {
  const token = tokenStore.get();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/** `{ id, type, ...attributes }`: the page reads records, not envelopes. */
export function plainRecord(resource) {
  if (!resource || typeof resource !== 'object' || !('attributes' in resource)) return resource;
  return { id: String(resource.id), type: resource.type, ...resource.attributes, relationships: resource.relationships };
}

async function errorsOf(response) {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text);
    if (Array.isArray(body.errors)) return body.errors;
    if (body.error) return [{ status: response.status, detail: String(body.error.message || body.error) }];
  } catch {
    // not JSON: the text itself is the message
  }
  return [{ status: response.status, detail: text.trim() || `${response.status} ${response.statusText}` }];
}

export function createApi(base) {
  async function request(method, path, body) {
    const headers = { Accept: 'application/vnd.api+json, application/json', ...authHeaders() };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
    if (!response.ok) throw new ApiError(response.status, await errorsOf(response), `${method} ${path}: ${response.status}`);
    if (response.status === 204) return null;
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  }

  /** A collection: its records, plus `included` by `type:id`. */
  async function list(path) {
    const body = await request('GET', path);
    const data = Array.isArray(body) ? body : Array.isArray(body?.data) ? body.data : [];
    const included = new Map();
    for (const resource of body?.included ?? []) included.set(`${resource.type}:${resource.id}`, plainRecord(resource));
    return { records: data.map(plainRecord), included, meta: body?.meta ?? {} };
  }

  return {
    base,
    request,
    list,
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, body ?? {}),
    delete: (path) => request('DELETE', path),
    download: (path, filename) => download(`${base}${path}`, filename),
    events: (handlers) => openEventStream(`${base}/jobs/events`, handlers),
  };
}

/**
 * Saves a download. Without a token the browser fetches the link itself (cookies go along and
 * the file streams to disk); with a token the bytes are fetched with the header, then saved.
 */
async function download(url, filename) {
  const link = document.createElement('a');
  link.download = filename || '';
  if (!tokenStore.get()) {
    link.href = url;
    link.click();
    return;
  }
  // A service keeping files in S3 would redirect to a presigned URL, which this page may not
  // fetch (another origin): it is asked to name that URL instead, and the browser goes there.
  const response = await fetch(url, { headers: { ...authHeaders(), Accept: `${DOWNLOAD_URL_TYPE}, */*` }, credentials: 'same-origin' });
  if (!response.ok) throw new ApiError(response.status, await errorsOf(response), `download: ${response.status}`);
  if ((response.headers.get('content-type') || '').startsWith(DOWNLOAD_URL_TYPE)) {
    link.href = (await response.json()).url;
    link.click();
    return;
  }
  const objectUrl = URL.createObjectURL(await response.blob());
  link.href = objectUrl;
  link.click();
  setTimeout(() => URL.revokeObjectURL(objectUrl), 60_000);
}

/** Splits an SSE byte stream into `{ id, event, data }` messages. */
export function createSseParser(onMessage) {
  let buffer = '';
  let message = { id: undefined, event: 'message', data: [] };
  const line = (text) => {
    if (text === '') {
      if (message.data.length > 0) onMessage({ id: message.id, event: message.event, data: message.data.join('\n') });
      message = { id: message.id, event: 'message', data: [] };
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    const value = colon === -1 ? '' : text.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') message.data.push(value);
    else if (field === 'event') message.event = value;
    else if (field === 'id') message.id = value;
  };
  return (chunk) => {
    buffer += chunk;
    const lines = buffer.split(/\r\n|\r|\n/);
    buffer = lines.pop() ?? '';
    for (const text of lines) line(text);
  };
}

/**
 * Follows `GET /jobs/events`, reconnecting with `Last-Event-ID`. `onState('live' | 'down')`
 * tells the page when to fall back to polling; `onEvent({ event, data })` gets parsed data.
 */
function openEventStream(url, { onEvent, onState }) {
  let stopped = false;
  let controller;
  let lastEventId;
  let failures = 0;
  const run = async () => {
    while (!stopped) {
      controller = new AbortController();
      try {
        const headers = { Accept: 'text/event-stream', ...authHeaders() };
        if (lastEventId !== undefined) headers['Last-Event-ID'] = lastEventId;
        const response = await fetch(url, { headers, credentials: 'same-origin', cache: 'no-store', signal: controller.signal });
        const type = response.headers.get('content-type') || '';
        if (!response.ok || !response.body || !type.startsWith('text/event-stream')) throw new Error(`events: ${response.status}`);
        failures = 0;
        onState('live');
        const parse = createSseParser((message) => {
          if (message.id !== undefined) lastEventId = message.id;
          let data = message.data;
          try {
            data = JSON.parse(message.data);
          } catch {
            // plain text data stays text
          }
          onEvent({ event: message.event, data });
        });
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          parse(value);
        }
      } catch {
        // a dropped stream or a refused one: poll meanwhile, then try again
      }
      if (stopped) return;
      failures += 1;
      onState('down');
      await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 1000 * 2 ** Math.min(failures, 5))));
    }
  };
  run();
  return {
    close() {
      stopped = true;
      controller?.abort();
    },
  };
}
