import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, expect } from 'vitest';
import { type IdahErrorCode, isIdahPluginError } from '../../../runtime/errors.ts';
import { IoContext, type IoContextOptions } from '../../../runtime/io/io-context.ts';

const run = promisify(execFile);

/** Real temp directories, removed after each test. */
export function useTempDirs(): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'idah-io-test-'));
    made.push(dir);
    return dir;
  };
}

export const JOB_START = new Date('2024-05-01T12:34:56.789Z');
export const STAMP = '20240501-123456';

/** An IoContext on a fresh io area inside `root` (the caller creates the area, as the host does). */
export function newIo(root: string, options: Partial<IoContextOptions> = {}): IoContext {
  const workDir = join(root, 'io-area');
  mkdirSync(workDir, { recursive: true });
  return new IoContext({ workDir, exporterSlug: 'coco-export', now: JOB_START, plugin: 'test-plugin', ...options });
}

/** `unzip -t`: resolves with its output when the zip tests clean, rejects otherwise. */
export async function unzipTest(zipPath: string): Promise<string> {
  const { stdout } = await run('unzip', ['-t', zipPath], { maxBuffer: 256 * 1024 * 1024 });
  expect(stdout).toContain('No errors detected');
  return stdout;
}

/** Entry names in archive order, from `zipinfo -1`. */
export async function zipNames(zipPath: string): Promise<string[]> {
  const { stdout } = await run('zipinfo', ['-1', zipPath], { maxBuffer: 256 * 1024 * 1024 });
  return stdout.split('\n').filter((line) => line !== '');
}

/** `unzip -p`: one entry's content as text, as unzip itself extracts it. */
export async function unzipEntry(zipPath: string, name: string): Promise<string> {
  return (await unzipEntryBytes(zipPath, name)).toString('utf8');
}

export async function unzipEntryBytes(zipPath: string, name: string): Promise<Buffer> {
  const { stdout } = await run('unzip', ['-p', zipPath, name], { maxBuffer: 256 * 1024 * 1024, encoding: 'buffer' });
  return stdout;
}

/** `zipinfo` lines for each entry (permissions, method, time, name). */
export async function zipInfoLines(zipPath: string, ...flags: string[]): Promise<string[]> {
  const { stdout } = await run('zipinfo', [...flags, zipPath], { maxBuffer: 256 * 1024 * 1024 });
  return stdout.split('\n').filter((line) => /^[-d]/.test(line));
}

/** Every file and folder under `root`, as sorted `/` paths (folders end with "/"). */
export function treeOf(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      const rel = relative(root, full).split('\\').join('/');
      if (entry.isDirectory()) {
        found.push(`${rel}/`);
        walk(full);
      } else found.push(rel);
    }
  };
  walk(root);
  return found.sort();
}

/** Runs `act` and returns the IdahPluginError it throws (or rejects with), checking its code. */
export async function expectIoError(act: () => unknown, code: IdahErrorCode): Promise<Error & { code: string; plugin?: string }> {
  let thrown: unknown;
  try {
    await act();
  } catch (error) {
    thrown = error;
  }
  if (!isIdahPluginError(thrown)) throw new Error(`expected an IdahPluginError ${code}, got ${String(thrown)}`);
  expect(thrown.code).toBe(code);
  return thrown;
}
