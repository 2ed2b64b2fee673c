import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { IdahPluginError, isIdahPluginError } from '../../errors.ts';
import { describeSelector, selectorMatches } from '../../exporter.ts';
import type { ExporterRegistration } from '../../plugins/registry.ts';
import type { JsonValue } from '../../records.ts';
import { requirePermission } from '../auth/authenticate.ts';
import type { CatalogProject } from '../datasets/upd-catalog.ts';
import { ApiError, type ErrorSource, JSON_API_TYPE } from '../http/api-error.ts';
import { exportResource, jobResource } from '../http/json-api.ts';
import { rejectUnknownParams } from '../http/list-query.ts';
import { API_BASE, type ServiceContext, type ServiceEnv } from '../service-context.ts';
import { unknownOptionKeys } from '../../jobs/unknown-option-keys.ts';

const idText = z.union([z.string().min(1), z.number().int()]).transform(String);

/** IDAH's body (plain JSON, not a `data` envelope), typed as upstream meant it, plus `unicity` and `priority`. */
export const createExportBody = z.strictObject({
  project_id: idText,
  dataset_ids: z.array(idText).min(1),
  exporter: z.string().min(1),
  options: z.record(z.string(), z.unknown()).optional(),
  /** A second export with the same value while one is pending or running is a 409. */
  unicity: z.string().min(1).max(255).optional(),
  priority: z.number().int().min(-1000).max(1000).optional(),
  /** Incremental: only entries changed after this time (ISO 8601 with a zone). */
  since: z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString()).optional(),
});

export type Problem = { code: string; detail: string; source?: ErrorSource };

const pointerOf = (path: readonly PropertyKey[]) => path.map((part) => `/${String(part)}`).join('');

async function readBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (!text.trim()) throw new ApiError(422, 'REQUEST_INVALID', 'body: expected a JSON object {project_id, dataset_ids, exporter, options?}, got nothing', { source: { pointer: '' } });
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ApiError(422, 'REQUEST_INVALID', `body: expected JSON, ${(error as Error).message}`, { source: { pointer: '' } });
  }
}

function resolveExporter(context: ServiceContext, reference: string): ExporterRegistration {
  try {
    return context.host.registry.resolve(reference);
  } catch (error) {
    if (isIdahPluginError(error, 'EXPORTER_NOT_FOUND')) {
      throw new ApiError(404, 'EXPORTER_NOT_FOUND', error.message, { source: { pointer: '/exporter' } });
    }
    if (isIdahPluginError(error)) throw new ApiError(422, error.code, error.message, { source: { pointer: '/exporter' } });
    throw error;
  }
}

/** The datasets asked for, as ids inside the project's file; every unknown one is a problem. */
function datasetsOf(project: CatalogProject, requested: string[], problems: Problem[]) {
  const found = [];
  for (const [index, requestedId] of requested.entries()) {
    const local = requestedId.startsWith(`${project.project_id}:`) ? requestedId.slice(project.project_id.length + 1) : requestedId;
    const dataset = project.datasets.find((candidate) => candidate.dataset_id === local);
    if (dataset) found.push(dataset);
    else {
      problems.push({
        code: 'DATASET_NOT_FOUND',
        detail: `dataset_ids/${index}: no dataset ${JSON.stringify(requestedId)} in project ${JSON.stringify(project.project_id)}; available: ${project.datasets.map((d) => d.dataset_id).join(', ') || 'none'}`,
        source: { pointer: `/dataset_ids/${index}` },
      });
    }
  }
  return found;
}

function optionProblems(registration: ExporterRegistration, options: unknown): Problem[] {
  if (!registration.optionsSchema) return [];
  const given = options ?? {};
  // Unknown keys too, as the job would: a typo must not export with the default.
  const unknown = unknownOptionKeys(registration.optionsSchema, given).map(({ key, message }) => ({
    code: 'OPTIONS_INVALID',
    detail: `options.${key}: ${message}`,
    source: { pointer: pointerOf(['options', key]) },
  }));
  const result = registration.optionsSchema.safeParse(given);
  if (result.success) return unknown;
  return [
    ...unknown,
    ...result.error.issues.map((issue) => ({
      code: 'OPTIONS_INVALID',
      detail: `${['options', ...issue.path.map(String)].join('.')}: ${issue.message}`,
      source: { pointer: pointerOf(['options', ...issue.path]) },
    })),
  ];
}

/** What a request to export names, checked: the exporter, the project's file and its datasets. */
export interface CheckedExportRequest {
  registration: ExporterRegistration;
  project: CatalogProject;
  datasetIds: string[];
}

/**
 * Checks the exporter (404), the project, datasets, options and modalities (422, every problem
 * listed) of an export request, as `POST /exports/export` and `POST /schedules` take it.
 */
export async function checkExportRequest(
  context: ServiceContext,
  body: { project_id: string; dataset_ids: string[]; exporter: string; options?: Record<string, unknown> | undefined },
  extraProblems: Problem[] = [],
): Promise<CheckedExportRequest> {
  const registration = resolveExporter(context, body.exporter);
  const problems: Problem[] = [...extraProblems];
  const project = await context.catalog.project(body.project_id);
  if (!project) {
    const known = (await context.catalog.scan()).projects.map((p) => p.project_id);
    problems.push({
      code: 'DATASET_NOT_FOUND',
      detail: `project_id: no UPD file ${JSON.stringify(`${body.project_id}.upd`)} under ${context.catalog.root}; projects: ${known.join(', ') || 'none'}`,
      source: { pointer: '/project_id' },
    });
  }
  const datasets = project ? datasetsOf(project, body.dataset_ids, problems) : [];
  problems.push(...optionProblems(registration, body.options));
  for (const dataset of datasets) {
    if (!selectorMatches(registration.selector, dataset.modality)) {
      problems.push({
        code: 'MODALITY_MISMATCH',
        detail: `exporter ${registration.id} serves ${describeSelector(registration.selector)}; dataset ${JSON.stringify(dataset.dataset_id)} is ${dataset.modality}`,
        source: { pointer: `/dataset_ids/${body.dataset_ids.findIndex((id) => id === dataset.dataset_id || id === dataset.id)}` },
      });
    }
  }
  if (problems.length > 0 || !project) throw ApiError.many(422, problems);
  return { registration, project, datasetIds: [...new Set(datasets.map((dataset) => dataset.dataset_id))] };
}

/** A JSON body checked against a zod schema; unknown fields and bad values are 422s naming their field. */
export async function parseBody<T extends z.ZodType>(c: Context, schema: T, fieldsList: string): Promise<z.output<T>> {
  const parsed = schema.safeParse(await readBody(c));
  if (parsed.success) return parsed.data;
  throw ApiError.many(
    422,
    parsed.error.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => ({ code: 'REQUEST_INVALID', detail: `${[...issue.path.map(String), key].join('.')}: unknown field; expected ${fieldsList}`, source: { pointer: pointerOf([...issue.path, key]) } }))
        : [{ code: 'REQUEST_INVALID', detail: `${issue.path.map(String).join('.') || 'body'}: ${issue.message}`, source: { pointer: pointerOf(issue.path) } }],
    ),
  );
}

/**
 * `POST /exports/export`: checks the exporter (404), the project, datasets, options and
 * modalities (422, every problem listed) before anything is queued; 202 with the export, its
 * job included, and `Location`. A `unicity` already in flight is a 409. `since` makes it
 * incremental: only entries changed after that time are exported.
 */
export function registerCreateExport(api: Hono<ServiceEnv>, context: ServiceContext): void {
  api.post('/exports/export', async (c) => {
    const caller = requirePermission(c, 'create', 'sync:exports');
    rejectUnknownParams(c.req.queries());
    const body = await parseBody(c, createExportBody, 'project_id, dataset_ids, exporter, options, unicity, priority, since');
    const { registration, project, datasetIds } = await checkExportRequest(context, body);
    const source = context.catalog.sourceOf(project);

    let created;
    try {
      created = await context.store.enqueueExport({
        arguments: {
          exporter: registration.id,
          dataset_ids: datasetIds,
          options: (body.options ?? {}) as JsonValue,
          source: body.since ? { ...source, updated_since: body.since } : source,
          ...(context.jobTimeoutMs ? { timeout_ms: context.jobTimeoutMs } : {}),
        },
        project_id: project.project_id,
        created_by_id: caller.userId,
        ...(body.priority !== undefined ? { priority: body.priority } : {}),
        ...(context.maxAttempts !== undefined ? { max_attempts: context.maxAttempts } : {}),
        unicity: body.unicity ?? null,
        expires_at: context.keepMs ? new Date(Date.now() + context.keepMs).toISOString() : null,
        ...(body.since ? { since: body.since } : {}),
      });
    } catch (error) {
      if (isIdahPluginError(error, 'JOB_DUPLICATE')) {
        const existing = (error as IdahPluginError).details as { export_id?: string } | undefined;
        throw new ApiError(409, 'JOB_DUPLICATE', `an export with unicity ${JSON.stringify(body.unicity)} is already pending or running${existing?.export_id ? ` (export ${existing.export_id})` : ''}`, {
          source: { pointer: '/unicity' },
          ...(existing?.export_id ? { headers: { Location: `${API_BASE}/exports/${existing.export_id}` } } : {}),
        });
      }
      throw error;
    }
    c.header('Location', `${API_BASE}/exports/${created.export.id}`);
    c.header('Content-Type', JSON_API_TYPE);
    return c.body(JSON.stringify({ data: exportResource(created.export), included: [jobResource(created.job)] }), 202);
  });
}
