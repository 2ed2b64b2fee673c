import type { Hono } from 'hono';
import { isIdahPluginError } from '../../errors.ts';
import type { ExportRow } from '../../queue/job-store.ts';
import { requirePermission } from '../auth/authenticate.ts';
import { ApiError } from '../http/api-error.ts';
import { EXPORT_ATTRIBUTES, EXPORT_TYPE, exportResource, JOB_ATTRIBUTES, JOB_TYPE, jobResource } from '../http/json-api.ts';
import { EXPORT_LIST } from '../../queue/sql/list-query.ts';
import { type ListSpec, parseListQuery, parseShowQuery, rejectUnknownParams, storeListSpec } from '../http/list-query.ts';
import { jsonApi } from '../http/respond.ts';
import type { ServiceContext, ServiceEnv } from '../service-context.ts';

const FIELDS = { [EXPORT_TYPE]: EXPORT_ATTRIBUTES, [JOB_TYPE]: JOB_ATTRIBUTES };

/** What `GET /exports` takes (the store's documented filters and sorts). */
export const EXPORTS_LIST: ListSpec = storeListSpec(EXPORT_LIST, { included: ['job'], fields: FIELDS });

async function includedJobs(context: ServiceContext, rows: ExportRow[], fields: string[] | undefined) {
  const ids = [...new Set(rows.map((row) => row.job_id))];
  const jobs = await Promise.all(ids.map((id) => context.store.getJob(id)));
  return jobs.filter((job) => job !== null).map((job) => jobResource(job, fields ? { fields } : {}));
}

/**
 * `GET /exports`, `GET /exports/:id` (with `included[]=job`), `DELETE /exports/:id` (removes the
 * file, marks the row), `POST /exports/:id/deliver` (delivers a failed or delivered export again).
 */
export function registerExports(api: Hono<ServiceEnv>, context: ServiceContext): void {
  api.get('/exports', async (c) => {
    requirePermission(c, 'read', 'sync:exports');
    const { query, included, fields } = parseListQuery(c.req.queries(), EXPORTS_LIST);
    const page = await context.store.listExports(query);
    const data = page.items.map((row) => exportResource(row, { fields: fields[EXPORT_TYPE] }));
    return jsonApi(c, {
      data,
      ...(included.includes('job') ? { included: await includedJobs(context, page.items, fields[JOB_TYPE]) } : {}),
      meta: { count: page.total, page: page.page, more: page.page.number * page.page.size < page.total },
    });
  });

  api.get('/exports/:id', async (c) => {
    requirePermission(c, 'read', 'sync:exports');
    const { included, fields } = parseShowQuery(c.req.queries(), EXPORTS_LIST);
    const row = await context.store.getExport(c.req.param('id'));
    if (!row) throw new ApiError(404, 'NOT_FOUND', `no export ${c.req.param('id')}`);
    return jsonApi(c, {
      data: exportResource(row, { fields: fields[EXPORT_TYPE] }),
      ...(included.includes('job') ? { included: await includedJobs(context, [row], fields[JOB_TYPE]) } : {}),
    });
  });

  api.post('/exports/:id/deliver', async (c) => {
    requirePermission(c, 'create', 'sync:exports');
    rejectUnknownParams(c.req.queries());
    let row: ExportRow | null;
    try {
      row = await context.store.redeliver(c.req.param('id'));
    } catch (error) {
      if (isIdahPluginError(error, 'JOB_STATE_CONFLICT')) throw new ApiError(409, 'CONFLICT', error.message);
      throw error;
    }
    if (!row) throw new ApiError(404, 'NOT_FOUND', `no export ${c.req.param('id')}`);
    return jsonApi(c, { data: exportResource(row) }, 202);
  });

  api.delete('/exports/:id', async (c) => {
    requirePermission(c, 'delete', 'sync:exports');
    rejectUnknownParams(c.req.queries());
    const deleted = await context.store.deleteExport(c.req.param('id'));
    if (!deleted) throw new ApiError(404, 'NOT_FOUND', `no export ${c.req.param('id')}`);
    if (deleted.storageKey) await context.storage.delete(deleted.storageKey);
    return c.body(null, 204);
  });
}
