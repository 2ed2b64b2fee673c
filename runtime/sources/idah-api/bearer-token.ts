import { IdahPluginError } from '../../errors.ts';
import type { IdahCredentials } from './credentials.ts';

/** Logs in with the credentials, returning the JWT from the body's `meta.token`. */
export type LoginCall = (path: string, body: Record<string, unknown>) => Promise<unknown>;

/** A token is renewed this long before its `exp`, as IDAH's own client does. */
const RENEW_BEFORE_MS = 60_000;

/** The JWT's `exp` in ms, read by decoding its payload; undefined for a token that is not a readable JWT. */
export function tokenExpiryMs(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** Holds the bearer token: the given one, or one from a login, renewed near its expiry or when refused. */
export class BearerToken {
  readonly #credentials: IdahCredentials;
  readonly #login: LoginCall;
  #token: string | undefined;
  #expiresAt: number | undefined;
  #pending: Promise<string> | undefined;

  constructor(credentials: IdahCredentials, login: LoginCall) {
    this.#credentials = credentials;
    this.#login = login;
    if (credentials.kind === 'token') this.#token = credentials.token;
  }

  /** Whether a refused token can be replaced by logging in again. */
  get renewable(): boolean {
    return this.#credentials.kind !== 'token';
  }

  async current(): Promise<string> {
    if (this.#token && (this.#credentials.kind === 'token' || !this.#nearExpiry())) return this.#token;
    return this.renew();
  }

  /** Logs in again (one login at a time, shared by every caller waiting for it). */
  renew(): Promise<string> {
    if (this.#credentials.kind === 'token') {
      return Promise.reject(new IdahPluginError('SOURCE_AUTH_FAILED', 'IDAH refused the bearer token (401): it may have expired; give a new one'));
    }
    this.#pending ??= this.#loginOnce().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  #nearExpiry(): boolean {
    return this.#expiresAt !== undefined && this.#expiresAt - Date.now() < RENEW_BEFORE_MS;
  }

  async #loginOnce(): Promise<string> {
    const credentials = this.#credentials;
    const [path, body, what] =
      credentials.kind === 'api_key'
        ? ['iam/auth/api/login', { api_key: credentials.api_key }, 'API-key login']
        : ['iam/auth/login', { email: (credentials as { email: string }).email, password: (credentials as { password: string }).password }, 'login'];
    const response = (await this.#login(path, body)) as { meta?: { token?: unknown } } | null;
    const token = response?.meta?.token;
    if (typeof token !== 'string' || token === '') {
      throw new IdahPluginError('SOURCE_AUTH_FAILED', `IDAH ${what} (POST ${path}): expected a token in meta.token, got none`);
    }
    this.#token = token;
    this.#expiresAt = tokenExpiryMs(token);
    return token;
  }
}
