import type { Hono } from 'hono';
import { requirePermission } from '../auth/authenticate.ts';
import { ApiError } from '../http/api-error.ts';
import { queryError, rejectUnknownParams } from '../http/list-query.ts';
import type { ServiceContext, ServiceEnv } from '../service-context.ts';

const MAX_LIMIT = 10_000;

function integerParam(value: string | undefined, name: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max) {
    throw queryError([{ parameter: name, detail: `${name}: expected an integer from ${min} to ${max}, got ${JSON.stringify(value)}` }]);
  }
  return number;
}

/**
 * `GET /jobs/:id/logs?after=<seq>&limit=`: JSON (`{data: [...], meta: {next_after, truncated}}`),
 * or NDJSON, one line per log line, when `Accept` asks for `application/x-ndjson`.
 */
export function registerLogs(api: Hono<ServiceEnv>, context: ServiceContext): void {
  api.get('/jobs/:id/logs', async (c) => {
    requirePermission(c, 'read', 'sync:jobs');
    rejectUnknownParams(c.req.queries(), ['after', 'limit']);
    const after = integerParam(c.req.query('after'), 'after', 0, Number.MAX_SAFE_INTEGER, 0);
    const limit = integerParam(c.req.query('limit'), 'limit', 1, MAX_LIMIT, 1000);
    const id = c.req.param('id');
    if (!(await context.store.getJob(id))) throw new ApiError(404, 'NOT_FOUND', `no job ${id}`);
    const page = await context.store.readLogs(id, { after, limit });
    const accept = c.req.header('accept') ?? '';
    if (/application\/(x-)?ndjson/.test(accept)) {
      c.header('Content-Type', 'application/x-ndjson');
      c.header('X-Next-After', String(page.next_after));
      c.header('X-Logs-Truncated', String(page.truncated));
      return c.body(page.lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
    }
    return c.json({ data: page.lines, meta: { next_after: page.next_after, truncated: page.truncated } });
  });
}
