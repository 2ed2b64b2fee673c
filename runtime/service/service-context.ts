import type { Hono } from 'hono';
import type { Host } from '../plugins/host.ts';
import type { JobStore } from '../queue/job-store.ts';
import type { OutputStorage } from '../storage/output-storage.ts';
import type { AuthConfig } from './auth/authenticate.ts';
import type { Caller } from './auth/permissions.ts';
import type { DatasetCatalog } from './datasets/dataset-catalog.ts';

/** Where IDAH serves the Sync Service (nginx strips it upstream; here the app owns it). */
export const API_BASE = '/api/v1/sync';

/** What the routes work with: one store, one storage, the plugins, the data folder, auth. */
export interface ServiceContext {
  store: JobStore;
  storage: OutputStorage;
  host: Host;
  /** The UPD files of a data folder, or a live IDAH. */
  catalog: DatasetCatalog;
  auth: AuthConfig;
  /** Answer downloads with a 302 to a presigned URL when the storage gives one (S3). Default true. */
  redirectDownloads?: boolean;
  /** Lifetime of a new export's file; sets `expires_at` (retention removes it after). */
  keepMs?: number;
  /** Attempts per job before it ends errored (store default 3). */
  maxAttempts?: number;
  /** Hard limit on one attempt's wall time. */
  jobTimeoutMs?: number;
  /** How often the events stream looks for other processes' changes (default 500 ms). */
  eventsPollMs?: number;
}

export interface ServiceEnv {
  Variables: { caller: Caller };
}

/**
 * Routes mounted beside the API, outside its auth (the web page at `GET /` and its static
 * files hold no data; every API call the page makes carries its own token).
 */
export type RouteMount = (app: Hono, options: { apiBase: string; context: ServiceContext }) => void;
