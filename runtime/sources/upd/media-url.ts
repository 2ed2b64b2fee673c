import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, isAbsolute, resolve } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { fileURLToPath } from 'node:url';
import { describeThrown, IdahPluginError } from '../../errors.ts';

/**
 * Where an entry's `media_url` points (RFC §3.5.2): `local:<id>` (rows of the medias table),
 * `file://` URLs, `http(s)://` URLs, or, beyond the RFC, plain paths, relative ones being read
 * from the UPD file's folder. Other schemes (`s3://`) cannot be read here.
 */
export type MediaUrl =
  | { kind: 'local'; mediaId: string }
  | { kind: 'file'; path: string }
  | { kind: 'http'; url: string }
  | { kind: 'unsupported'; url: string };

const LOCAL_PREFIX = 'local:';
/** A URL scheme of two letters or more (one letter is a Windows drive: `C:\images`). */
const URL_SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]+):/;

export function parseMediaUrl(mediaUrl: string, baseFolder: string): MediaUrl {
  if (mediaUrl.startsWith(LOCAL_PREFIX)) return { kind: 'local', mediaId: mediaUrl.slice(LOCAL_PREFIX.length) };
  const scheme = URL_SCHEME.exec(mediaUrl)?.[1]?.toLowerCase();
  if (scheme === 'file') {
    try {
      return { kind: 'file', path: fileURLToPath(mediaUrl) };
    } catch {
      return { kind: 'unsupported', url: mediaUrl };
    }
  }
  if (scheme === 'http' || scheme === 'https') return { kind: 'http', url: mediaUrl };
  if (scheme !== undefined) return { kind: 'unsupported', url: mediaUrl };
  return { kind: 'file', path: isAbsolute(mediaUrl) ? mediaUrl : resolve(baseFolder, mediaUrl) };
}

/** The file name a URL or path ends with, for medias known only by their entry's URL. */
export function fileNameOfUrl(mediaUrl: string): string {
  const path = URL_SCHEME.test(mediaUrl) ? safeUrlPath(mediaUrl) : mediaUrl;
  return basename(path) || mediaUrl;
}

function safeUrlPath(mediaUrl: string): string {
  try {
    return decodeURIComponent(new URL(mediaUrl).pathname);
  } catch {
    return mediaUrl;
  }
}

const readFailed = (media: string, url: string, problem: string, cause?: unknown) =>
  new IdahPluginError('SOURCE_READ_FAILED', `media ${media}: ${problem} (url ${JSON.stringify(url)})`, {
    cause,
    details: { url },
  });

/** Opens the bytes a file or http(s) URL points to, as a stream; `media` names the media in errors. */
export async function openMediaUrl(target: MediaUrl, mediaUrl: string, media: string): Promise<Readable> {
  switch (target.kind) {
    case 'file':
      try {
        if (!(await stat(target.path)).isFile()) throw new Error(`${target.path} is not a file`);
      } catch (error) {
        throw readFailed(media, mediaUrl, `expected a readable file at ${target.path}: ${describeThrown(error)}`, error);
      }
      return createReadStream(target.path);
    case 'http': {
      let response: Response;
      try {
        response = await fetch(target.url);
      } catch (error) {
        throw readFailed(media, mediaUrl, `fetching failed: ${describeThrown((error as Error).cause ?? error)}`, error);
      }
      if (!response.ok || !response.body) {
        await response.body?.cancel();
        throw readFailed(media, mediaUrl, `expected HTTP 2xx with a body, got ${response.status} ${response.statusText}`);
      }
      return Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
    }
    case 'local':
      throw readFailed(media, mediaUrl, `expected its bytes in the medias table, found no blob for "${target.mediaId}"`);
    case 'unsupported':
      throw readFailed(media, mediaUrl, 'expected a local:, file://, http(s):// URL or a path');
  }
}
