import { IdahPluginError } from '../../errors.ts';

/** How far the bytes of an entry's `media_url` may be fetched from. */
export interface MediaAccessOptions {
  /** Paths and `file://` URLs must resolve inside this folder (symlinks followed). Default: the UPD file's folder. */
  mediaRoot?: string;
  /**
   * Refuse http(s) media whose host resolves to a loopback, private, link-local or otherwise
   * non-public address (every address the name resolves to is checked). Off by default so media
   * on a local test server work; a service reading untrusted files turns it on.
   */
  refusePrivateAddresses?: boolean;
  /** Time to open a TCP (and TLS) connection. Default 10 s. */
  connectTimeoutMs?: number;
  /** Longest silence while waiting for headers or body bytes. Default 30 s. */
  idleTimeoutMs?: number;
  /** Largest media body read over http(s). Default 2 GiB. */
  maxBytes?: number;
  /** Redirects followed before giving up. Default 5. */
  maxRedirects?: number;
}

export type MediaAccess = Required<MediaAccessOptions>;

export const MEDIA_ACCESS_DEFAULTS = {
  refusePrivateAddresses: false,
  connectTimeoutMs: 10_000,
  idleTimeoutMs: 30_000,
  maxBytes: 2 * 1024 ** 3,
  maxRedirects: 5,
} as const;

export function mediaAccessOf(options: MediaAccessOptions, defaultRoot: string): MediaAccess {
  return {
    ...MEDIA_ACCESS_DEFAULTS,
    ...Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)),
    mediaRoot: options.mediaRoot ?? defaultRoot,
  } as MediaAccess;
}

/**
 * A media the source will not read: outside the media root, a special file, a private address,
 * too big, too many redirects. Bad data, so `on_error` decides (skip and report, or fail).
 */
export const mediaRefused = (media: string, url: string, problem: string, cause?: unknown): IdahPluginError =>
  new IdahPluginError('MEDIA_REFUSED', `media ${media}: refused: ${problem} (url ${JSON.stringify(url)})`, {
    cause,
    details: { url },
  });

/** A media that could not be read (missing file, server error, a timeout). */
export const mediaReadFailed = (media: string, url: string, problem: string, cause?: unknown): IdahPluginError =>
  new IdahPluginError('SOURCE_READ_FAILED', `media ${media}: ${problem} (url ${JSON.stringify(url)})`, {
    cause,
    details: { url },
  });
