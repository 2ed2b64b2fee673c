import type { DatasetFixture, EntryFixture } from '../../runtime/sources/memory/fixtures.ts';

/** `count` entries, each with a box and a polygon, named `<prefix>-<n>`. */
export function entriesWithShapes(count: number, prefix = 'entry'): EntryFixture[] {
  return Array.from({ length: count }, (_, index) => ({
    name: `${prefix}-${index}`,
    status: index % 2 === 0 ? 'completed' : 'review',
    annotations: [
      {
        dimensions: { type: 'idah-image:bounding-box', points: [[0.1, 0.2], [0.4, 0.2], [0.4, 0.6], [0.1, 0.6]], angle: 0 },
        annotation: { category: 'vehicles/car', attributes: {} },
      },
      {
        dimensions: { type: 'idah-image:polygon', points: [[0.1, 0.1], [0.5, 0.1], [0.3, 0.6]] },
        annotation: { category: 'road', attributes: {} },
        updated_at: '2026-06-01T00:00:00.000Z',
      },
    ],
  }));
}

export function twoDatasets(big = 90, small = 10): DatasetFixture[] {
  return [
    { id: 'big', name: 'Big', entries: entriesWithShapes(big, 'big') },
    { id: 'small', name: 'Small', entries: entriesWithShapes(small, 'small') },
  ];
}
