import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { link, mkdir, open, readdir, readFile, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describeThrown, IdahPluginError } from '../errors.ts';
import type { ByteRange, OutputStorage, StoredObject } from './output-storage.ts';

const META_SUFFIX = '.idah-meta.json';
const TEMP_SUFFIX = '.idah-tmp';

interface Meta {
  size: number;
  etag: string;
  mimeType: string;
  filename: string;
}

/**
 * Outputs in a local folder, for one machine (or a folder all workers mount). A put copies
 * into a temporary name beside the target, hashing as it copies, flushes it to disk, then
 * links it under the key, so a key is never seen half written and never written twice.
 * What an object is (type, tag) sits in a small `<key>.idah-meta.json` beside it.
 */
export class LocalOutputStorage implements OutputStorage {
  readonly description: string;

  constructor(readonly root: string) {
    this.description = root;
  }

  private pathOf(key: string): string {
    const segments = key.split('/');
    if (
      !key ||
      key.includes('\\') ||
      key.includes('\0') ||
      segments.some((segment) => segment === '' || segment === '.' || segment === '..') ||
      key.endsWith(META_SUFFIX) ||
      key.endsWith(TEMP_SUFFIX)
    ) {
      throw new IdahPluginError('STORAGE_FAILED', `storage key: expected a relative path of names without "..", got ${JSON.stringify(key)}`);
    }
    return join(this.root, ...segments);
  }

  async put(key: string, filePath: string, info: { mimeType: string; filename: string; signal?: AbortSignal }): Promise<StoredObject> {
    const target = this.pathOf(key);
    const metaPath = `${target}${META_SUFFIX}`;
    // The description is created first and exclusively: it claims the key (a second writer
    // fails here), and keeps the folder non-empty while the copy runs.
    await this.createExclusive(metaPath, key);
    const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
    const hash = createHash('sha256');
    let size = 0;
    const hashing = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(createReadStream(filePath), hashing, createWriteStream(temp, { flags: 'wx' }), ...(info.signal ? [{ signal: info.signal }] : []));
      await flush(temp);
      const meta: Meta = { size, etag: hash.digest('hex'), mimeType: info.mimeType, filename: info.filename };
      await writeFile(metaPath, JSON.stringify(meta));
      await link(temp, target);
      await flush(dirname(target));
      return { key, size, etag: meta.etag, mimeType: meta.mimeType };
    } catch (error) {
      await rm(metaPath, { force: true }).catch(() => {});
      if (info.signal?.aborted) {
        throw new IdahPluginError('EXPORT_CANCELLED', `copy of ${key} to ${this.description} was cancelled`, { cause: error });
      }
      throw new IdahPluginError('STORAGE_FAILED', `copy of ${key} to ${this.description} failed: ${describeThrown(error)}`, { cause: error });
    } finally {
      await rm(temp, { force: true }).catch(() => {});
    }
  }

  private async createExclusive(path: string, key: string): Promise<void> {
    for (let tries = 0; ; tries += 1) {
      try {
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, '', { flag: 'wx' });
        return;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') {
          throw new IdahPluginError('STORAGE_FAILED', `storage: ${this.description} already holds ${key}; keys are written once`, { cause: error });
        }
        // A delete of a sibling may remove the folder between mkdir and the write: make it again.
        if (code !== 'ENOENT' || tries >= 3) {
          throw new IdahPluginError('STORAGE_FAILED', `storage: cannot write ${key} in ${this.description}: ${describeThrown(error)}`, { cause: error });
        }
      }
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    const stored = await this.stat(key);
    if (!stored) throw new IdahPluginError('STORAGE_NOT_FOUND', `storage: ${this.description} holds no ${key}`);
    if (range && !(Number.isInteger(range.start) && Number.isInteger(range.end) && range.start >= 0 && range.start <= range.end && range.end < stored.size)) {
      throw new IdahPluginError('USAGE', `storage: range ${range.start}-${range.end} is outside ${key} (${stored.size} bytes)`);
    }
    return createReadStream(this.pathOf(key), range ? { start: range.start, end: range.end } : {});
  }

  async stat(key: string): Promise<StoredObject | null> {
    const target = this.pathOf(key);
    if (!(await exists(target))) return null;
    try {
      const meta = JSON.parse(await readFile(`${target}${META_SUFFIX}`, 'utf8')) as Meta;
      return { key, size: meta.size, etag: meta.etag, mimeType: meta.mimeType };
    } catch (error) {
      throw new IdahPluginError('STORAGE_FAILED', `storage: the description of ${key} in ${this.description} is unreadable: ${describeThrown(error)}`, {
        cause: error,
      });
    }
  }

  /** Removes the object, its description, and any partial copy a killed put left of it. */
  async delete(key: string): Promise<void> {
    const target = this.pathOf(key);
    await rm(target, { force: true });
    await rm(`${target}${META_SUFFIX}`, { force: true });
    const partialPrefix = `.${basename(target)}.`;
    for (const name of await readdir(dirname(target)).catch(() => [] as string[])) {
      if (name.startsWith(partialPrefix) && name.endsWith(TEMP_SUFFIX)) await rm(join(dirname(target), name), { force: true });
    }
    await this.removeEmptyFolders(dirname(target));
  }

  async check(): Promise<{ ok: boolean; detail: string }> {
    const probe = join(this.root, `.probe-${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
    try {
      await mkdir(this.root, { recursive: true });
      await writeFile(probe, 'ok', { flag: 'wx' });
      await unlink(probe);
      return { ok: true, detail: `${this.description} is writable` };
    } catch (error) {
      return { ok: false, detail: `${this.description} is not writable: ${describeThrown(error)}` };
    }
  }

  /**
   * Removes temporary copies older than `maxAgeMs` (a process killed during a put leaves
   * one). Returns how many it removed.
   */
  async removeStaleTemporaries(maxAgeMs: number): Promise<number> {
    let removed = 0;
    const walk = async (folder: string): Promise<void> => {
      const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (entry.name.endsWith(TEMP_SUFFIX)) {
          const info = await stat(path).catch(() => null);
          if (info && Date.now() - info.mtimeMs > maxAgeMs) {
            await rm(path, { force: true });
            removed += 1;
          }
        }
      }
    };
    await walk(this.root);
    return removed;
  }

  private async removeEmptyFolders(folder: string): Promise<void> {
    let current = folder;
    while (relative(this.root, current) && !relative(this.root, current).startsWith('..') && current.startsWith(this.root + sep)) {
      try {
        await rmdir(current);
      } catch {
        return;
      }
      current = dirname(current);
    }
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** fsync of a file or a folder (so the rename or link itself survives a crash). */
async function flush(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
