import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalOutputStorage } from '../../../runtime/storage/local-output-storage.ts';
import { postExport, type RunningTestService, startTestService } from './support/service-harness.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let service: RunningTestService;
let outputs: string;
const DESTINATION = { type: 's3', bucket: 'exports', prefix: 'nightly/', region: 'eu-west-1', credentials: 'env:EXPORT_S3', max_attempts: 2 };

beforeAll(async () => {
  outputs = await mkdtemp(join(tmpdir(), 'idah-schedule-routes-'));
  service = await startTestService({ storage: new LocalOutputStorage(outputs) });
});

afterAll(async () => {
  await service?.close();
  await rm(outputs, { recursive: true, force: true });
});

type Document = {
  data: { id: string; type: string; attributes: Record<string, unknown> };
  errors?: Array<{ status: string; code: string; detail: string; source?: { pointer?: string } }>;
};

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; headers: Headers; document: Document | null }> {
  const response = await fetch(`${service.api}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, document: text ? (JSON.parse(text) as Document) : null };
}

const schedule = (overrides: Record<string, unknown> = {}) => ({
  project_id: 'data',
  dataset_ids: ['big'],
  exporter: 'Json::JsonExport',
  options: { pretty: true },
  cron: '*/5 * * * *',
  timezone: 'Europe/Paris',
  ...overrides,
});

describe('POST /schedules', () => {
  it('stores a schedule: 201, Location, its next slot, the destination as given', async () => {
    const { status, headers, document } = await call('POST', '/schedules', schedule({ name: 'nightly', destination: DESTINATION, incremental: true }));
    expect(status).toBe(201);
    expect(headers.get('location')).toBe(`/api/v1/sync/schedules/${document?.data.id}`);
    expect(document?.data).toMatchObject({
      type: 'sync:schedules',
      attributes: {
        name: 'nightly',
        cron: '*/5 * * * *',
        timezone: 'Europe/Paris',
        exporter: 'Json::JsonExport',
        project_id: 'data',
        dataset_ids: ['big'],
        options: { pretty: true },
        destination: DESTINATION,
        incremental: true,
        status: 'active',
        last_job_id: null,
      },
    });
    const next = Date.parse(String(document?.data.attributes.next_run_at));
    expect(next).toBeGreaterThan(Date.now());
    expect(next % (5 * 60_000)).toBe(0);
  });

  it('hands each slot its job with the destination in the arguments verbatim', async () => {
    const created = await call('POST', '/schedules', schedule({ destination: DESTINATION }));
    const next = new Date(String(created.document?.data.attributes.next_run_at));
    const fired = (await service.store.schedules.fireDue(next)).filter((slot) => slot.schedule_id === created.document?.data.id);
    expect(fired).toHaveLength(1);
    const job = await call('GET', `/jobs/${fired[0]!.job.id}`);
    expect(job.document?.data.attributes).toMatchObject({
      schedule_id: created.document?.data.id,
      schedule_slot: next.toISOString(),
      unicity: `schedule:${created.document?.data.id}:${next.toISOString()}`,
      arguments: { exporter: 'Json::JsonExport', dataset_ids: ['big'], options: { pretty: true }, destination: DESTINATION },
    });
    const exported = await call('GET', `/exports/${fired[0]!.export.id}`);
    expect(exported.document?.data.attributes).toMatchObject({ schedule_id: created.document?.data.id, destination: DESTINATION, since: null });
    const listed = await call('GET', `/jobs?filter[schedule_id]=${created.document?.data.id}`);
    expect((listed.document as unknown as { data: unknown[] }).data).toHaveLength(1);
  });

  it('names the field of a bad cron pattern and of a bad time zone, both at once', async () => {
    const { status, document } = await call('POST', '/schedules', schedule({ cron: '0 25 * * *', timezone: 'Europe/Atlantis' }));
    expect(status).toBe(422);
    expect(document?.errors?.map((error) => [error.code, error.source?.pointer])).toEqual([
      ['SCHEDULE_INVALID', '/timezone'],
      ['SCHEDULE_INVALID', '/cron'],
    ]);
    expect(document?.errors?.[0]?.detail).toBe('timezone: expected an IANA time zone such as "UTC" or "Europe/Paris", got "Europe/Atlantis"');
    expect(document?.errors?.[1]?.detail).toMatch(/^cron: expected a cron pattern of 5 fields .* got "0 25 \* \* \*": Invalid value for hour: 25$/);
  });

  it('checks the export as POST /exports/export does: options, datasets, exporter, unknown fields', async () => {
    const bad = await call('POST', '/schedules', schedule({ options: { pretty: 'yes', prety: true }, dataset_ids: ['big', 'nope'] }));
    expect(bad.status).toBe(422);
    const pointers = bad.document?.errors?.map((error) => `${error.code} ${error.source?.pointer}`);
    expect(pointers).toEqual(expect.arrayContaining(['DATASET_NOT_FOUND /dataset_ids/1', 'OPTIONS_INVALID /options/prety', 'OPTIONS_INVALID /options/pretty']));
    const unknownExporter = await call('POST', '/schedules', schedule({ exporter: 'Nope::Nothing' }));
    expect(unknownExporter.status).toBe(404);
    expect(unknownExporter.document?.errors?.[0]).toMatchObject({ code: 'EXPORTER_NOT_FOUND', source: { pointer: '/exporter' } });
    const unknownField = await call('POST', '/schedules', schedule({ every: 'day' }));
    expect(unknownField.status).toBe(422);
    expect(unknownField.document?.errors?.[0]?.detail).toMatch(/^every: unknown field; expected project_id, dataset_ids, exporter, options, priority, name, cron, timezone, destination, incremental$/);
    const noCron = await call('POST', '/schedules', { project_id: 'data', dataset_ids: ['big'], exporter: 'Json::JsonExport' });
    expect(noCron.status).toBe(422);
    expect(noCron.document?.errors?.[0]).toMatchObject({ code: 'REQUEST_INVALID', source: { pointer: '/cron' } });
    const badTypes = await call('POST', '/schedules', schedule({ destination: 's3://bucket', incremental: 'yes' }));
    expect(badTypes.document?.errors?.map((error) => error.source?.pointer).sort()).toEqual(['/destination', '/incremental']);
    const notJson = await call('POST', '/schedules', '{"cron":');
    expect(notJson.status).toBe(422);
  });

  it('refuses a pattern that never fires again', async () => {
    const { status, document } = await call('POST', '/schedules', schedule({ cron: '0 0 31 2 *' }));
    expect(status).toBe(422);
    expect(document?.errors?.[0]).toMatchObject({ code: 'SCHEDULE_INVALID', source: { pointer: '/cron' } });
  });
});

describe('GET, pause, resume and DELETE /schedules', () => {
  it('lists, shows, pauses (no more jobs), resumes and deletes', async () => {
    const created = await call('POST', '/schedules', schedule({ name: 'to-pause', cron: '* * * * *', timezone: 'UTC' }));
    const id = created.document?.data.id as string;
    const listed = await call('GET', `/schedules?filter[status]=active&sort=-created_at&fields[sync:schedules]=name,status`);
    const rows = (listed.document as unknown as { data: Array<{ id: string; attributes: Record<string, unknown> }>; meta: { count: number } });
    expect(rows.data[0]).toEqual({ type: 'sync:schedules', id, attributes: { name: 'to-pause', status: 'active' } });
    expect((await call('GET', '/schedules?filter[cron]=x')).status).toBe(422);
    expect((await call('GET', `/schedules/${id}`)).document?.data.attributes.cron).toBe('* * * * *');

    const paused = await call('POST', `/schedules/${id}/pause`);
    expect(paused.status).toBe(200);
    expect(paused.document?.data.attributes.status).toBe('paused');
    const later = new Date(Date.now() + 10 * 60_000);
    expect((await service.store.schedules.fireDue(later)).filter((slot) => slot.schedule_id === id)).toEqual([]);
    expect((await service.store.listJobs({ filter: { schedule_id: id } })).total).toBe(0);

    const resumed = await call('POST', `/schedules/${id}/resume`);
    expect(resumed.document?.data.attributes.status).toBe('active');
    expect((await service.store.schedules.fireDue(later)).filter((slot) => slot.schedule_id === id)).toHaveLength(1);

    expect((await call('DELETE', `/schedules/${id}`)).status).toBe(204);
    expect((await call('GET', `/schedules/${id}`)).status).toBe(404);
    expect((await call('DELETE', `/schedules/${id}`)).status).toBe(404);
    expect((await call('POST', `/schedules/${id}/pause`)).status).toBe(404);
    expect((await service.store.listJobs({ filter: { schedule_id: id } })).total).toBe(1);
  });
});

describe('the OpenAPI document', () => {
  it('lists the schedule routes and their request body', async () => {
    const document = (await (await fetch(`${service.api}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/schedules', '/schedules/{id}', '/schedules/{id}/pause', '/schedules/{id}/resume']));
    expect(JSON.stringify(document.paths['/schedules']?.post)).toMatch(/"destination":\{"description":"where the file is delivered.*"cron".*"timezone".*"incremental"/);
  });
});

describe('POST /exports/export with since', () => {
  it('records the watermark on the export and hands it to the source', async () => {
    const { response, body } = await postExport(service, { project_id: 'data', dataset_ids: ['big'], exporter: 'Json::JsonExport', since: '2026-05-01T12:00:00+02:00' });
    expect(response.status).toBe(202);
    expect(body.data.attributes.since).toBe('2026-05-01T10:00:00.000Z');
    expect(body.included[0]?.attributes.arguments).toMatchObject({ source: { kind: 'upd', updated_since: '2026-05-01T10:00:00.000Z' } });
    const bad = await postExport(service, { project_id: 'data', dataset_ids: ['big'], exporter: 'Json::JsonExport', since: 'yesterday' });
    expect(bad.response.status).toBe(422);
    expect(bad.body.errors?.[0]).toMatchObject({ code: 'REQUEST_INVALID', source: { pointer: '/since' } });
  });
});
