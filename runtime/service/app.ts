import { Hono } from 'hono';
import { authenticate } from './auth/authenticate.ts';
import { ApiError, errorResponse } from './http/api-error.ts';
import { registerCreateExport } from './routes/create-export.ts';
import { registerDatasets } from './routes/datasets.ts';
import { registerDownload } from './routes/download.ts';
import { registerEvents } from './routes/events.ts';
import { registerExports } from './routes/exports.ts';
import { registerFormats } from './routes/formats.ts';
import { registerHealthcheck } from './routes/healthcheck.ts';
import { registerJobs } from './routes/jobs.ts';
import { registerLogs } from './routes/logs.ts';
import { registerOpenApi } from './routes/openapi.ts';
import { registerSchedules } from './routes/schedules.ts';
import { API_BASE, type RouteMount, type ServiceContext, type ServiceEnv } from './service-context.ts';

export interface ServiceAppOptions {
  /** Extra route modules (the web page at `GET /`), mounted after the API and outside its auth. */
  mounts?: readonly RouteMount[];
}

/**
 * The Sync Service as a Hono app: IDAH's routes under `/api/v1/sync`, every error a JSON:API
 * `errors[]` with a stable code. Listen with `@hono/node-server` (see start-service.ts), or
 * call `app.request()`.
 */
export function createServiceApp(context: ServiceContext, options: ServiceAppOptions = {}): Hono {
  const app = new Hono();
  const open = new Hono<ServiceEnv>();
  registerHealthcheck(open, context);
  registerOpenApi(open);

  const api = new Hono<ServiceEnv>();
  api.use('*', authenticate(context.auth));
  // Static segments first, as upstream orders them: /exports/formats before /exports/:id.
  registerFormats(api, context);
  registerCreateExport(api, context);
  registerDownload(api, context);
  registerExports(api, context);
  registerEvents(api, context);
  registerLogs(api, context);
  registerJobs(api, context);
  registerDatasets(api, context);
  registerSchedules(api, context);

  app.route(API_BASE, open);
  app.route(API_BASE, api);
  for (const mount of options.mounts ?? []) mount(app, { apiBase: API_BASE, context });

  app.notFound((c) => errorResponse(c, new ApiError(404, 'NOT_FOUND', `no route ${c.req.method} ${c.req.path}`)));
  app.onError((error, c) => errorResponse(c, error));
  return app;
}
