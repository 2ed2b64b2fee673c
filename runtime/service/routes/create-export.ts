import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import { requirePermission } from '../auth/authenticate.ts';
import { CREATE_EXPORT_FIELDS, createExportBody, createExportJob, pointerOf, requestDestinationProblems } from '../exports/create-export-job.ts';
import { ApiError, JSON_API_TYPE } from '../http/api-error.ts';
import { exportResource, jobResource } from '../http/json-api.ts';
import { rejectUnknownParams } from '../http/list-query.ts';
import { API_BASE, type ServiceContext, type ServiceEnv } from '../service-context.ts';

export { checkExportRequest, createExportBody, type Problem } from '../exports/create-export-job.ts';

async function readBody(c: Context, fieldsList: string): Promise<unknown> {
  const text = await c.req.text();
  if (!text.trim()) throw new ApiError(422, 'REQUEST_INVALID', `body: expected a JSON object {${fieldsList}}, got nothing`, { source: { pointer: '' } });
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ApiError(422, 'REQUEST_INVALID', `body: expected JSON, ${(error as Error).message}`, { source: { pointer: '' } });
  }
}

/**
 * A JSON body checked against a zod schema; unknown fields and bad values are 422s naming their
 * field. The destination's problems (checked later on success) are listed with them, so one
 * answer names every problem.
 */
export async function parseBody<T extends z.ZodType>(c: Context, schema: T, fieldsList: string): Promise<z.output<T>> {
  const raw = await readBody(c, fieldsList);
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw ApiError.many(422, [
    ...parsed.error.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => ({ code: 'REQUEST_INVALID', detail: `${[...issue.path.map(String), key].join('.')}: unknown field; expected ${fieldsList}`, source: { pointer: pointerOf([...issue.path, key]) } }))
        : [{ code: 'REQUEST_INVALID', detail: `${issue.path.map(String).join('.') || 'body'}: ${issue.message}`, source: { pointer: pointerOf(issue.path) } }],
    ),
    ...requestDestinationProblems(raw),
  ]);
}

/**
 * `POST /exports/export`: IDAH's body, plus `unicity`, `priority`, `destination` and `since`;
 * checked in full before anything is queued (createExportJob); 202 with the export, its job
 * included, and `Location`.
 */
export function registerCreateExport(api: Hono<ServiceEnv>, context: ServiceContext): void {
  api.post('/exports/export', async (c) => {
    const caller = requirePermission(c, 'create', 'sync:exports');
    rejectUnknownParams(c.req.queries());
    const body = await parseBody(c, createExportBody, CREATE_EXPORT_FIELDS);
    const created = await createExportJob(context, body, { createdById: caller.userId });
    c.header('Location', `${API_BASE}/exports/${created.export.id}`);
    c.header('Content-Type', JSON_API_TYPE);
    return c.body(JSON.stringify({ data: exportResource(created.export), included: [jobResource(created.job)] }), 202);
  });
}
