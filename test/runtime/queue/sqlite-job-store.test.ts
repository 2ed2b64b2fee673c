import { mkdtemp, readdir, rm } from 'node:fs/promises';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openJobStore } from '../../../runtime/queue/open-job-store.ts';
import { SCHEMA_VERSION } from '../../../runtime/queue/sql/schema.ts';
import { jobStoreConformance, type StoreHarness } from './conformance.ts';
import { deliveryConformance } from './delivery-conformance.ts';

const harness: StoreHarness = {
  fresh: async () => {
    const dir = await mkdtemp(join(tmpdir(), 'idah-queue-'));
    const path = join(dir, 'state', 'idah.db');
    return {
      open: (options) => openJobStore({ sqlite: path }, options),
      dispose: () => rm(dir, { recursive: true, force: true }),
    };
  },
};
jobStoreConformance('sqlite', harness);
deliveryConformance('sqlite', harness);

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

it('upgrades a version 1 store in place: its exports keep their rows and read as having no delivery', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'idah-queue-'));
  const path = join(dir, 'idah.db');
  try {
    const store = await openJobStore({ sqlite: path });
    const { export: row } = await store.enqueueExport({ arguments: { exporter: 'Upd::Export', dataset_ids: 'all', options: {}, source: { kind: 'upd', path: '/d.upd' } } });
    await store.close();
    // Back to what version 1 left: no delivery columns, version 1 recorded.
    const raw = new Database(path);
    raw.exec('DROP INDEX exports_delivery');
    for (const column of ['destination_status', 'destination_error', 'destination_attempts', 'destination_max_attempts', 'destination_next_at', 'destination_lease_token', 'destination_lease_until', 'destination_locked_by', 'delivered_at', 'delivered_to']) {
      raw.exec(`ALTER TABLE exports DROP COLUMN ${column}`);
    }
    raw.exec('DELETE FROM idah_schema_version WHERE version = 2');
    raw.close();
    const upgraded = await openJobStore({ sqlite: path });
    expect((await upgraded.check()).detail).toMatch(new RegExp(`schema version ${SCHEMA_VERSION}$`));
    expect(await upgraded.getExport(row.id)).toMatchObject({ id: row.id, destination_status: 'none', destination_attempts: 0 });
    await upgraded.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
