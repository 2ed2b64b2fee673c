import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { ApiError } from '../http/api-error.ts';
import type { JwtVerifier } from './jwt-verifier.ts';
import { ALL_PERMISSIONS, type Caller, type Permission } from './permissions.ts';
import type { StaticTokens } from './static-tokens.ts';

/** How requests are authenticated. With neither, every request is the local caller (bind to 127.0.0.1). */
export interface AuthConfig {
  tokens?: StaticTokens;
  jwt?: JwtVerifier;
}

export const LOCAL_CALLER: Caller = { id: 'local', userId: null, role: 'system', permissions: new Set(ALL_PERMISSIONS) };

export const authEnabled = (auth: AuthConfig) => Boolean(auth.tokens || auth.jwt);

/** IDAH's `:default` strategy: `Authorization: Bearer <token>`, else the `auth-token` cookie. */
function presentedToken(c: Context): string | undefined {
  const header = c.req.header('authorization');
  const bearer = header ? /^Bearer\s+(.+)$/i.exec(header.trim())?.[1] : undefined;
  return bearer ?? getCookie(c, 'auth-token') ?? undefined;
}

/** Sets `c.get('caller')`, or answers 401 as IDAH does (`unauthorized_access`). */
export function authenticate(auth: AuthConfig): MiddlewareHandler<{ Variables: { caller: Caller } }> {
  return async (c, next) => {
    if (!authEnabled(auth)) {
      c.set('caller', LOCAL_CALLER);
      return next();
    }
    const token = presentedToken(c);
    const challenge = { headers: { 'WWW-Authenticate': 'Bearer realm="idah-sync"' } };
    if (!token) throw new ApiError(401, 'UNAUTHORIZED', 'unauthorized_access: send Authorization: Bearer <token>', challenge);
    const fromStatic = auth.tokens?.verify(token);
    if (fromStatic) {
      c.set('caller', fromStatic);
      return next();
    }
    if (auth.jwt) {
      const result = await auth.jwt.verify(token);
      if ('caller' in result) {
        c.set('caller', result.caller);
        return next();
      }
      throw new ApiError(401, 'UNAUTHORIZED', `unauthorized_access: ${result.error}`, challenge);
    }
    throw new ApiError(401, 'UNAUTHORIZED', 'unauthorized_access: unknown token', challenge);
  };
}

/** 403 as IDAH's `can!`: "unauthorized action `read` on `sync:exports`". */
export function requirePermission(c: Context, permission: Permission, resource: string): Caller {
  const caller = c.get('caller') as Caller;
  if (!caller.permissions.has(permission)) {
    throw new ApiError(403, 'FORBIDDEN', `unauthorized action \`${permission}\` on \`${resource}\` for role ${caller.role || 'none'}`);
  }
  return caller;
}
