import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StagedOutput } from '../../../runtime/io/io-context.ts';
import { publishOutput } from '../../../runtime/io/publish.ts';
import { partialFileName, sweepStalePartials } from '../../../runtime/io/staging.ts';
import { otherFileSystem, type OtherFileSystem } from '../../support/other-file-system.ts';
import { useTempDirs } from './support.ts';

const tempDir = useTempDirs();

/** What a folder holds; nothing when it does not exist. */
function listing(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

function staged(path: string, filename = 'out.bin'): StagedOutput {
  return { path, filename, mime_type: 'application/octet-stream', size: 0 };
}

describe('publishOutput(): only regular files', () => {
  it('refuses a symbolic link swapped in for the output, publishing nothing', async () => {
    const root = tempDir();
    const link = join(root, 'out.txt');
    symlinkSync('/etc/passwd', link);
    await expect(publishOutput(staged(link, 'out.txt'), join(root, 'out'))).rejects.toMatchObject({
      code: 'OUTPUT_NOT_REGULAR',
      message: expect.stringMatching(/expected the output "out.txt" to be a regular file, found a symbolic link/),
    });
    expect(listing(join(root, 'out'))).toEqual([]);
  });

  it('refuses a named pipe and a directory', async () => {
    const root = tempDir();
    const fifo = join(root, 'pipe.bin');
    execFileSync('mkfifo', [fifo]);
    await expect(publishOutput(staged(fifo), join(root, 'out'))).rejects.toMatchObject({ code: 'OUTPUT_NOT_REGULAR', message: expect.stringMatching(/special file/) });
    mkdirSync(join(root, 'dir.bin'));
    await expect(publishOutput(staged(join(root, 'dir.bin')), join(root, 'out'))).rejects.toMatchObject({ message: expect.stringMatching(/a directory/) });
    expect(listing(join(root, 'out'))).toEqual([]);
  });
});

describe('publishOutput(): partial files', () => {
  it('an aborted publish leaves nothing under the final name nor a partial', async () => {
    const root = tempDir();
    const file = join(root, 'big.bin');
    writeFileSync(file, Buffer.alloc(1024));
    const controller = new AbortController();
    controller.abort();
    await expect(publishOutput(staged(file), join(root, 'out'), { signal: controller.signal })).rejects.toThrow();
    expect(listing(join(root, 'out'))).toEqual([]);
  });

  it('sweeps the partials of dead processes and keeps those of live ones', async () => {
    const root = tempDir();
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => dead.on('exit', resolve));
    writeFileSync(join(root, partialFileName('a.json', dead.pid)), 'half');
    const mine = partialFileName('b.json');
    writeFileSync(join(root, mine), 'in progress');
    writeFileSync(join(root, 'c.json'), 'published');
    const removed = await sweepStalePartials(root);
    expect(removed).toHaveLength(1);
    expect(readdirSync(root).sort()).toEqual([mine, 'c.json'].sort());
  });
});

describe('publishOutput(): across file systems', () => {
  let other: OtherFileSystem | undefined;
  beforeAll(() => {
    other = otherFileSystem(64);
  });
  afterAll(() => other?.remove());

  it('copies, syncs and links: the whole file under its final name, no partial left', async ({ skip }) => {
    if (!other) return skip('no second file system can be made here');
    const source = join(other.path, 'staged.bin');
    writeFileSync(source, Buffer.alloc(3 * 1024 * 1024, 1));
    const outDir = join(tempDir(), 'out');
    expect(statSync(other.path).dev).not.toBe(statSync(join(outDir, '..')).dev);
    const published = await publishOutput(staged(source), outDir);
    expect(readdirSync(outDir)).toEqual(['out.bin']);
    expect(published.size).toBe(3 * 1024 * 1024);
    expect(statSync(source, { throwIfNoEntry: false })).toBeUndefined();
  });

  it('an abort during the copy removes the partial and publishes nothing', async ({ skip }) => {
    if (!other) return skip('no second file system can be made here');
    const source = join(other.path, 'staged-big.bin');
    writeFileSync(source, Buffer.alloc(48 * 1024 * 1024, 2));
    const outDir = join(tempDir(), 'out');
    const controller = new AbortController();
    const publishing = publishOutput(staged(source), outDir, { signal: controller.signal });
    // Abort as soon as the partial exists: the copy is under way.
    const watcher = setInterval(() => {
      if (listing(outDir).some((name) => name.startsWith('.idah-partial-'))) controller.abort();
    }, 1);
    try {
      await expect(publishing).rejects.toThrow();
    } finally {
      clearInterval(watcher);
    }
    expect(listing(outDir)).toEqual([]);
  });
});
