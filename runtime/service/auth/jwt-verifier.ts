import { readFile } from 'node:fs/promises';
import { errors, importSPKI, type JWTPayload, jwtVerify, type CryptoKey } from 'jose';
import { IdahPluginError } from '../../errors.ts';
import { type Caller, ROLE_PERMISSIONS } from './permissions.ts';

/** IDAH's token payload: `u` user metadata, `r` role, `s` custom scopes, `exp`. */
interface IdahPayload extends JWTPayload {
  u?: { id?: string | number; email?: string } & Record<string, unknown>;
  r?: string;
  s?: Record<string, unknown>;
}

export type JwtResult = { caller: Caller } | { error: string };

/**
 * Verifies IDAH's ES256 tokens with the public key only (as the Sync service does), so this
 * service can check tokens but never forge them.
 */
export class JwtVerifier {
  readonly #key: CryptoKey;

  private constructor(key: CryptoKey) {
    this.#key = key;
  }

  static async fromPem(pem: string, where = 'public key'): Promise<JwtVerifier> {
    try {
      return new JwtVerifier(await importSPKI(pem.trim(), 'ES256'));
    } catch (error) {
      throw new IdahPluginError('USAGE', `${where}: expected an ES256 public key in PEM (SPKI), ${(error as Error).message}`);
    }
  }

  static async fromFile(path: string): Promise<JwtVerifier> {
    const pem = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new IdahPluginError('USAGE', `JWT public key ${path}: ${error.code === 'ENOENT' ? 'not found' : error.message}`);
    });
    return JwtVerifier.fromPem(pem, `JWT public key ${path}`);
  }

  /** A verified caller, or why the token is refused (401). An unknown role verifies, with no rights (403). */
  async verify(token: string): Promise<JwtResult> {
    let payload: IdahPayload;
    try {
      ({ payload } = await jwtVerify<IdahPayload>(token, this.#key, { algorithms: ['ES256'] }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) return { error: 'token expired' };
      return { error: `invalid token: ${(error as Error).message}` };
    }
    const role = typeof payload.r === 'string' ? payload.r : '';
    const userId = payload.u?.id !== undefined ? String(payload.u.id) : payload.sub ?? null;
    return {
      caller: {
        id: userId ? `user:${userId}` : `role:${role || 'none'}`,
        userId,
        role,
        permissions: new Set(ROLE_PERMISSIONS[role] ?? []),
      },
    };
  }
}
