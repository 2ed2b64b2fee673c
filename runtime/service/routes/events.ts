import type { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { JobRow, JobStoreEvent } from '../../queue/job-store.ts';
import { requirePermission } from '../auth/authenticate.ts';
import { exportResource, jobResource } from '../http/json-api.ts';
import { rejectUnknownParams } from '../http/list-query.ts';
import type { ServiceContext, ServiceEnv } from '../service-context.ts';

const KEEP_ALIVE_MS = 15_000;

interface SseMessage {
  event: string;
  data: unknown;
  id: string;
}

/**
 * `GET /jobs/events`: server-sent events.
 * - `status` (a `sync:jobs` resource) when a job appears or changes status;
 * - `progress` (`{job_id, progress, entries_read, entries_total, metrics?, steps?}`) when only its
 *   progress moved (metrics and steps, the job's latest, when it has them);
 * - `log` (`{job_id, seq, at, level, message, file}`) per log line (`file`: the exported file's entry, or null); `export` (a `sync:exports` resource).
 * Each id is the event's time (ISO 8601); reconnecting with `Last-Event-ID` first replays the
 * current state of every job changed since. `filter[id]=a,b` narrows the stream to those jobs.
 */
export function registerEvents(api: Hono<ServiceEnv>, context: ServiceContext): void {
  api.get('/jobs/events', (c) => {
    requirePermission(c, 'read', 'sync:jobs');
    rejectUnknownParams(c.req.queries(), ['filter[id]']);
    const only = new Set((c.req.queries('filter[id]') ?? []).flatMap((value) => value.split(',')).filter(Boolean));
    const wanted = (jobId: string) => only.size === 0 || only.has(jobId);
    const lastEventId = c.req.header('last-event-id');

    return streamSSE(c, async (stream) => {
      const statusOf = new Map<string, string>();
      let chain = Promise.resolve();
      const send = (message: SseMessage) => {
        chain = chain.then(() =>
          stream.aborted ? undefined : stream.writeSSE({ event: message.event, id: message.id, data: JSON.stringify(message.data) }),
        ).catch(() => {});
      };
      const sendJob = (job: JobRow) => {
        if (!wanted(job.id)) return;
        const known = statusOf.get(job.id);
        statusOf.set(job.id, job.status);
        if (known === job.status) {
          const { entries_read = null, entries_total = null, metrics, steps } = job.details as {
            entries_read?: number;
            entries_total?: number;
            metrics?: unknown;
            steps?: unknown;
          };
          send({
            event: 'progress',
            id: job.updated_at,
            data: { job_id: job.id, progress: job.progress, entries_read, entries_total, ...(metrics ? { metrics } : {}), ...(steps ? { steps } : {}) },
          });
        } else {
          send({ event: 'status', id: job.updated_at, data: jobResource(job) });
        }
      };
      const listener = (event: JobStoreEvent) => {
        if (event.kind === 'job') sendJob(event.job);
        else if (event.kind === 'export') {
          if (wanted(event.export.job_id)) send({ event: 'export', id: event.export.updated_at, data: exportResource(event.export) });
        } else if (wanted(event.job_id)) {
          for (const line of event.lines) {
            send({ event: 'log', id: line.at, data: { job_id: line.job_id, seq: line.seq, at: line.at, level: line.level, message: line.message, file: line.file } });
          }
        }
      };
      const unsubscribe = context.store.subscribe(listener, { pollMs: context.eventsPollMs ?? 500 });
      if (lastEventId && !Number.isNaN(Date.parse(lastEventId))) {
        const changed = await context.store
          .listJobs({ filter: { updated_at__gt: new Date(lastEventId).toISOString() }, sort: 'updated_at', page: { size: 1000 } })
          .catch(() => null);
        for (const job of changed?.items ?? []) sendJob(job);
      }
      await stream.write(': connected\n\n');
      await new Promise<void>((resolve) => {
        const ping = setInterval(() => {
          chain = chain.then(() => (stream.aborted ? undefined : stream.write(': keep-alive\n\n').then(() => {}))).catch(() => {});
        }, KEEP_ALIVE_MS);
        stream.onAbort(() => {
          clearInterval(ping);
          unsubscribe();
          resolve();
        });
      });
    });
  });
}
