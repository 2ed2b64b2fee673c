import { z } from 'zod';
import { destinationProblems, parseDestination } from '../../destinations/destination-schema.ts';
import { IdahPluginError, isIdahPluginError } from '../../errors.ts';
import { describeSelector, selectorMatches } from '../../exporter.ts';
import { unknownOptionKeys } from '../../jobs/unknown-option-keys.ts';
import type { ExporterRegistration } from '../../plugins/registry.ts';
import type { ExportRow, JobRow } from '../../queue/job-store.ts';
import type { JsonValue } from '../../records.ts';
import type { CatalogProject } from '../datasets/dataset-catalog.ts';
import { ApiError, type ErrorSource } from '../http/api-error.ts';
import { API_BASE, type ServiceContext } from '../service-context.ts';

const idText = z.union([z.string().min(1), z.number().int()]).transform(String);

/** IDAH's body (plain JSON, not a `data` envelope), typed as upstream meant it, plus `unicity`, `priority` and `destination`. */
export const createExportBody = z.strictObject({
  project_id: idText,
  dataset_ids: z.array(idText).min(1),
  exporter: z.string().min(1),
  options: z.record(z.string(), z.unknown()).optional(),
  /** A second export with the same value while one is pending or running is a 409. */
  unicity: z.string().min(1).max(255).optional(),
  priority: z.number().int().min(-1000).max(1000).optional(),
  /** Where the published file is delivered: `{type: "local" | "s3" | "http", ...}` (see parseDestination). */
  destination: z.unknown().optional().describe('where the file is delivered: {"type": "local" | "s3" | "http", ...}; see the README, Destinations'),
  /** Incremental: only entries changed after this time (ISO 8601 with a zone). */
  since: z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString()).optional(),
});

export type CreateExportRequest = z.infer<typeof createExportBody>;

export const CREATE_EXPORT_FIELDS = 'project_id, dataset_ids, exporter, options, unicity, priority, destination, since';

export type Problem = { code: string; detail: string; source?: ErrorSource };

export const pointerOf = (path: readonly PropertyKey[]) => path.map((part) => `/${String(part)}`).join('');

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

/** The problems of a request's `destination` (none when it has none or it is valid). */
export function requestDestinationProblems(request: unknown): Problem[] {
  if (typeof request !== 'object' || request === null || !('destination' in request) || request.destination === undefined) return [];
  return destinationProblems(request.destination).map((problem) => ({
    code: 'DESTINATION_INVALID',
    detail: `${problem.field}: ${problem.message}`,
    source: { pointer: problem.pointer },
  }));
}

/** What a request to export names, checked: the exporter, the project's file and its datasets. */
export interface CheckedExportRequest {
  registration: ExporterRegistration;
  project: CatalogProject;
  datasetIds: string[];
}

/**
 * Checks the exporter (404), the project, datasets, options, modalities and destination (422,
 * every problem listed, `extraProblems` among them) of an export request, as `POST
 * /exports/export` and `POST /schedules` take it.
 */
export async function checkExportRequest(
  context: ServiceContext,
  request: { project_id: string; dataset_ids: string[]; exporter: string; options?: Record<string, unknown> | undefined; destination?: unknown },
  extraProblems: Problem[] = [],
): Promise<CheckedExportRequest> {
  const registration = resolveExporter(context, request.exporter);
  const problems: Problem[] = [...extraProblems];
  const project = await context.catalog.project(request.project_id);
  if (!project) {
    const { projects, problems: unreadable } = await context.catalog.scan();
    const why = unreadable.length > 0 ? ` (not readable: ${unreadable.map((problem) => `${problem.file}: ${problem.error}`).join('; ')})` : '';
    problems.push({
      code: 'DATASET_NOT_FOUND',
      detail: `project_id: ${context.catalog.missingProject(request.project_id, projects.map((p) => p.project_id))}${why}`,
      source: { pointer: '/project_id' },
    });
  }
  const datasets = project ? datasetsOf(project, request.dataset_ids, problems) : [];
  problems.push(...optionProblems(registration, request.options));
  for (const dataset of datasets) {
    if (!selectorMatches(registration.selector, dataset.modality)) {
      problems.push({
        code: 'MODALITY_MISMATCH',
        detail: `exporter ${registration.id} serves ${describeSelector(registration.selector)}; dataset ${JSON.stringify(dataset.dataset_id)} is ${dataset.modality}`,
        source: { pointer: `/dataset_ids/${request.dataset_ids.findIndex((id) => id === dataset.dataset_id || id === dataset.id)}` },
      });
    }
  }
  problems.push(...requestDestinationProblems(request));
  if (problems.length > 0 || !project) throw ApiError.many(422, problems);
  return { registration, project, datasetIds: [...new Set(datasets.map((dataset) => dataset.dataset_id))] };
}

/**
 * The one way a one-off export job is created (`POST /exports/export`): checks the request in
 * full (checkExportRequest), then enqueues the export and its job, the destination among the
 * job's arguments. A `unicity` already in flight is a 409; `since` makes it incremental.
 */
export async function createExportJob(
  context: ServiceContext,
  request: CreateExportRequest,
  by: { createdById: string | null },
): Promise<{ export: ExportRow; job: JobRow }> {
  const { registration, project, datasetIds } = await checkExportRequest(context, request);
  const source = context.catalog.sourceOf(project);
  try {
    return await context.store.enqueueExport({
      arguments: {
        exporter: registration.id,
        dataset_ids: datasetIds,
        options: (request.options ?? {}) as JsonValue,
        source: request.since ? { ...source, updated_since: request.since } : source,
        ...(context.jobTimeoutMs ? { timeout_ms: context.jobTimeoutMs } : {}),
        ...(request.destination !== undefined ? { destination: parseDestination(request.destination) } : {}),
      },
      project_id: project.project_id,
      created_by_id: by.createdById,
      ...(request.priority !== undefined ? { priority: request.priority } : {}),
      ...(context.maxAttempts !== undefined ? { max_attempts: context.maxAttempts } : {}),
      unicity: request.unicity ?? null,
      expires_at: context.keepMs ? new Date(Date.now() + context.keepMs).toISOString() : null,
      ...(request.since ? { since: request.since } : {}),
    });
  } catch (error) {
    if (isIdahPluginError(error, 'JOB_DUPLICATE')) {
      const existing = (error as IdahPluginError).details as { export_id?: string } | undefined;
      throw new ApiError(409, 'JOB_DUPLICATE', `an export with unicity ${JSON.stringify(request.unicity)} is already pending or running${existing?.export_id ? ` (export ${existing.export_id})` : ''}`, {
        source: { pointer: '/unicity' },
        ...(existing?.export_id ? { headers: { Location: `${API_BASE}/exports/${existing.export_id}` } } : {}),
      });
    }
    throw error;
  }
}
