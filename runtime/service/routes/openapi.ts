import type { Hono } from 'hono';
import { z } from 'zod';
import { packageVersionOf } from '../package-version.ts';
import { API_BASE, type ServiceEnv } from '../service-context.ts';
import { createExportBody } from './create-export.ts';
import { createScheduleBody } from './schedules.ts';

const errorDocument = z.object({
  errors: z.array(
    z.object({
      status: z.string(),
      code: z.string().describe('stable, e.g. QUERY_INVALID, OPTIONS_INVALID, EXPORTER_NOT_FOUND, EXPORT_NOT_READY'),
      title: z.string(),
      detail: z.string(),
      source: z.union([z.object({ pointer: z.string() }), z.object({ parameter: z.string() })]).optional(),
    }),
  ),
});
const resource = (type: string) =>
  z.object({ type: z.literal(type), id: z.string(), attributes: z.record(z.string(), z.unknown()), relationships: z.record(z.string(), z.unknown()).optional() });
const collection = (type: string) => z.object({ data: z.array(resource(type)), included: z.array(resource('*')).optional(), meta: z.record(z.string(), z.unknown()) });
const single = (type: string) => z.object({ data: resource(type), included: z.array(resource('*')).optional() });

const schema = (value: z.ZodType) => z.toJSONSchema(value, { io: 'input', unrepresentable: 'any' });
const json = (value: z.ZodType, media = 'application/vnd.api+json') => ({ content: { [media]: { schema: schema(value) } } });
const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [String(status), { description: 'JSON:API errors', ...json(errorDocument) }]));
const index = ['page[number]', 'page[size]', 'sort', 'filter[...]', 'included[]', 'fields[type][]'].map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } }));
const idParam = [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }];

interface Operation {
  summary: string;
  parameters?: unknown[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
}

const ROUTES: Record<string, Record<string, Operation>> = {
  '/healthcheck': { get: { summary: 'Job store and output storage health (no auth)', responses: { 200: { description: 'all OK' }, 503: { description: 'one failed' } } } },
  '/exports/formats': {
    get: {
      summary: 'Exporters serving any of the modalities, with plugin and options JSON Schema',
      parameters: [{ name: 'modalities[]', in: 'query', required: true, schema: { type: 'array', items: { type: 'string' } } }],
      responses: { 200: { description: 'IDAH array [{name, description, exporter, plugin, modalities, options_schema}]' }, ...errors(401, 403, 422) },
    },
  },
  '/plugins': { get: { summary: 'Loaded plugins, broken plugins and why', responses: { 200: { description: '{plugins, failures, warnings}' }, ...errors(401, 403) } } },
  '/datasets': { get: { summary: 'Datasets of the UPD files under the data folder (id <project_id>:<dataset id>)', parameters: index, responses: { 200: { description: 'dataset:datasets', ...json(collection('dataset:datasets')) }, ...errors(401, 403, 422) } } },
  '/exports/export': {
    post: {
      summary: 'Queue an export (validated before queuing)',
      requestBody: { required: true, content: { 'application/json': { schema: schema(createExportBody) } } },
      responses: { 202: { description: 'the export, its job included; Location header', ...json(single('sync:exports')) }, ...errors(401, 403, 404, 409, 422) },
    },
  },
  '/exports': { get: { summary: 'Exports', parameters: index, responses: { 200: { description: 'sync:exports', ...json(collection('sync:exports')) }, ...errors(401, 403, 422) } } },
  '/exports/{id}': {
    get: { summary: 'One export', parameters: idParam, responses: { 200: { description: 'sync:exports', ...json(single('sync:exports')) }, ...errors(401, 403, 404, 422) } },
    delete: { summary: 'Delete the file and mark the export deleted', parameters: idParam, responses: { 204: { description: 'deleted' }, ...errors(401, 403, 404) } },
  },
  '/exports/{id}/download': {
    get: {
      summary: 'The file: streamed, Range, ETag, RFC 6266 name; 302 to a presigned URL on S3 (HEAD too)',
      parameters: idParam,
      responses: { 200: { description: 'the file' }, 206: { description: 'a range' }, 302: { description: 'presigned URL' }, 304: { description: 'not modified' }, ...errors(401, 403, 404, 409, 410, 416) },
    },
  },
  '/jobs': { get: { summary: 'Jobs', parameters: index, responses: { 200: { description: 'sync:jobs', ...json(collection('sync:jobs')) }, ...errors(401, 403, 422) } } },
  '/jobs/events': { get: { summary: 'Server-sent events: status, progress, log, export; ids for Last-Event-ID', responses: { 200: { description: 'text/event-stream' }, ...errors(401, 403, 422) } } },
  '/jobs/{id}': {
    get: { summary: 'One job', parameters: idParam, responses: { 200: { description: 'sync:jobs', ...json(single('sync:jobs')) }, ...errors(401, 403, 404, 422) } },
    delete: { summary: 'Cancel if in flight (202), delete once finished (204)', parameters: idParam, responses: { 202: { description: 'cancel requested' }, 204: { description: 'deleted' }, ...errors(401, 403, 404) } },
  },
  '/jobs/{id}/cancel': { post: { summary: 'Cancel a pending or running job', parameters: idParam, responses: { 202: { description: 'sync:jobs' }, ...errors(401, 403, 404, 409) } } },
  '/jobs/{id}/retry': { post: { summary: 'Run an errored or cancelled job again', parameters: idParam, responses: { 202: { description: 'sync:jobs' }, ...errors(401, 403, 404, 409) } } },
  '/schedules': {
    get: { summary: 'Schedules', parameters: index, responses: { 200: { description: 'sync:schedules', ...json(collection('sync:schedules')) }, ...errors(401, 403, 422) } },
    post: {
      summary: 'Schedule an export: a cron pattern in a time zone; each slot queues one job (checked like POST /exports/export)',
      requestBody: { required: true, content: { 'application/json': { schema: schema(createScheduleBody) } } },
      responses: { 201: { description: 'the schedule; Location header', ...json(single('sync:schedules')) }, ...errors(401, 403, 404, 422) },
    },
  },
  '/schedules/{id}': {
    get: { summary: 'One schedule', parameters: idParam, responses: { 200: { description: 'sync:schedules', ...json(single('sync:schedules')) }, ...errors(401, 403, 404, 422) } },
    delete: { summary: 'Remove a schedule (its jobs and exports stay)', parameters: idParam, responses: { 204: { description: 'removed' }, ...errors(401, 403, 404) } },
  },
  '/schedules/{id}/pause': { post: { summary: 'Stop queuing jobs for it', parameters: idParam, responses: { 200: { description: 'sync:schedules' }, ...errors(401, 403, 404) } } },
  '/schedules/{id}/resume': { post: { summary: 'Queue jobs again from the next slot after now', parameters: idParam, responses: { 200: { description: 'sync:schedules' }, ...errors(401, 403, 404) } } },
  '/jobs/{id}/logs': {
    get: {
      summary: 'Log lines after a sequence number; NDJSON with Accept: application/x-ndjson',
      parameters: [...idParam, { name: 'after', in: 'query', schema: { type: 'integer' } }, { name: 'limit', in: 'query', schema: { type: 'integer' } }],
      responses: { 200: { description: '{data, meta: {next_after, truncated}}' }, ...errors(401, 403, 404, 422) },
    },
  },
};

/** `GET /openapi.json`: the routes, their status codes, and the request body as JSON Schema (from zod). */
export function registerOpenApi(api: Hono<ServiceEnv>): void {
  const document = {
    openapi: '3.1.0',
    info: { title: 'idah-plugin Sync Service', version: packageVersionOf() },
    servers: [{ url: API_BASE }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'a static token or an IDAH ES256 JWT' } } },
    security: [{ bearer: [] }, {}],
    paths: ROUTES,
  };
  api.get('/openapi.json', (c) => c.json(document));
}
