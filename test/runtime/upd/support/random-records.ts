import { isDeepStrictEqual } from 'node:util';
import { expect } from 'vitest';
import type {
  AnnotationRecord,
  DatasetRecord,
  EntryRecord,
  JsonObject,
  JsonValue,
  MediaRecord,
} from '../../../../runtime/records.ts';

/** A seeded generator (mulberry32): every failing case can be replayed from its seed. */
export class Random {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

/** Text that has bitten JSON, SQL and UTF-8 code: quotes, escapes, combining marks, astral characters. */
const TEXT_PIECES = [
  'car', 'Road', 'x', '', ' ', 'ſ', 'K', 'é', 'e\u0301', '日本語', '🦆', '𝔘𝔓𝔇', 'שלום', '\u200b', '\uffff', '\ue000',
  '"', "'", '\\', '\n', '\r\n', '\t', '%', '_', '{}', '[1]', 'null', '$.Status', ',', ';--', '\u0000', '\u001f',
];

export function randomText(random: Random, maxPieces = 4): string {
  return Array.from({ length: random.int(maxPieces + 1) }, () => random.pick(TEXT_PIECES)).join('');
}

/** Text DuckDB key columns can hold: well formed, no NUL, at most `max` code points. */
export function randomKey(random: Random, prefix: string, max = 64): string {
  const key = `${prefix}-${random.int(1e9)}${random.chance(0.3) ? random.pick(['é', '🦆', '日本', ' x', '"q"']) : ''}`;
  return Array.from(key).slice(0, max).join('');
}

const NUMBERS = [0, 1, -1, 42, 0.1, 0.5, 1e-7, -2.5e-300, 1.5e300, 2 ** 53 - 1, -(2 ** 53) + 1, 123456.789, 0.30000000000000004];
const OBJECT_KEYS = ['a', 'B', 'Created-At', '__proto__', 'constructor', '', 'ключ', 'with space', 'x.y', 'category', 'type'];

export function randomJson(random: Random, depth = 2): JsonValue {
  const kind = random.int(depth > 0 ? 7 : 5);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return random.chance(0.5);
    case 2:
      return random.pick(NUMBERS);
    case 3:
    case 4:
      return randomText(random);
    case 5:
      return Array.from({ length: random.int(4) }, () => randomJson(random, depth - 1));
    default:
      return randomObject(random, depth - 1);
  }
}

export function randomObject(random: Random, depth = 1): JsonObject {
  return Object.fromEntries(Array.from({ length: random.int(4) }, () => [random.pick(OBJECT_KEYS), randomJson(random, depth)]));
}

/** An optional field: absent, null, or a value. */
function maybe<T>(random: Random, value: () => T): T | null | undefined {
  const roll = random.int(4);
  return roll === 0 ? undefined : roll === 1 ? null : value();
}

/** Sets the fields whose value is not undefined (absent stays absent, as records are built). */
function withFields<T extends object>(record: T, fields: Record<string, unknown>): T {
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) (record as Record<string, unknown>)[key] = value;
  return record;
}

const EXTRA_ATTRIBUTES = ['entries_completed_count', 'labels', 'x', 'a_b_c', 'custom_2d_field', '__proto__', 'big_number'];
const timestamp = (random: Random) =>
  random.pick(['2026-01-01T00:00:00.000Z', '2025-06-30T12:34:56Z', '2024-02-29', 'not a date', '2026-01-01T00:00:00+02:00']);

function extraAttributes(random: Random): Record<string, JsonValue> {
  return Object.fromEntries(
    Array.from({ length: random.int(3) }, () => [random.pick(EXTRA_ATTRIBUTES), randomJson(random)] as [string, JsonValue]),
  );
}

export function randomDataset(random: Random, id = randomKey(random, 'dataset')): DatasetRecord {
  const longName = () => `${randomText(random, 3)}${'n'.repeat(70)}`;
  const record: DatasetRecord = Object.fromEntries([
    ...Object.entries(extraAttributes(random)),
    ['id', id],
    ['name', random.chance(0.2) ? longName() : random.chance(0.1) ? 'lone \ud800 surrogate' : randomText(random) || 'name'],
    ['modality', random.pick(['idah-image', 'idah-video', `vendor-${'m'.repeat(70)}`])],
  ]) as DatasetRecord;
  return withFields(record, {
    project_id: maybe(random, () => randomKey(random, 'project')),
    labels: maybe(random, () => randomJson(random, 3)),
    labeling_configuration: maybe(random, () => randomObject(random, 2)),
    status: maybe(random, () => randomText(random)),
    progress: maybe(random, () => random.pick(NUMBERS)),
    entries_count: maybe(random, () => random.int(1000)),
    created_at: maybe(random, () => timestamp(random)),
    updated_at: maybe(random, () => timestamp(random)),
  });
}

export const STATUSES = ['completed', 'review', 'new', 'Completed', ''];
export const WF_STEPS = ['annotate', 'review', 'qa'];

export function randomEntry(random: Random, datasetId: string, id = randomKey(random, 'entry')): EntryRecord {
  const record: EntryRecord = Object.fromEntries([
    ...Object.entries(extraAttributes(random)),
    ['id', id],
    ['dataset_id', datasetId],
  ]) as EntryRecord;
  return withFields(record, {
    project_id: maybe(random, () => randomKey(random, 'project')),
    name: maybe(random, () => random.pick([randomText(random), `image-${random.int(100)}.jpg`, 'IMG_Car.PNG'])),
    priority: maybe(random, () => random.pick([0, 1, 2, 3, 2.5, -1, 2 ** 53 - 1])),
    wf_step: maybe(random, () => random.pick(WF_STEPS)),
    status: maybe(random, () => random.pick(STATUSES)),
    job_id: maybe(random, () => randomKey(random, 'job')),
    resource: maybe(random, () => randomKey(random, 'resource')),
    assigned_to_id: maybe(random, () => randomKey(random, 'user')),
    created_at: maybe(random, () => timestamp(random)),
    updated_at: maybe(random, () => timestamp(random)),
  });
}

export const SHAPE_TYPES = ['idah-image:polygon', 'idah-image:bounding-box', 'idah-video:bounding-box', 'polygon', 'acme:line'];
export const CATEGORIES = ['vehicles/car', 'road', 'Road', 'ſign', '', 'road\u001fside'];

export function randomAnnotation(random: Random, entryId: string, id = randomKey(random, 'annotation')): AnnotationRecord {
  const geometry = Object.fromEntries(
    [['points', [[random.next(), random.next()], [0.5, 0.25]]], ...Object.entries(randomObject(random, 2))].filter(([key]) => key !== 'type'),
  );
  const annotation = Object.fromEntries(Object.entries(randomObject(random, 2)).filter(([key]) => key !== 'category'));
  const category = random.int(6);
  if (category < 3) annotation.category = random.pick(CATEGORIES);
  else if (category === 3) annotation.category = null;
  else if (category === 4) annotation.category = random.pick([7, ['a'], { nested: 'x' }]) as JsonValue;
  const metadata = Object.fromEntries(Object.entries(randomObject(random, 2)).filter(([key]) => !key.includes('-') || key === 'x-y'));
  return withFields(
    {
      id,
      entry_id: entryId,
      dimensions: { type: random.pick(SHAPE_TYPES), ...geometry },
      annotation,
    } as AnnotationRecord,
    {
      dataset_id: maybe(random, () => randomKey(random, 'dataset')),
      project_id: maybe(random, () => randomKey(random, 'project')),
      metadata: random.int(3) === 0 ? undefined : random.chance(0.2) ? null : metadata,
      created_by_email: maybe(random, () => `${randomText(random, 2)}@example.com`),
      created_at: maybe(random, () => timestamp(random)),
      updated_at: maybe(random, () => timestamp(random)),
    },
  );
}

export function randomMedia(random: Random, resource: string, key = random.pick(['', 'thumb', 'tiles/00,01.png', 'é/🦆'])): MediaRecord {
  return withFields(
    { id: randomKey(random, 'media'), resource, key, filename: randomText(random) || 'file.bin' } as MediaRecord,
    {
      size: maybe(random, () => random.int(1e7)),
      mime_type: maybe(random, () => random.pick(['image/jpeg', 'image/png', 'video/mp4', `application/${'x'.repeat(70)}`, ''])),
      meta: maybe(random, () => randomObject(random, 2)),
      created_at: maybe(random, () => timestamp(random)),
      updated_at: maybe(random, () => timestamp(random)),
    },
  );
}

/** What a record looks like after the UPD round trip: only an annotation's metadata changes (absent/null -> {}). */
export function afterRoundTrip(record: AnnotationRecord): AnnotationRecord {
  return { ...record, metadata: record.metadata ?? {} };
}

/**
 * Deep, strict equality (own keys, prototypes, absent vs undefined) that also holds for objects
 * with an own `constructor` key, which vitest's toStrictEqual compares as a class.
 */
export function expectSameRecord(actual: unknown, expected: unknown): void {
  expect(actual).toEqual(expected);
  expect(isDeepStrictEqual(actual, expected)).toBe(true);
}
