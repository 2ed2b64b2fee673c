import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3OutputStorage } from '../../../runtime/storage/s3-output-storage.ts';
import { type RunningS3, startS3Server } from '../../support/s3-server.ts';
import { postExport, publishNextJob, type RunningTestService, startTestService } from './support/service-harness.ts';
import { readEvents, type SseEvent } from './support/sse-reader.ts';

let s3: RunningS3;
let storage: S3OutputStorage;
let service: RunningTestService;

beforeAll(async () => {
  s3 = await startS3Server();
  storage = new S3OutputStorage({ bucket: s3.bucket, prefix: '', endpoint: s3.endpoint, credentials: s3.credentials });
  service = await startTestService({ storage });
});

afterAll(async () => {
  await service?.close();
  storage?.close();
  await s3?.close();
});

const ofKind = (events: SseEvent[], kind: string) => events.filter((event) => event.event === kind);

describe('GET /jobs/events', () => {
  it('streams status, progress and log events with ids, and replays changes after Last-Event-ID', async () => {
    const stream = await fetch(`${service.api}/jobs/events`);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const { body } = await postExport(service, { project_id: 'data', dataset_ids: ['small'], exporter: 'json' });
    const jobId = body.included[0]?.id as string;
    const [claimed] = await service.store.claim({ workerId: 'events-test', limit: 1, leaseMs: 60_000 });
    if (!claimed) throw new Error('nothing claimed');
    await service.store.heartbeat(claimed.lease, 60_000, { progress: 0.5, details: { entries_read: 2, entries_total: 3 } });
    await service.store.appendLogs(jobId, [{ level: 'info', message: 'halfway' }]);
    await service.store.finishCancelled(claimed.lease);

    const events = await readEvents(stream, (seen) => seen.some((event) => event.event === 'status' && (event.data as { attributes: { status: string } }).attributes.status === 'cancelled'));
    const statuses = ofKind(events, 'status').map((event) => (event.data as { id: string; attributes: { status: string } }).attributes.status);
    expect(statuses[0]).toBe('pending');
    expect(statuses).toContain('cancelled');
    expect(ofKind(events, 'progress')).toContainEqual(expect.objectContaining({ data: { job_id: jobId, progress: 0.5, entries_read: 2, entries_total: 3 } }));
    expect(ofKind(events, 'log')).toContainEqual(expect.objectContaining({ data: expect.objectContaining({ job_id: jobId, seq: 1, message: 'halfway' }) }));
    for (const event of events) expect(Date.parse(event.id as string)).not.toBeNaN();

    // A client that saw the first event reconnects: the job's current state comes first.
    const firstId = events[0]?.id as string;
    const resumed = await fetch(`${service.api}/jobs/events?filter[id]=${jobId}`, { headers: { 'Last-Event-ID': firstId } });
    const replayed = await readEvents(resumed, (seen) => seen.length > 0);
    expect(replayed[0]).toMatchObject({ event: 'status', data: { id: jobId, attributes: { status: 'cancelled' } } });
  });

  it('narrows the stream to the jobs of filter[id] and rejects other parameters', async () => {
    const first = await postExport(service, { project_id: 'data', dataset_ids: ['small'], exporter: 'json' });
    const wanted = first.body.included[0]?.id as string;
    const stream = await fetch(`${service.api}/jobs/events?filter[id]=${wanted}`);
    await postExport(service, { project_id: 'data', dataset_ids: ['big'], exporter: 'json', priority: -1 });
    await publishNextJob(service, Buffer.from('{}'));
    const events = await readEvents(stream, (seen) => seen.some((event) => event.event === 'status' && (event.data as { attributes: { status: string } }).attributes.status === 'completed'));
    expect(new Set(events.filter((event) => event.event !== 'export').map((event) => (event.data as { id?: string; job_id?: string }).id ?? (event.data as { job_id: string }).job_id))).toEqual(new Set([wanted]));
    expect((await fetch(`${service.api}/jobs/events?since=1`)).status).toBe(422);
  });
});
