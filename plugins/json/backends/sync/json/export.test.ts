import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { type DatasetFixture, recordsFromFixtures, runExport } from 'idah-plugin/testing';
import { JsonExport } from './export.ts';

const datasets: DatasetFixture[] = [
  {
    id: 'streets',
    name: 'Streets ünïcode "quoted"',
    labels: ['car', 'road'],
    entries: [
      {
        name: 'frame-1',
        priority: 3,
        annotations: [
          {
            dimensions: { type: 'idah-image:polygon', points: [[0.1, 0.2], [0.4, 0.2], [0.3, 0.9]] },
            annotation: { category: 'vehicles/car', occluded: true },
            metadata: { source: 'model-v2' },
            created_by_email: 'ann@example.com',
          },
        ],
        medias: [{ filename: 'frame 1.png', data: 'png', meta: { width: 640, height: 480 } }],
      },
      { name: 'frame-2', status: 'review' },
    ],
  },
  { id: 'empty', modality: 'idah-video' },
];

async function exported(options: Record<string, unknown> = {}) {
  const result = await runExport(JsonExport, { datasets, options });
  expect(result.error).toBeUndefined();
  expect(result.output?.mime_type).toBe('application/json');
  const text = await readFile(result.output!.path, 'utf8');
  return { text, document: JSON.parse(text), path: result.output!.path };
}

describe('json exporter', () => {
  it('is lossless: every record comes back exactly as the source holds it', async () => {
    const { document } = await exported();
    const records = recordsFromFixtures(datasets);
    expect(document.format).toBe('idah-json');
    // Datasets come in id order; entries follow their dataset.
    const datasetOrder = [...records.datasets].sort((a, b) => a.id.localeCompare(b.id));
    expect(document.datasets.map((d: { record: unknown }) => d.record)).toEqual(datasetOrder);
    const entries = document.datasets.flatMap((d: { entries: { record: unknown }[] }) => d.entries);
    expect(entries.map((e: { record: unknown }) => e.record)).toEqual(records.entries);
    expect(entries.flatMap((e: { annotations: unknown[] }) => e.annotations)).toEqual(records.annotations);
    expect(entries.flatMap((e: { medias: unknown[] }) => e.medias)).toEqual(records.medias.map((m) => m.record));
  });

  it('pretty output holds the same document and parses with Python', async () => {
    const compact = await exported();
    const pretty = await exported({ pretty: true });
    expect(pretty.text).toContain('\n    {');
    expect(pretty.document).toEqual(compact.document);
    const counted = execFileSync('python3', [
      '-c',
      'import json,sys; d=json.load(open(sys.argv[1])); print(sum(len(x["entries"]) for x in d["datasets"]))',
      pretty.path,
    ]);
    expect(counted.toString().trim()).toBe('2');
  });

  it('filters entries by status and can leave media records out', async () => {
    const { document } = await exported({ entry_status: ['review'], include_medias: false });
    const entries = document.datasets.find((d: { record: { id: string } }) => d.record.id === 'streets').entries;
    expect(entries.map((e: { record: { name: string } }) => e.record.name)).toEqual(['frame-2']);
    expect(entries[0].medias).toBeUndefined();
  });

  it('rejects options of the wrong type', async () => {
    const result = await runExport(JsonExport, { datasets, options: { pretty: 'yes' } });
    expect(result.status).toBe('errored');
    expect(result.error).toContain('options.pretty');
  });
});
