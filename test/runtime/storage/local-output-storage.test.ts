import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isIdahPluginError } from '../../../runtime/errors.ts';
import { LocalOutputStorage } from '../../../runtime/storage/local-output-storage.ts';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function listTree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1)).sort();
}

describe('LocalOutputStorage', () => {
  let dir: string;
  let source: string;
  let bytes: Buffer;
  let storage: LocalOutputStorage;
  const info = { mimeType: 'application/zip', filename: 'out.zip' };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'idah-local-storage-'));
    bytes = randomBytes(300_000);
    source = join(dir, 'source.bin');
    await writeFile(source, bytes);
    storage = new LocalOutputStorage(join(dir, 'outputs'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('stores a file once under its key, tagged with the hash of its bytes, and reads it back whole or by range', async () => {
    const stored = await storage.put('exports/1/a1-token', source, info);
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect(stored).toEqual({ key: 'exports/1/a1-token', size: bytes.length, etag: sha, mimeType: 'application/zip' });
    expect(await storage.stat('exports/1/a1-token')).toEqual(stored);
    expect((await readAll(await storage.get('exports/1/a1-token'))).equals(bytes)).toBe(true);
    const part = await readAll(await storage.get('exports/1/a1-token', { start: 100, end: 199 }));
    expect(part.equals(bytes.subarray(100, 200))).toBe(true);
    expect(await listTree(join(dir, 'outputs'))).toEqual(['exports/1/a1-token', 'exports/1/a1-token.idah-meta.json']);
  });

  it('refuses to write a key twice, also when two writers race, and keeps the first bytes', async () => {
    await storage.put('k', source, info);
    const again = await storage.put('k', source, info).catch((error: unknown) => error);
    expect(isIdahPluginError(again, 'STORAGE_FAILED')).toBe(true);
    expect((again as Error).message).toMatch(/already holds k/);
    const results = await Promise.allSettled([storage.put('race', source, info), storage.put('race', source, info)]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((await readAll(await storage.get('race'))).equals(bytes)).toBe(true);
    expect((await listTree(join(dir, 'outputs'))).filter((name) => name.includes('idah-tmp'))).toEqual([]);
  });

  it('says clearly what is absent, out of range or not a key', async () => {
    expect(await storage.stat('missing')).toBeNull();
    const missing = await storage.get('missing').catch((error: unknown) => error);
    expect(isIdahPluginError(missing, 'STORAGE_NOT_FOUND')).toBe(true);
    await storage.put('k', source, info);
    const outside = await storage.get('k', { start: 0, end: bytes.length }).catch((error: unknown) => error);
    expect((outside as Error).message).toMatch(/outside k/);
    for (const key of ['../escape', '/abs', 'a//b', 'a/./b', '', 'x.idah-meta.json', 'a\\b']) {
      const error = await storage.put(key, source, info).catch((thrown: unknown) => thrown);
      expect(isIdahPluginError(error, 'STORAGE_FAILED'), key).toBe(true);
    }
  });

  it('deletes an object, its description and the folders it leaves empty; deleting what is absent is fine', async () => {
    await storage.put('exports/9/a1-x', source, info);
    await storage.put('exports/8/a1-y', source, info);
    await storage.delete('exports/9/a1-x');
    expect(await storage.stat('exports/9/a1-x')).toBeNull();
    expect(await readdir(join(dir, 'outputs', 'exports'))).toEqual(['8']);
    await storage.delete('exports/9/a1-x');
  });

  it("deleting a key also removes a partial copy a killed put left of it, and only of that key", async () => {
    await storage.put('exports/7/a1-y', source, info);
    // What a put killed mid-copy leaves: its claim and a temporary copy beside the key.
    await writeFile(join(dir, 'outputs', 'exports', '7', 'a2-z.idah-meta.json'), '"claimed"');
    await writeFile(join(dir, 'outputs', 'exports', '7', '.a2-z.0a1b2c3d4e5f.idah-tmp'), 'half');
    await storage.delete('exports/7/a2-z');
    expect(await listTree(join(dir, 'outputs'))).toEqual(['exports/7/a1-y', 'exports/7/a1-y.idah-meta.json']);
  });

  it('leaves nothing behind when the copy is cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await storage.put('cancelled', source, { ...info, signal: controller.signal }).catch((thrown: unknown) => thrown);
    expect(isIdahPluginError(error, 'EXPORT_CANCELLED')).toBe(true);
    expect(await storage.stat('cancelled')).toBeNull();
    expect(await listTree(join(dir, 'outputs'))).toEqual([]);
  });

  it('checks that its folder is writable', async () => {
    expect(await storage.check()).toMatchObject({ ok: true });
    await writeFile(join(dir, 'a-file'), 'x');
    const blocked = new LocalOutputStorage(join(dir, 'a-file', 'outputs'));
    expect(await blocked.check()).toMatchObject({ ok: false });
  });

  it('removes stale temporary copies a killed process left', async () => {
    await storage.put('exports/1/a1-x', source, info);
    const stale = join(dir, 'outputs', 'exports', '1', '.a2-y.abc.idah-tmp');
    const fresh = join(dir, 'outputs', 'exports', '1', '.a3-z.def.idah-tmp');
    await writeFile(stale, 'partial');
    await writeFile(fresh, 'partial');
    const old = new Date(Date.now() - 3_600_000);
    await utimes(stale, old, old);
    expect(await storage.removeStaleTemporaries(60_000)).toBe(1);
    expect(await listTree(join(dir, 'outputs'))).toEqual([
      'exports/1/.a3-z.def.idah-tmp',
      'exports/1/a1-x',
      'exports/1/a1-x.idah-meta.json',
    ]);
  });
});
