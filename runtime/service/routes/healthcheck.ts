import type { Hono } from 'hono';
import { describeThrown } from '../../errors.ts';
import { rejectUnknownParams } from '../http/list-query.ts';
import type { ServiceContext, ServiceEnv } from '../service-context.ts';

const probe = async (check: () => Promise<{ ok: boolean; detail: string }>) => {
  try {
    return await check();
  } catch (error) {
    return { ok: false, detail: describeThrown(error) };
  }
};

/** `GET /healthcheck`, without auth as upstream: IDAH's `{name: "OK"|"FAILED"}`, plus why; 503 when one fails. */
export function registerHealthcheck(api: Hono<ServiceEnv>, context: ServiceContext): void {
  api.get('/healthcheck', async (c) => {
    rejectUnknownParams(c.req.queries());
    const [store, storage] = await Promise.all([probe(() => context.store.check()), probe(() => context.storage.check())]);
    const ok = store.ok && storage.ok;
    return c.json(
      {
        store: store.ok ? 'OK' : 'FAILED',
        storage: storage.ok ? 'OK' : 'FAILED',
        details: { store: { driver: context.store.driver, ...store }, storage: { description: context.storage.description, ...storage } },
      },
      ok ? 200 : 503,
    );
  });
}
