import { type IdahCredentialsRef, resolveCredentials } from './credentials.ts';
import { IdahApiSource, type IdahApiSourceOptions } from './idah-api-source.ts';

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
