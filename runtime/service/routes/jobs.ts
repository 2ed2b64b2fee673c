import type { Hono } from 'hono';
import { isFinished } from '../../jobs/job-record.ts';
import type { JobRow } from '../../queue/job-store.ts';
import { requirePermission } from '../auth/authenticate.ts';
import { ApiError } from '../http/api-error.ts';
import { EXPORT_ATTRIBUTES, EXPORT_TYPE, exportResource, JOB_ATTRIBUTES, JOB_TYPE, jobResource } from '../http/json-api.ts';
import { JOB_LIST } from '../../queue/sql/list-query.ts';
import { type ListSpec, parseListQuery, parseShowQuery, rejectUnknownParams, storeListSpec } from '../http/list-query.ts';
import { jsonApi } from '../http/respond.ts';
import type { ServiceContext, ServiceEnv } from '../service-context.ts';

/** What `GET /jobs` takes: the store's documented filters (not `arguments`, as upstream). */
export const JOBS_LIST: ListSpec = storeListSpec(JOB_LIST, {
  included: ['exports'],
  fields: { [JOB_TYPE]: JOB_ATTRIBUTES, [EXPORT_TYPE]: EXPORT_ATTRIBUTES },
});

async function render(context: ServiceContext, jobs: JobRow[], included: string[], fields: Record<string, string[]>) {
  const exports = included.includes('exports') ? await context.store.exportsOfJobs(jobs.map((job) => job.id)) : undefined;
  const data = jobs.map((job) =>
    jobResource(job, {
      ...(fields[JOB_TYPE] ? { fields: fields[JOB_TYPE] } : {}),
      ...(exports ? { exports: exports.filter((row) => row.job_id === job.id) } : {}),
    }),
  );
  const fieldsOfExports = fields[EXPORT_TYPE];
  return { data, ...(exports ? { included: exports.map((row) => exportResource(row, fieldsOfExports ? { fields: fieldsOfExports } : {})) } : {}) };
}

async function jobOr404(context: ServiceContext, id: string): Promise<JobRow> {
  const job = await context.store.getJob(id);
  if (!job) throw new ApiError(404, 'NOT_FOUND', `no job ${id}`);
  return job;
}

/** `GET /jobs`, `GET /jobs/:id`, `DELETE /jobs/:id`, `POST /jobs/:id/cancel`, `POST /jobs/:id/retry`. */
export function registerJobs(api: Hono<ServiceEnv>, context: ServiceContext): void {
  api.get('/jobs', async (c) => {
    requirePermission(c, 'read', 'sync:jobs');
    const { query, included, fields } = parseListQuery(c.req.queries(), JOBS_LIST);
    const page = await context.store.listJobs(query);
    const document = await render(context, page.items, included, fields);
    return jsonApi(c, { ...document, meta: { count: page.total, page: page.page, more: page.page.number * page.page.size < page.total } });
  });

  api.get('/jobs/:id', async (c) => {
    requirePermission(c, 'read', 'sync:jobs');
    const { included, fields } = parseShowQuery(c.req.queries(), JOBS_LIST);
    const job = await jobOr404(context, c.req.param('id'));
    const document = await render(context, [job], included, fields);
    return jsonApi(c, { ...document, data: document.data[0] });
  });

  // IDAH's meaning kept: a job in flight is cancelled first; the record goes once it is finished.
  api.delete('/jobs/:id', async (c) => {
    requirePermission(c, 'delete', 'sync:jobs');
    rejectUnknownParams(c.req.queries());
    let job = await jobOr404(context, c.req.param('id'));
    if (!isFinished(job.status)) job = (await context.store.cancel(job.id)) ?? job;
    if (!isFinished(job.status)) {
      // Running: its worker stops it at the next heartbeat; DELETE again once it is cancelled.
      return jsonApi(c, { data: jobResource(job) }, 202);
    }
    const { storageKeys } = await context.store.deleteJob(job.id);
    await Promise.all(storageKeys.map((key) => context.storage.delete(key)));
    return c.body(null, 204);
  });

  api.post('/jobs/:id/cancel', async (c) => {
    requirePermission(c, 'delete', 'sync:jobs');
    rejectUnknownParams(c.req.queries());
    const before = await jobOr404(context, c.req.param('id'));
    if (isFinished(before.status)) {
      throw new ApiError(409, 'JOB_STATE_CONFLICT', `job ${before.id} is already ${before.status}; nothing to cancel`);
    }
    const job = (await context.store.cancel(before.id)) ?? before;
    return jsonApi(c, { data: jobResource(job) }, 202);
  });

  api.post('/jobs/:id/retry', async (c) => {
    requirePermission(c, 'create', 'sync:jobs');
    rejectUnknownParams(c.req.queries());
    const job = await context.store.retry(c.req.param('id'));
    if (!job) throw new ApiError(404, 'NOT_FOUND', `no job ${c.req.param('id')}`);
    return jsonApi(c, { data: jobResource(job) }, 202);
  });
}
