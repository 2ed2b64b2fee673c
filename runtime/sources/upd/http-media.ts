import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { type Readable, Transform, pipeline } from 'node:stream';
import { describeThrown, IdahPluginError } from '../../errors.ts';
import { isPrivateAddress } from './address-policy.ts';
import { type MediaAccess, mediaReadFailed, mediaRefused } from './media-access.ts';

interface Hop {
  url: URL;
  media: string;
  original: string;
  access: MediaAccess;
}

/**
 * Opens an http(s) media body as a stream, bounded: a connect timeout, an idle timeout (no
 * byte for that long, headers or body), a size cap (Content-Length, then the bytes counted),
 * redirects followed up to a limit (http and https only), and, when asked, no private or
 * loopback address, checked on every address the host resolves to and on every redirect.
 */
export async function openHttpMedia(url: string, media: string, access: MediaAccess): Promise<Readable> {
  let target: URL;
  try {
    target = new URL(url);
  } catch (error) {
    throw mediaReadFailed(media, url, 'expected a valid http(s) URL', error);
  }
  for (let redirects = 0; ; redirects += 1) {
    const response = await get({ url: target, media, original: url, access });
    const status = response.statusCode ?? 0;
    const location = response.headers.location;
    if (status >= 300 && status < 400 && location) {
      response.destroy();
      if (redirects >= access.maxRedirects) throw mediaRefused(media, url, `more than ${access.maxRedirects} redirects (the last to ${location})`);
      target = new URL(location, target);
      if (target.protocol !== 'http:' && target.protocol !== 'https:') {
        throw mediaRefused(media, url, `a redirect to ${target.protocol} (${target.href}); expected http or https`);
      }
      continue;
    }
    if (status < 200 || status >= 300) {
      response.destroy();
      throw mediaReadFailed(media, url, `expected HTTP 2xx with a body, got ${status} ${response.statusMessage ?? ''}`.trim());
    }
    const declared = Number(response.headers['content-length']);
    if (Number.isFinite(declared) && declared > access.maxBytes) {
      response.destroy();
      throw mediaRefused(media, url, `the server announces ${declared} bytes, more than the limit of ${access.maxBytes}`);
    }
    return limited(response, media, url, access.maxBytes);
  }
}

function limited(response: IncomingMessage, media: string, url: string, maxBytes: number): Readable {
  let seen = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > maxBytes) done(mediaRefused(media, url, `the body is larger than the limit of ${maxBytes} bytes`));
      else done(null, chunk);
    },
  });
  pipeline(response, limit, () => undefined);
  return limit;
}

/** A lookup that hands out only public addresses, so the connection goes where was checked. */
const publicOnlyLookup = (hop: Hop): LookupFunction => (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const refused = addresses.find((entry) => isPrivateAddress(entry.address));
    if (refused) {
      return callback(
        mediaRefused(hop.media, hop.original, `${hostname} resolves to the private or loopback address ${refused.address}; private addresses are refused`),
        '',
        0,
      );
    }
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    return callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};

function get(hop: Hop): Promise<IncomingMessage> {
  const { url, media, original, access } = hop;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (access.refusePrivateAddresses && isIP(host) && isPrivateAddress(host)) {
    return Promise.reject(mediaRefused(media, original, `${host} is a private or loopback address; private addresses are refused`));
  }
  const request = url.protocol === 'https:' ? httpsRequest : url.protocol === 'http:' ? httpRequest : undefined;
  if (!request) return Promise.reject(mediaRefused(media, original, `${url.protocol} URL; expected http or https`));
  return new Promise((resolvePromise, reject) => {
    let response: IncomingMessage | undefined;
    const fail = (error: unknown) =>
      error instanceof IdahPluginError ? error : mediaReadFailed(media, original, `fetching ${url.href} failed: ${describeThrown(error)}`, error);
    const client: ClientRequest = request(url, {
      agent: false,
      ...(access.refusePrivateAddresses ? { lookup: publicOnlyLookup(hop) } : {}),
    });
    const connectTimer = setTimeout(
      () => client.destroy(mediaReadFailed(media, original, `no connection to ${url.host} within ${access.connectTimeoutMs} ms`)),
      access.connectTimeoutMs,
    );
    client.on('socket', (socket) => {
      socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
    });
    client.setTimeout(access.idleTimeoutMs, () => {
      const idle = mediaReadFailed(media, original, `no data from ${url.host} for ${access.idleTimeoutMs} ms`);
      if (response) response.destroy(idle);
      client.destroy(idle);
    });
    client.once('response', (incoming) => {
      response = incoming;
      clearTimeout(connectTimer);
      resolvePromise(incoming);
    });
    client.on('error', (error) => {
      clearTimeout(connectTimer);
      reject(fail(error));
    });
    client.once('close', () => clearTimeout(connectTimer));
    client.end();
  });
}
