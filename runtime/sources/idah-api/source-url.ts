import { IdahPluginError } from '../../errors.ts';

/** The source kind's scheme prefix on the command line: `idah+https://host`, `idah+http://host` for local servers. */
export const IDAH_SOURCE_PREFIX = 'idah+';

export const isIdahSourceUrl = (value: string): boolean => /^idah\+https?:\/\//i.test(value);

/** `idah+https://host` -> `https://host`. */
export function baseUrlOfSourceUrl(value: string): string {
  if (!isIdahSourceUrl(value)) {
    throw new IdahPluginError('USAGE', `IDAH source: expected idah+https://host (or idah+http:// for a local server), got ${JSON.stringify(value)}`);
  }
  return value.slice(IDAH_SOURCE_PREFIX.length);
}
