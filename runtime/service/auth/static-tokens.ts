import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { IdahPluginError } from '../../errors.ts';
import { ALL_PERMISSIONS, type Caller, type Permission, parsePermissions } from './permissions.ts';

/** The environment variable holding static tokens (one per line, or separated by `;`). */
export const TOKENS_ENV = 'IDAH_SYNC_TOKENS';

interface StaticToken {
  digest: Buffer;
  permissions: Permission[];
}

const digestOf = (token: string) => createHash('sha256').update(token).digest();

/**
 * Static bearer tokens: one per line (or `;`-separated), `<token> [read,create,delete]` (all permissions when none
 * are given), `#` starts a comment. Tokens are compared by digest in constant time and never
 * kept in clear.
 */
export class StaticTokens {
  readonly #tokens: StaticToken[];

  constructor(text: string, where: string) {
    this.#tokens = [];
    for (const [index, raw] of text.split(/\r?\n|;/).entries()) {
      const line = raw.replace(/#.*$/, '').trim();
      if (!line) continue;
      const [token, permissions] = line.split(/\s+/, 2) as [string, string | undefined];
      if (token.length < 16) {
        throw new IdahPluginError('USAGE', `${where} entry ${index + 1}: a token needs at least 16 characters, got ${token.length}`);
      }
      this.#tokens.push({
        digest: digestOf(token),
        permissions: permissions ? parsePermissions(permissions, `${where} entry ${index + 1}`) : [...ALL_PERMISSIONS],
      });
    }
    if (this.#tokens.length === 0) throw new IdahPluginError('USAGE', `${where}: expected at least one token, got none`);
  }

  static async fromFile(path: string): Promise<StaticTokens> {
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new IdahPluginError('USAGE', `token file ${path}: ${error.code === 'ENOENT' ? 'not found' : error.message}`);
    });
    return new StaticTokens(text, `token file ${path}`);
  }

  /** The caller this token names, or null when it is none of ours. */
  verify(token: string): Caller | null {
    const digest = digestOf(token);
    const index = this.#tokens.findIndex((candidate) => timingSafeEqual(candidate.digest, digest));
    const match = this.#tokens[index];
    if (!match) return null;
    return { id: `token:${index + 1}`, userId: null, role: 'token', permissions: new Set(match.permissions) };
  }
}
