import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describeThrown } from '../errors.ts';
import { contentDisposition } from '../storage/content-disposition.ts';
import type { HttpDestination } from './destination-schema.ts';
import { type DeliveryContext, type DeliveryFile, deliveryFailure, type DeliveryReceipt } from './delivery.ts';
import { sha256FromEtag } from './file-sha256.ts';

const DEFAULT_TIMEOUT_MS = 5 * 60_000;
const BODY_EXCERPT = 300;
const RETRY_AFTER_CAP_MS = 10 * 60_000;

/** What a notification says of the stored file. */
export function notificationOf(file: DeliveryFile): Record<string, unknown> {
  return {
    export_id: file.exportId,
    filename: file.filename,
    mime_type: file.mimeType,
    size: file.size,
    etag: file.etag,
    sha256: sha256FromEtag(file),
    download_url: file.downloadUrl,
  };
}

function retryAfterMs(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  const seconds = Number(text);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(text) - Date.now();
  return Number.isFinite(ms) && ms >= 0 ? Math.min(ms, RETRY_AFTER_CAP_MS) : undefined;
}

async function excerptOf(response: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    if (length < BODY_EXCERPT * 4) chunks.push(chunk);
    length += chunk.length;
  }
  // One line of plain text: the receiver's control and bidi characters never reach a record or a terminal.
  const text = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\s+/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '?')
    .trim();
  return text.length > BODY_EXCERPT ? `${text.slice(0, BODY_EXCERPT)}...` : text;
}

/**
 * To an HTTP endpoint: the file's bytes streamed (`POST`/`PUT`, `Content-Length`, its type and
 * name) or a JSON notification about it. Every attempt of one export carries the same
 * `Idempotency-Key`, so a receiver can drop a repeat. Any status outside 2xx is a failure naming
 * it with the start of the body; 408, 429 and 5xx may pass on a later attempt (`Retry-After`
 * honoured), other 4xx will not.
 */
export async function deliverOverHttp(destination: HttpDestination, file: DeliveryFile, context: DeliveryContext): Promise<DeliveryReceipt> {
  const method = destination.method ?? 'POST';
  const url = new URL(destination.url);
  const what = `${method} ${url.origin}${url.pathname}`;
  const headers: Record<string, string> = { ...destination.headers };
  for (const [name, reference] of Object.entries(destination.secret_headers ?? {})) headers[name] = await context.secrets.resolve(reference);
  headers['Idempotency-Key'] = `idah-export-${file.exportId}-${file.etag ?? file.size}`;
  let body: Readable;
  if (destination.body === 'notification') {
    const json = Buffer.from(JSON.stringify(notificationOf(file)));
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(json.length);
    body = Readable.from([json]);
  } else {
    headers['Content-Type'] = file.mimeType;
    headers['Content-Length'] = String(file.size);
    headers['Content-Disposition'] = contentDisposition(file.filename);
    body = await file.open(context.signal);
  }
  const timeoutMs = destination.timeout_ms ?? DEFAULT_TIMEOUT_MS;
  const signal = context.signal ? AbortSignal.any([context.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  let response: IncomingMessage;
  try {
    response = await new Promise<IncomingMessage>((resolve, reject) => {
      const outgoing = send(url, { method, headers, signal }, resolve);
      outgoing.on('error', reject);
      pipeline(body, outgoing).catch(reject);
    });
  } catch (error) {
    body.destroy();
    const timedOut = signal.aborted && !context.signal?.aborted;
    throw deliveryFailure(`${what}: ${timedOut ? `no answer within ${timeoutMs} ms` : describeThrown(error)}`, { retryable: true, cause: error });
  }
  const status = response.statusCode ?? 0;
  if (status >= 200 && status < 300) {
    response.resume();
    return { location: `${what} (HTTP ${status})` };
  }
  const excerpt = await excerptOf(response).catch(() => '');
  const retryable = status === 408 || status === 429 || status >= 500;
  const after = retryable ? retryAfterMs(response.headers['retry-after']) : undefined;
  throw deliveryFailure(`${what} answered HTTP ${status}${excerpt ? `: ${excerpt}` : ''}`, {
    retryable,
    ...(after !== undefined ? { retryAfterMs: after } : {}),
  });
}
