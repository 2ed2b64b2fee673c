import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStagingFolder, isProcessAlive, sweepStaleStaging } from '../../../runtime/io/staging.ts';
import { useTempDirs } from './support.ts';

const tempDir = useTempDirs();

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

describe('staging folders', () => {
  it('are named after their owner and hold its pid', async () => {
    const root = tempDir();
    const folder = await createStagingFolder(root);
    expect(folder).toMatch(new RegExp(`/idah-export-${process.pid}-[0-9a-f]{12}$`));
    expect(readFileSync(join(folder, 'owner.pid'), 'utf8')).toBe(`${process.pid}\n`);
  });

  it('the sweep removes those of dead owners only, and leaves other names alone', async () => {
    const root = tempDir();
    const dead = await createStagingFolder(root, await deadPid());
    const mine = await createStagingFolder(root);
    const parent = await createStagingFolder(root, process.ppid);
    await mkdir(join(root, 'idah-export-abc123'));
    await mkdir(join(root, 'something-else'));
    expect(await sweepStaleStaging({ root })).toEqual([dead]);
    expect(readdirSync(root).sort()).toEqual([mine, parent].map((path) => path.slice(root.length + 1)).concat(['idah-export-abc123', 'something-else']).sort());
  });

  it('ownersGone removes what a named process owned, even when its pid is reused', async () => {
    const root = tempDir();
    const child = await createStagingFolder(root, process.ppid);
    expect(await sweepStaleStaging({ root, ownersGone: [process.ppid] })).toEqual([child]);
  });

  it('a missing root sweeps nothing', async () => {
    expect(await sweepStaleStaging({ root: join(tempDir(), 'missing') })).toEqual([]);
  });

  it('isProcessAlive: this process yes, a reaped one no, nonsense no', async () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    expect(isProcessAlive(await deadPid())).toBe(false);
    expect(isProcessAlive(0)).toBe(false);
    expect(isProcessAlive(-5)).toBe(false);
  });
});
