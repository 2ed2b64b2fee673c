import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveCredentials } from '../../../../runtime/sources/idah-api/credentials.ts';
import { openSource, type SourceDescriptor } from '../../../../runtime/sources/source-descriptor.ts';
import { startServer } from './support.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'idah-credentials-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('IDAH credentials, by reference only', () => {
  it('reads the default variables: a token first, then an API key, then an email and password', async () => {
    expect(await resolveCredentials({}, { IDAH_TOKEN: 't', IDAH_API_KEY: 'k', IDAH_EMAIL: 'e', IDAH_PASSWORD: 'p' })).toEqual({ kind: 'token', token: 't' });
    expect(await resolveCredentials({}, { IDAH_API_KEY: 'k', IDAH_EMAIL: 'e', IDAH_PASSWORD: 'p' })).toEqual({ kind: 'api_key', api_key: 'k' });
    expect(await resolveCredentials({}, { IDAH_EMAIL: 'e', IDAH_PASSWORD: 'p' })).toEqual({ kind: 'account', email: 'e', password: 'p' });
  });

  it('reads variables the reference names', async () => {
    expect(await resolveCredentials({ env: { token: 'STAGING_TOKEN' } }, { STAGING_TOKEN: 's', IDAH_TOKEN: 'x' })).toEqual({ kind: 'token', token: 's' });
  });

  it('reads a JSON file, which wins over the environment', async () => {
    const file = join(dir, 'creds.json');
    await writeFile(file, JSON.stringify({ api_key: 'from-file' }));
    expect(await resolveCredentials({ file }, { IDAH_TOKEN: 't' })).toEqual({ kind: 'api_key', api_key: 'from-file' });
  });

  it.each([
    ['nothing set', {}, {}, /no IDAH credentials in the environment/],
    ['an email without its password', {}, { IDAH_EMAIL: 'e' }, /an email needs its password/],
    ['a missing file', { file: '/nonexistent/creds.json' }, {}, /credentials file \/nonexistent\/creds.json: cannot be read/],
  ])('fails with SOURCE_AUTH_FAILED on %s', async (_, ref, env, message) => {
    await expect(resolveCredentials(ref, env)).rejects.toMatchObject({ code: 'SOURCE_AUTH_FAILED', message: expect.stringMatching(message) });
  });

  it('fails on a file that is not a JSON object', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, '["token"]');
    await expect(resolveCredentials({ file })).rejects.toMatchObject({ code: 'SOURCE_AUTH_FAILED', message: expect.stringContaining('expected a JSON object, got an array') });
  });

  it('opens a live source from a descriptor naming a credentials file (what the service carries)', async () => {
    const server = await startServer();
    const file = join(dir, 'service.json');
    await writeFile(file, JSON.stringify({ token: server.issueToken() }));
    const descriptor: SourceDescriptor = { kind: 'idah-api', baseUrl: server.url, credentials: { file } };
    expect(JSON.stringify(descriptor)).not.toContain('token":');
    const source = await openSource(descriptor);
    try {
      expect((await source.listDatasets()).map((dataset) => dataset.id)).toEqual(['ds-a', 'ds-b']);
      expect(source.description).toBe(`${server.url}/`);
    } finally {
      await source.close();
    }
  });
});
