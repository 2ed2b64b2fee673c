import { describe, expect, it } from 'vitest';
import { type DatasetFixture, imageBox, readZipEntries, runExport } from 'idah-plugin/testing';
import { YoloExport } from './export.ts';

/** A deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const SIZES = [
  [640, 480],
  [1920, 1080],
  [333, 1000],
  [4000, 3000],
] as const;

function roundTripData(): { datasets: DatasetFixture[]; boxes: Map<string, number[][]>; polygons: Map<string, number[][][]> } {
  const next = random(42);
  const boxes = new Map<string, number[][]>();
  const polygons = new Map<string, number[][][]>();
  const entries = SIZES.flatMap(([width, height], sizeIndex) =>
    Array.from({ length: 5 }, (_, index) => {
      const name = `img-${sizeIndex}-${index}`;
      const annotations = [];
      const entryBoxes: number[][] = [];
      const entryPolygons: number[][][] = [];
      for (let k = 0; k < 4; k += 1) {
        // Some boxes reach past the edges: the export clips them, so compare with the clipped box.
        const x = next() * 0.95 - 0.05;
        const y = next() * 0.95 - 0.05;
        const w = 0.05 + next() * 0.4;
        const h = 0.05 + next() * 0.4;
        annotations.push({ dimensions: imageBox(x, y, x + w, y + h), annotation: { category: `c${k}` } });
        const clip = (value: number) => Math.min(1, Math.max(0, value));
        entryBoxes.push([clip(x) * width, clip(y) * height, clip(x + w) * width, clip(y + h) * height]);
        const points = Array.from({ length: 3 + k }, () => [0.05 + next() * 0.9, 0.05 + next() * 0.9]);
        annotations.push({ dimensions: { type: 'idah-image:polygon', points }, annotation: { category: `p${k}` } });
        entryPolygons.push(points.map(([px, py]) => [px! * width, py! * height]));
      }
      boxes.set(name, entryBoxes);
      polygons.set(name, entryPolygons);
      return { name, medias: [{ filename: `${name}.jpg`, data: 'x', meta: { width, height } }], annotations };
    }),
  );
  return { datasets: [{ entries }], boxes, polygons };
}

/** Reads label files back into pixels: what a YOLO user's loader does. */
async function labelsInPixels(zipPath: string, task: 'detect' | 'segment') {
  const files = await readZipEntries(zipPath);
  const sizeOf = (name: string) => SIZES[Number(name.split('-')[1])]!;
  const result = new Map<string, number[][]>();
  for (const [path, data] of files) {
    const match = /^labels\/default\/(.+)\.txt$/.exec(path);
    if (!match) continue;
    const [width, height] = sizeOf(match[1]!);
    const rows = data.toString().trim().split('\n').map((line) => line.split(' ').slice(1).map(Number));
    result.set(
      match[1]!,
      rows.map((values) => {
        if (task === 'detect') {
          const [cx, cy, w, h] = values as [number, number, number, number];
          return [(cx - w / 2) * width, (cy - h / 2) * height, (cx + w / 2) * width, (cy + h / 2) * height];
        }
        return values.map((value, index) => value * (index % 2 === 0 ? width : height));
      }),
    );
  }
  return result;
}

describe('yolo exporter: round trip', () => {
  const { datasets, boxes, polygons } = roundTripData();

  it('detect: boxes read back match the source within 1 pixel, on every image size', async () => {
    const result = await runExport(YoloExport, { datasets, options: { include_medias: 'none' } });
    expect(result.status).toBe('completed');
    const read = await labelsInPixels(result.output!.path, 'detect');
    expect(read.size).toBe(boxes.size);
    for (const [name, expected] of boxes) {
      const rows = read.get(name)!;
      // Rows alternate box, polygon (as bounding box): the boxes are the even rows.
      const readBoxes = rows.filter((_, index) => index % 2 === 0);
      expect(readBoxes).toHaveLength(expected.length);
      readBoxes.forEach((box, index) => box.forEach((value, k) => expect(Math.abs(value - expected[index]![k]!)).toBeLessThanOrEqual(1)));
    }
  });

  it('segment: polygon vertices read back match the source within 1 pixel', async () => {
    const result = await runExport(YoloExport, { datasets, options: { include_medias: 'none', task: 'segment' } });
    const read = await labelsInPixels(result.output!.path, 'segment');
    for (const [name, expected] of polygons) {
      const readPolygons = read.get(name)!.filter((_, index) => index % 2 === 1);
      expect(readPolygons).toHaveLength(expected.length);
      readPolygons.forEach((values, index) => {
        const source = expected[index]!.flat();
        expect(values).toHaveLength(source.length);
        values.forEach((value, k) => expect(Math.abs(value - source[k]!)).toBeLessThanOrEqual(1));
      });
    }
  });

  it('obb: rotated boxes read back as their turned corners within 1 pixel, on every image size', async () => {
    const next = random(7);
    const expected = new Map<string, number[][]>();
    const entries = SIZES.map(([width, height], sizeIndex) => {
      const name = `img-${sizeIndex}-0`;
      const annotations = Array.from({ length: 6 }, (_, k) => {
        // Half-sides of at most 0.12 of the shorter side in pixels: inside the image at any angle.
        const [cx, cy] = [0.3 + next() * 0.4, 0.3 + next() * 0.4];
        const [hw, hh] = [(0.02 + next() * 0.1) * Math.min(width, height) / width, (0.02 + next() * 0.1) * Math.min(width, height) / height];
        const angle = (next() - 0.5) * 14;
        const corners = [[cx - hw, cy - hh], [cx + hw, cy - hh], [cx + hw, cy + hh], [cx - hw, cy + hh]].map(([x, y]) => {
          const [px, py, pcx, pcy] = [x! * width, y! * height, cx * width, cy * height];
          return [pcx + (px - pcx) * Math.cos(angle) - (py - pcy) * Math.sin(angle), pcy + (px - pcx) * Math.sin(angle) + (py - pcy) * Math.cos(angle)];
        });
        expected.set(`${name}#${k}`, corners);
        return { dimensions: imageBox(cx - hw, cy - hh, cx + hw, cy + hh, angle), annotation: { category: 'c' } };
      });
      return { name, medias: [{ filename: `${name}.jpg`, data: 'x', meta: { width, height } }], annotations };
    });
    const result = await runExport(YoloExport, { datasets: [{ entries }], options: { include_medias: 'none', task: 'obb' } });
    expect(result.status).toBe('completed');
    const read = await labelsInPixels(result.output!.path, 'segment');
    for (const [key, corners] of expected) {
      const [name, k] = key.split('#') as [string, string];
      const values = read.get(name)![Number(k)]!;
      expect(values).toHaveLength(8);
      corners.flat().forEach((value, i) => expect(Math.abs(values[i]! - value)).toBeLessThanOrEqual(1));
    }
  });
});
