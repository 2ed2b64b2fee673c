import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openJobStore } from '../../../runtime/queue/open-job-store.ts';
import { jobStoreConformance } from './conformance.ts';

jobStoreConformance('sqlite', {
  fresh: async () => {
    const dir = await mkdtemp(join(tmpdir(), 'idah-queue-'));
    const path = join(dir, 'state', 'idah.db');
    return {
      open: (options) => openJobStore({ sqlite: path }, options),
      dispose: () => rm(dir, { recursive: true, force: true }),
    };
  },
});

it('keeps the embedded store in <state dir>/idah.db', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'idah-queue-'));
  try {
    const store = await openJobStore({ stateDir: join(dir, 'state') });
    expect(store.description).toBe(`sqlite:${join(dir, 'state', 'idah.db')}`);
    await store.close();
    expect(await readdir(join(dir, 'state'))).toContain('idah.db');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
