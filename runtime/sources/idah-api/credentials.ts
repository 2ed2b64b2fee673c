import { readFile } from 'node:fs/promises';
import { IdahPluginError } from '../../errors.ts';

/** What logs in: a bearer token as is, an API key (`iam/auth/api/login`) or an account (`iam/auth/login`). */
export type IdahCredentials =
  | { kind: 'token'; token: string }
  | { kind: 'api_key'; api_key: string }
  | { kind: 'account'; email: string; password: string };

/**
 * Where the credentials are, never what they are, so that it can sit in a job's arguments.
 * `env` names the variables (defaults below); `file` is a JSON file holding
 * `{"token"}`, `{"api_key"}` or `{"email", "password"}`. A file, when named, wins.
 */
export interface IdahCredentialsRef {
  env?: { token?: string; api_key?: string; email?: string; password?: string };
  file?: string;
}

export const DEFAULT_CREDENTIAL_ENV = {
  token: 'IDAH_TOKEN',
  api_key: 'IDAH_API_KEY',
  email: 'IDAH_EMAIL',
  password: 'IDAH_PASSWORD',
} as const;

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/** Reads the credentials a reference names; a missing or malformed one is a SOURCE_AUTH_FAILED saying what was looked for. */
export async function resolveCredentials(
  ref: IdahCredentialsRef = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<IdahCredentials> {
  if (ref.file !== undefined) return credentialsFromFile(ref.file);
  const names = { ...DEFAULT_CREDENTIAL_ENV, ...ref.env };
  const found = fromValues(
    { token: env[names.token], api_key: env[names.api_key], email: env[names.email], password: env[names.password] },
    `the environment (${names.token}, ${names.api_key}, or ${names.email} and ${names.password})`,
  );
  return found;
}

async function credentialsFromFile(path: string): Promise<IdahCredentials> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new IdahPluginError('SOURCE_AUTH_FAILED', `credentials file ${path}: cannot be read (${(error as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new IdahPluginError(
      'SOURCE_AUTH_FAILED',
      `credentials file ${path}: expected a JSON object {"token"}, {"api_key"} or {"email", "password"}, got text that is not JSON`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new IdahPluginError('SOURCE_AUTH_FAILED', `credentials file ${path}: expected a JSON object, got ${Array.isArray(parsed) ? 'an array' : typeof parsed}`);
  }
  return fromValues(parsed as Record<string, unknown>, `credentials file ${path}`);
}

function fromValues(values: Record<string, unknown>, where: string): IdahCredentials {
  if (nonEmpty(values.token)) return { kind: 'token', token: values.token };
  if (nonEmpty(values.api_key)) return { kind: 'api_key', api_key: values.api_key };
  if (nonEmpty(values.email) && nonEmpty(values.password)) return { kind: 'account', email: values.email, password: values.password };
  const partial = nonEmpty(values.email) || nonEmpty(values.password) ? ' (an email needs its password and a password its email)' : '';
  throw new IdahPluginError(
    'SOURCE_AUTH_FAILED',
    `no IDAH credentials in ${where}: expected a token, an API key, or an email and a password${partial}`,
  );
}
