import { describe, expect, it } from 'vitest';
import type { DatasetFixture } from 'idah-plugin';
import { readZipEntry, runExport } from 'idah-plugin/testing';
import { CocoExport } from './export.ts';

/**
 * Exports many shapes on non-square images, reads the COCO JSON back and compares it with the
 * source geometry, computed here independently, within 1 pixel.
 */

let state = 12345;
const random = () => {
  state = (Math.imul(state, 1103515245) + 12345) >>> 0;
  return state / 2 ** 32;
};
const between = (low: number, high: number) => low + (high - low) * random();

type Source = { kind: string; dimensions: Record<string, unknown>; width: number; height: number };

function randomMask(width: number, height: number) {
  // Row-major runs (the first of zeros) of 0 to 59 cells, covering the whole image.
  const counts: number[] = [];
  for (let left = width * height; left > 0; ) {
    const run = Math.min(left, Math.floor(between(0, 60)));
    counts.push(run);
    left -= run;
  }
  return { size: [height, width], counts };
}

/** Expands runs into cells: 0, 1, 0, 1... by run. */
function cellsOf(counts: readonly number[], cells: number): Uint8Array {
  const out = new Uint8Array(cells);
  let at = 0;
  counts.forEach((run, i) => {
    if (i % 2) out.fill(1, at, at + run);
    at += run;
  });
  return out;
}

function makeFixture(): { datasets: DatasetFixture[]; sources: Map<string, Source> } {
  const sources = new Map<string, Source>();
  const sizes = [[640, 480], [300, 500], [64, 48], [33, 71]] as const;
  const entries = Array.from({ length: 24 }, (_, index) => {
    const [width, height] = sizes[index % sizes.length]!;
    const annotations = ['box', 'polygon', 'circle', 'ellipse', 'mask'].map((kind, k) => {
      const id = `e${String(index).padStart(2, '0')}-${k}`;
      const cx = between(0.3, 0.7);
      const cy = between(0.3, 0.7);
      const dimensions: { type: string; [geometry: string]: unknown } =
        kind === 'box'
          ? { type: 'idah-image:bounding-box', x: between(0, 0.5), y: between(0, 0.5), width: between(0.01, 0.5), height: between(0.01, 0.5) }
          : kind === 'polygon'
            ? { type: 'idah-image:polygon', points: Array.from({ length: 3 + (index % 5) }, () => [between(0, 1), between(0, 1)]) }
            : kind === 'circle'
              ? { type: 'idah-image:circle', points: [[cx, cy], [cx + between(0.01, 0.2), cy + between(-0.1, 0.1)]] }
              : kind === 'ellipse'
                ? { type: 'idah-image:ellipse', points: [[cx, cy]], rx: between(0.02, 0.25), ry: between(0.02, 0.25), rotation: between(-180, 180) }
                : { type: 'idah-image:mask', mask: randomMask(width, height) };
      sources.set(id, { kind, dimensions, width, height });
      return { id, dimensions, annotation: { category: `shapes/${kind}` } };
    });
    return { id: `e${String(index).padStart(2, '0')}`, medias: [{ filename: `img-${index}.png`, data: 'x', meta: { width, height } }], annotations };
  });
  return { datasets: [{ id: 'shapes', entries }], sources };
}

type Pair = [number, number];
const pairs = (flat: number[]): Pair[] => Array.from({ length: flat.length / 2 }, (_, i) => [flat[2 * i]!, flat[2 * i + 1]!]);

function checkAgainstSource(source: Source, coco: { bbox: number[]; segmentation: unknown }) {
  const { width: w, height: h, dimensions: d } = source;
  if (source.kind === 'box') {
    const expected = [Number(d.x) * w, Number(d.y) * h, Number(d.width) * w, Number(d.height) * h];
    coco.bbox.forEach((value, i) => expect(Math.abs(value - expected[i]!)).toBeLessThanOrEqual(1));
  } else if (source.kind === 'polygon') {
    const [ring] = coco.segmentation as number[][];
    const expected = (d.points as number[][]).map(([x, y]) => [x! * w, y! * h]);
    pairs(ring!).forEach(([x, y], i) => expect(Math.hypot(x - expected[i]![0]!, y - expected[i]![1]!)).toBeLessThanOrEqual(1));
  } else if (source.kind === 'circle') {
    const [[cx, cy], [px, py]] = (d.points as number[][]).map(([x, y]) => [x! * w, y! * h]) as [Pair, Pair];
    const radius = Math.hypot(px - cx, py - cy);
    for (const [x, y] of pairs((coco.segmentation as number[][])[0]!)) expect(Math.abs(Math.hypot(x - cx, y - cy) - radius)).toBeLessThanOrEqual(1);
  } else if (source.kind === 'ellipse') {
    const [cx, cy] = [(d.points as number[][])[0]![0]! * w, (d.points as number[][])[0]![1]! * h];
    const [rx, ry, angle] = [Number(d.rx) * w, Number(d.ry) * h, (Number(d.rotation) * Math.PI) / 180];
    for (const [x, y] of pairs((coco.segmentation as number[][])[0]!)) {
      // Undo the rotation, then measure how far the vertex lies from the ellipse along its ray.
      const u = (x - cx) * Math.cos(angle) + (y - cy) * Math.sin(angle);
      const v = -(x - cx) * Math.sin(angle) + (y - cy) * Math.cos(angle);
      const q = Math.sqrt((u / rx) ** 2 + (v / ry) ** 2);
      expect(Math.abs(Math.hypot(u, v) * (1 - 1 / q))).toBeLessThanOrEqual(1);
    }
  } else {
    const rowMajor = cellsOf((d.mask as { counts: number[] }).counts, w * h);
    const segmentation = coco.segmentation as { size: number[]; counts: number[] };
    expect(segmentation.size).toEqual([h, w]);
    const columnMajor = cellsOf(segmentation.counts, w * h);
    const transposed = new Uint8Array(w * h);
    for (let i = 0; i < w * h; i += 1) transposed[i] = columnMajor[(i % w) * h + Math.floor(i / w)]!;
    expect(Buffer.from(transposed).equals(Buffer.from(rowMajor))).toBe(true);
  }
}

describe('coco exporter: round trip', () => {
  it('gives back every source shape within 1 pixel', async () => {
    const { datasets, sources } = makeFixture();
    const result = await runExport(CocoExport, { datasets, options: { include_medias: 'none' } });
    expect(result.error).toBeUndefined();
    const coco = JSON.parse((await readZipEntry(result.output!.path, 'annotations/instances_default.json')).toString());
    const categories = new Map<number, string>(coco.categories.map((c: { id: number; supercategory: string; name: string }) => [c.id, `${c.supercategory}/${c.name}`]));
    const images = new Map<number, { file_name: string; width: number; height: number }>(coco.images.map((image: { id: number }) => [image.id, image]));
    expect(coco.annotations).toHaveLength(sources.size);
    const ordered = [...sources.values()];
    coco.annotations.forEach((annotation: { image_id: number; category_id: number; bbox: number[]; segmentation: unknown }, index: number) => {
      const source = ordered[index]!;
      const image = images.get(annotation.image_id)!;
      expect([image.width, image.height]).toEqual([source.width, source.height]);
      expect(categories.get(annotation.category_id)).toBe(`shapes/${source.kind}`);
      checkAgainstSource(source, annotation);
    });
  });
});
