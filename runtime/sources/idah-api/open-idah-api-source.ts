import { IdahPluginError } from '../../errors.ts';
import { type IdahCredentialsRef, resolveCredentials } from './credentials.ts';
import { IdahApiSource, type IdahApiSourceOptions } from './idah-api-source.ts';

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

export interface OpenIdahApiSourceOptions extends Omit<IdahApiSourceOptions, 'credentials'> {
  /** Where the credentials are (default: the IDAH_* environment variables). */
  credentials?: IdahCredentialsRef;
  env?: NodeJS.ProcessEnv;
}

/** Reads the credentials where the reference says, then opens the source (nothing is sent until the first read). */
export async function openIdahApiSource(options: OpenIdahApiSourceOptions): Promise<IdahApiSource> {
  const { credentials, env, ...rest } = options;
  return new IdahApiSource({ ...rest, credentials: await resolveCredentials(credentials, env) });
}
