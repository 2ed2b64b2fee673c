import { expect, it } from 'vitest';
import { isIdahPluginError } from '../../../runtime/errors.ts';
import { openJobStore } from '../../../runtime/queue/open-job-store.ts';
import { createTestSchema } from '../../support/postgres-schema.ts';
import { jobStoreConformance, type StoreHarness } from './conformance.ts';
import { deliveryConformance } from './delivery-conformance.ts';

const harness: StoreHarness = {
  fresh: async () => {
    const { url, schema, drop } = await createTestSchema();
    return {
      open: (options) => openJobStore({ url, schema }, options),
      dispose: drop,
    };
  },
};
jobStoreConformance('postgres', harness);
deliveryConformance('postgres', harness);

it('says which database it cannot reach, without its password', async () => {
  const error = await openJobStore({ url: 'postgres://someone:secret@127.0.0.1:1/none' }).catch((thrown: unknown) => thrown);
  expect(isIdahPluginError(error, 'STORE_FAILED')).toBe(true);
  expect((error as Error).message).toMatch(/cannot open the job store postgres:\/\/someone:\*\*\*@127\.0\.0\.1:1\/none/);
  expect((error as Error).message).not.toMatch(/secret/);
});
