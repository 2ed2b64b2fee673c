import { readFile } from 'node:fs/promises';
import { IdahPluginError } from '../errors.ts';

/**
 * A secret named, never given: `env:NAME` (an environment variable of the delivering process),
 * `secret:NAME` (the service's secrets file, else `$IDAH_SECRET_<NAME>`), `file:/path` (a
 * file's text). Records and job arguments hold only these references.
 */
export const SECRET_REFERENCE_PATTERN = /^(env:[A-Za-z_][A-Za-z0-9_]{0,127}|secret:[A-Za-z0-9_.-]{1,128}|file:\/.+)$/;

/** The environment variable a `secret:NAME` falls back to: `IDAH_SECRET_` and NAME in upper case, other characters as `_`. */
export const secretEnvName = (name: string) => `IDAH_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;

export interface SecretResolverOptions {
  env?: NodeJS.ProcessEnv;
  /** A JSON object of secret names to values (strings, or objects such as S3 key pairs). */
  secretsFile?: string;
}

/** Resolves secret references where the delivering process runs; messages name the reference, never a value. */
export class SecretResolver {
  readonly env: NodeJS.ProcessEnv;
  readonly #secretsFile: string | undefined;
  #secrets: Promise<Record<string, unknown>> | undefined;

  constructor(options: SecretResolverOptions = {}) {
    this.env = options.env ?? process.env;
    this.#secretsFile = options.secretsFile;
  }

  async resolve(reference: string): Promise<string> {
    if (!SECRET_REFERENCE_PATTERN.test(reference)) {
      throw new IdahPluginError('DESTINATION_INVALID', `secret reference: expected "env:NAME", "secret:NAME" or "file:/path", got ${JSON.stringify(reference.slice(0, 40))}`);
    }
    const [kind, ...rest] = reference.split(':');
    const name = rest.join(':');
    if (kind === 'env') return this.#fromEnv(name, reference);
    if (kind === 'file') return this.#fromFile(name, reference);
    const secrets = await this.#loadSecrets();
    const value = secrets[name];
    if (typeof value === 'string' && value) return value;
    if (typeof value === 'object' && value !== null) return JSON.stringify(value);
    const fallback = this.env[secretEnvName(name)];
    if (fallback) return fallback;
    const where = this.#secretsFile ? `the secrets file ${this.#secretsFile} or $${secretEnvName(name)}` : `$${secretEnvName(name)} (no secrets file is set)`;
    throw new IdahPluginError('SECRET_NOT_FOUND', `${reference}: no such secret in ${where}`);
  }

  /** The value of an environment variable, or undefined (for optional parts such as a session token). */
  optionalEnv(name: string): string | undefined {
    return this.env[name] || undefined;
  }

  #fromEnv(name: string, reference: string): string {
    const value = this.env[name];
    if (!value) throw new IdahPluginError('SECRET_NOT_FOUND', `${reference}: the environment variable ${name} is not set on this worker`);
    return value;
  }

  async #fromFile(path: string, reference: string): Promise<string> {
    try {
      const text = (await readFile(path, 'utf8')).replace(/\r?\n$/, '');
      if (!text) throw new Error('the file is empty');
      return text;
    } catch (error) {
      throw new IdahPluginError('SECRET_NOT_FOUND', `${reference}: cannot be read on this worker (${(error as Error).message})`);
    }
  }

  #loadSecrets(): Promise<Record<string, unknown>> {
    const file = this.#secretsFile;
    if (!file) return Promise.resolve({});
    this.#secrets ??= readFile(file, 'utf8').then(
      (text) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          throw new IdahPluginError('SECRET_NOT_FOUND', `secrets file ${file}: expected a JSON object of names to values, got text that is not JSON`);
        }
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
          throw new IdahPluginError('SECRET_NOT_FOUND', `secrets file ${file}: expected a JSON object of names to values`);
        }
        return parsed as Record<string, unknown>;
      },
      (error: Error) => {
        throw new IdahPluginError('SECRET_NOT_FOUND', `secrets file ${file}: cannot be read (${error.message})`);
      },
    );
    // A failed read is tried again next time (the file may appear).
    this.#secrets.catch(() => (this.#secrets = undefined));
    return this.#secrets;
  }
}
