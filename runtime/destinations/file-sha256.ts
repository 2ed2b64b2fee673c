import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { DeliveryFile } from './delivery.ts';

/** The file's SHA-256 when its etag is one (a local folder's storage); a bucket's etag is not. */
export const sha256FromEtag = (file: DeliveryFile): string | null => (file.etag && /^[0-9a-f]{64}$/.test(file.etag) ? file.etag : null);

/** The file's SHA-256 (hex): from its etag when that is one, else by reading the file once. */
export async function sha256OfFile(file: DeliveryFile, signal?: AbortSignal): Promise<string> {
  const known = sha256FromEtag(file);
  if (known) return known;
  const hash = createHash('sha256');
  await pipeline(await file.open(signal), hash, ...(signal ? [{ signal }] : []));
  return hash.digest('hex');
}
