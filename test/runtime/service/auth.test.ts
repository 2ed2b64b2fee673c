import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CryptoKey, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JwtVerifier } from '../../../runtime/service/auth/jwt-verifier.ts';
import { StaticTokens } from '../../../runtime/service/auth/static-tokens.ts';
import { S3OutputStorage } from '../../../runtime/storage/s3-output-storage.ts';
import { type RunningS3, startS3Server } from '../../support/s3-server.ts';
import { postExport, type RunningTestService, startTestService } from './support/service-harness.ts';

const ADMIN_TOKEN = 'admin-token-0123456789abcdef';
const READER_TOKEN = 'reader-token-0123456789abcdef';
let s3: RunningS3;
let storage: S3OutputStorage;
let service: RunningTestService;
let privateKey: CryptoKey;
let otherKey: CryptoKey;

const sign = (payload: Record<string, unknown>, key: CryptoKey = privateKey, expires: string | number = '1h') =>
  new SignJWT(payload).setProtectedHeader({ alg: 'ES256' }).setIssuedAt().setExpirationTime(expires).sign(key);

beforeAll(async () => {
  s3 = await startS3Server();
  storage = new S3OutputStorage({ bucket: s3.bucket, prefix: '', endpoint: s3.endpoint, credentials: s3.credentials });
  const pair = await generateKeyPair('ES256', { extractable: true });
  privateKey = pair.privateKey;
  otherKey = (await generateKeyPair('ES256')).privateKey;
  const tokens = new StaticTokens(`# service tokens\n${ADMIN_TOKEN}\n${READER_TOKEN} read\n`, 'test tokens');
  service = await startTestService({ storage, auth: { tokens } });
  const keyFile = join(service.work, 'public.pem');
  await writeFile(keyFile, await exportSPKI(pair.publicKey));
  service.context.auth.jwt = await JwtVerifier.fromFile(keyFile);
});

afterAll(async () => {
  await service?.close();
  storage?.close();
  await s3?.close();
});

const call = (path: string, token?: string, init: RequestInit = {}) =>
  fetch(`${service.api}${path}`, { ...init, headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(init.headers as Record<string, string>) } });
const codeOf = async (response: Response) => ((await response.json()) as { errors: Array<{ code: string; detail: string }> }).errors[0];

describe('auth', () => {
  it('keeps /healthcheck and /openapi.json open, asks for a token everywhere else (401, as IDAH)', async () => {
    expect((await call('/healthcheck')).status).toBe(200);
    expect((await call('/openapi.json')).status).toBe(200);
    const response = await call('/jobs');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('Bearer');
    expect(await codeOf(response)).toMatchObject({ code: 'UNAUTHORIZED', detail: expect.stringContaining('unauthorized_access') });
    expect((await call('/jobs', 'not-a-known-token')).status).toBe(401);
  });

  it('accepts static tokens with their permissions (403 beyond them)', async () => {
    expect((await call('/jobs', ADMIN_TOKEN)).status).toBe(200);
    expect((await call('/jobs', READER_TOKEN)).status).toBe(200);
    const created = await postExport(service, { project_id: 'data', dataset_ids: ['small'], exporter: 'json' }, { Authorization: `Bearer ${READER_TOKEN}` });
    expect(created.response.status).toBe(403);
    expect(created.body.errors?.[0]).toMatchObject({ code: 'FORBIDDEN', detail: expect.stringContaining('unauthorized action `create` on `sync:exports`') });
  });

  it('verifies IDAH ES256 JWTs: the role gives the rights, the user is recorded as created_by_id', async () => {
    const token = await sign({ u: { id: 7, email: 'ana@example.com' }, r: 'user', s: {} });
    const created = await postExport(service, { project_id: 'data', dataset_ids: ['small'], exporter: 'json' }, { Authorization: `Bearer ${token}` });
    expect(created.response.status).toBe(202);
    expect(created.body.data.attributes.created_by_id).toBe('7');
    expect((await call(`/jobs/${created.body.included[0]?.id}/cancel`, token, { method: 'POST' })).status).toBe(202);
    // The cookie IDAH's frontend sends works the same.
    expect((await call('/exports', undefined, { headers: { Cookie: `auth-token=${token}` } })).status).toBe(200);
  });

  it('refuses expired, foreign-signed and non-ES256 tokens with 401, and roles without rights with 403', async () => {
    const expired = await sign({ u: { id: 7 }, r: 'user' }, privateKey, Math.floor(Date.now() / 1000) - 60);
    expect(await codeOf(await call('/jobs', expired))).toMatchObject({ code: 'UNAUTHORIZED', detail: expect.stringContaining('token expired') });
    expect((await call('/jobs', await sign({ u: { id: 7 }, r: 'user' }, otherKey))).status).toBe(401);
    const hs256 = await new SignJWT({ r: 'system' }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('a shared secret of enough length'));
    expect((await call('/jobs', hs256)).status).toBe(401);
    const guest = await call('/jobs', await sign({ u: { id: 8 }, r: 'guest' }));
    expect(guest.status).toBe(403);
    expect((await codeOf(guest))?.code).toBe('FORBIDDEN');
  });

  it('refuses short static tokens and unknown permissions when reading the token file', () => {
    expect(() => new StaticTokens('short', 'tokens')).toThrow(/at least 16 characters/);
    expect(() => new StaticTokens(`${ADMIN_TOKEN} read,rule`, 'tokens')).toThrow(/unknown permission rule/);
    expect(() => new StaticTokens('# nothing\n', 'tokens')).toThrow(/at least one token/);
  });
});
