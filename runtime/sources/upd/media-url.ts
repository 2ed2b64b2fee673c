import { basename, isAbsolute, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { openContainedFile } from './contained-file.ts';
import { openHttpMedia } from './http-media.ts';
import { type MediaAccess, mediaReadFailed } from './media-access.ts';

/**
 * Where an entry's `media_url` points (RFC §3.5.2): `local:<id>` (rows of the medias table),
 * `file://` URLs, `http(s)://` URLs, or, beyond the RFC, plain paths, relative ones being read
 * from the UPD file's folder. Other schemes (`s3://`) cannot be read here. Files are read only
 * inside the media root (the UPD file's folder unless configured).
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

/**
 * Opens the bytes a file or http(s) URL points to, as a stream; `media` names the media in errors.
 * Files must be regular files inside the media root; http(s) reads are bounded (see http-media.ts).
 */
export async function openMediaUrl(target: MediaUrl, mediaUrl: string, media: string, access: MediaAccess): Promise<Readable> {
  switch (target.kind) {
    case 'file':
      return openContainedFile(target.path, access.mediaRoot, media, mediaUrl);
    case 'http':
      return openHttpMedia(target.url, media, access);
    case 'local':
      throw mediaReadFailed(media, mediaUrl, `expected its bytes in the medias table, found no blob for "${target.mediaId}"`);
    case 'unsupported':
      throw mediaReadFailed(media, mediaUrl, 'expected a local:, file://, http(s):// URL or a path');
  }
}
