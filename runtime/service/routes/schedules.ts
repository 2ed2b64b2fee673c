import type { Hono } from 'hono';
import { z } from 'zod';
import { isIdahPluginError } from '../../errors.ts';
import type { JsonValue } from '../../records.ts';
import { parseDestination } from '../../destinations/destination-schema.ts';
import { checkCronTiming } from '../../schedules/cron.ts';
import type { ScheduleRow } from '../../schedules/schedule-store.ts';
import { SCHEDULE_LIST } from '../../schedules/sql-schedule-store.ts';
import { requirePermission } from '../auth/authenticate.ts';
import { ApiError, JSON_API_TYPE } from '../http/api-error.ts';
import type { Resource } from '../http/json-api.ts';
import { type ListSpec, parseListQuery, parseShowQuery, rejectUnknownParams, storeListSpec } from '../http/list-query.ts';
import { jsonApi } from '../http/respond.ts';
import { API_BASE, type ServiceContext, type ServiceEnv } from '../service-context.ts';
import { checkExportRequest, createExportBody, parseBody, type Problem } from './create-export.ts';

export const SCHEDULE_TYPE = 'sync:schedules';

export const SCHEDULE_ATTRIBUTES = [
  'name', 'cron', 'timezone', 'exporter', 'project_id', 'dataset_ids', 'options', 'destination', 'incremental', 'priority',
  'status', 'next_run_at', 'last_slot', 'last_job_id', 'created_by_id', 'created_at', 'updated_at',
] as const;

/** What `GET /schedules` takes (the store's filters and sorts). */
export const SCHEDULES_LIST: ListSpec = storeListSpec(SCHEDULE_LIST, { included: [], fields: { [SCHEDULE_TYPE]: SCHEDULE_ATTRIBUTES } });

/** The export request of POST /exports/export, plus when (`cron`, `timezone`), where (`destination`) and `incremental`. */
export const createScheduleBody = createExportBody.omit({ unicity: true, since: true }).extend({
  name: z.string().min(1).max(200).optional(),
  cron: z.string(),
  timezone: z.string().default('UTC'),
  incremental: z.boolean().default(false),
});

const FIELDS = 'project_id, dataset_ids, exporter, options, priority, name, cron, timezone, destination, incremental';

export function scheduleResource(row: ScheduleRow, fields?: string[]): Resource {
  const attributes: Record<string, unknown> = {
    name: row.name,
    cron: row.cron,
    timezone: row.timezone,
    exporter: row.exporter,
    project_id: row.project_id,
    dataset_ids: row.spec.arguments.dataset_ids,
    options: row.spec.arguments.options,
    destination: row.spec.destination ?? null,
    incremental: row.incremental,
    priority: row.spec.priority ?? 0,
    status: row.status,
    next_run_at: row.next_run_at,
    last_slot: row.last_slot,
    last_job_id: row.last_job_id,
    created_by_id: row.created_by_id,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
  return {
    type: SCHEDULE_TYPE,
    id: row.id,
    attributes: fields ? Object.fromEntries(Object.entries(attributes).filter(([name]) => fields.includes(name))) : attributes,
  };
}

/** The cron pattern and the zone, each problem naming its field. */
function timingProblems(cron: string, timezone: string): Problem[] {
  const problems: Problem[] = [];
  for (const timing of [{ cron: '* * * * *', timezone }, { cron, timezone: 'UTC' }]) {
    try {
      checkCronTiming(timing);
    } catch (error) {
      if (!isIdahPluginError(error, 'SCHEDULE_INVALID')) throw error;
      const field = String(error.details?.field);
      problems.push({ code: 'SCHEDULE_INVALID', detail: error.message, source: { pointer: `/${field}` } });
    }
  }
  return problems;
}

async function scheduleOr404(context: ServiceContext, id: string): Promise<ScheduleRow> {
  const row = await context.store.schedules.get(id);
  if (!row) throw new ApiError(404, 'NOT_FOUND', `no schedule ${id}`);
  return row;
}

/**
 * `POST /schedules` (checked like `POST /exports/export`, plus the cron pattern and zone),
 * `GET /schedules`, `GET /schedules/:id`, `DELETE /schedules/:id`, `POST /schedules/:id/pause`
 * and `/resume`. Each slot's job is created by the scheduler loop of whichever process gets to it.
 */
export function registerSchedules(api: Hono<ServiceEnv>, context: ServiceContext): void {
  api.post('/schedules', async (c) => {
    const caller = requirePermission(c, 'create', 'sync:schedules');
    rejectUnknownParams(c.req.queries());
    const body = await parseBody(c, createScheduleBody, FIELDS);
    const { registration, project, datasetIds } = await checkExportRequest(context, body, timingProblems(body.cron, body.timezone));
    let row: ScheduleRow;
    try {
      row = await context.store.schedules.create({
        name: body.name ?? null,
        cron: body.cron,
        timezone: body.timezone,
        incremental: body.incremental,
        project_id: project.project_id,
        created_by_id: caller.userId,
        spec: {
          arguments: {
            exporter: registration.id,
            dataset_ids: datasetIds,
            options: (body.options ?? {}) as JsonValue,
            source: context.catalog.sourceOf(project),
            ...(context.jobTimeoutMs ? { timeout_ms: context.jobTimeoutMs } : {}),
          },
          ...(body.priority !== undefined ? { priority: body.priority } : {}),
          ...(context.maxAttempts !== undefined ? { max_attempts: context.maxAttempts } : {}),
          ...(context.keepMs ? { keep_ms: context.keepMs } : {}),
          // Checked by checkExportRequest; each slot's job carries it (references only, never secrets).
          ...(body.destination !== undefined ? { destination: parseDestination(body.destination) } : {}),
        },
      });
    } catch (error) {
      if (isIdahPluginError(error, 'SCHEDULE_INVALID')) {
        throw new ApiError(422, 'SCHEDULE_INVALID', error.message, { source: { pointer: `/${String(error.details?.field ?? 'cron')}` } });
      }
      throw error;
    }
    c.header('Location', `${API_BASE}/schedules/${row.id}`);
    c.header('Content-Type', JSON_API_TYPE);
    return c.body(JSON.stringify({ data: scheduleResource(row) }), 201);
  });

  api.get('/schedules', async (c) => {
    requirePermission(c, 'read', 'sync:schedules');
    const { query, fields } = parseListQuery(c.req.queries(), SCHEDULES_LIST);
    const page = await context.store.schedules.list(query);
    return jsonApi(c, {
      data: page.items.map((row) => scheduleResource(row, fields[SCHEDULE_TYPE])),
      meta: { count: page.total, page: page.page, more: page.page.number * page.page.size < page.total },
    });
  });

  api.get('/schedules/:id', async (c) => {
    requirePermission(c, 'read', 'sync:schedules');
    const { fields } = parseShowQuery(c.req.queries(), SCHEDULES_LIST);
    return jsonApi(c, { data: scheduleResource(await scheduleOr404(context, c.req.param('id')), fields[SCHEDULE_TYPE]) });
  });

  api.delete('/schedules/:id', async (c) => {
    requirePermission(c, 'delete', 'sync:schedules');
    rejectUnknownParams(c.req.queries());
    if (!(await context.store.schedules.delete(c.req.param('id')))) throw new ApiError(404, 'NOT_FOUND', `no schedule ${c.req.param('id')}`);
    return c.body(null, 204);
  });

  for (const [action, status] of [
    ['pause', 'paused'],
    ['resume', 'active'],
  ] as const) {
    api.post(`/schedules/:id/${action}`, async (c) => {
      requirePermission(c, 'create', 'sync:schedules');
      rejectUnknownParams(c.req.queries());
      const row = await context.store.schedules.setStatus(c.req.param('id'), status);
      if (!row) throw new ApiError(404, 'NOT_FOUND', `no schedule ${c.req.param('id')}`);
      return jsonApi(c, { data: scheduleResource(row) });
    });
  }
}
