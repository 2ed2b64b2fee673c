import { describe, expect, it } from 'vitest';
import { type DatasetFixture, imageBox, maskTileCode, readZipEntry, runExport } from 'idah-plugin/testing';
import { CocoExport } from './export.ts';

/**
 * Exports many of IDAH's real shapes (rotated boxes, circles, rotated ellipses, tiled masks) on non-square images, reads the COCO JSON back and compares it with the
 * source geometry, computed here independently, within 1 pixel.
 */

let state = 12345;
const random = () => {
  state = (Math.imul(state, 1103515245) + 12345) >>> 0;
  return state / 2 ** 32;
};
const between = (low: number, high: number) => low + (high - low) * random();

type Source = { kind: string; dimensions: Record<string, unknown>; width: number; height: number; bitmap?: Uint8Array };

/** A random bitmap of runs of 0 to 59 pixels, and IDAH's tiles for it (written by tileCode, from the reference). */
function randomMask(width: number, height: number): { bitmap: Uint8Array; tiles: Record<string, { rle: string }> } {
  const bitmap = new Uint8Array(width * height);
  let value = 0;
  for (let at = 0; at < bitmap.length; value = 1 - value) {
    const run = Math.floor(between(0, 60));
    bitmap.fill(value, at, Math.min(bitmap.length, at + run));
    at += run;
  }
  const tiles: Record<string, { rle: string }> = {};
  for (let row = 0; row * 128 < height; row += 1) {
    for (let col = 0; col * 128 < width; col += 1) {
      const isSet = (x: number, y: number) => {
        const [px, py] = [col * 128 + x, row * 128 + y];
        return px < width && py < height && bitmap[py * width + px] === 1;
      };
      tiles[`tile-${col}x${row}`] = { rle: maskTileCode(isSet) };
    }
  }
  return { bitmap, tiles };
}

/** Expands COCO's runs into cells: 0, 1, 0, 1... by run. */
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
      const [hw, hh] = [between(0.01, 0.1), between(0.01, 0.1)];
      let bitmap: Uint8Array | undefined;
      let dimensions: { type: string; [geometry: string]: unknown };
      if (kind === 'box') dimensions = imageBox(cx - hw, cy - hh, cx + hw, cy + hh, between(-7, 7));
      else if (kind === 'polygon') dimensions = { type: 'idah-image:polygon', points: Array.from({ length: 3 + (index % 5) }, () => [between(0, 1), between(0, 1)]) };
      else if (kind === 'circle') dimensions = { type: 'idah-image:circle', points: [[cx, cy]], radius: between(0.01, 0.25) };
      else if (kind === 'ellipse') dimensions = { type: 'idah-image:ellipse', points: [[cx, cy], [between(0.02, 0.25), between(0.02, 0.25)]], angle: between(-7, 7) };
      else {
        const mask = randomMask(width, height);
        bitmap = mask.bitmap;
        dimensions = { type: 'idah-image:mask', points: [], ...mask.tiles };
      }
      sources.set(id, { kind, dimensions, width, height, bitmap });
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
  const points = ((d.points ?? []) as number[][]).map(([x, y]): Pair => [x! * w, y! * h]);
  const ring = () => pairs((coco.segmentation as number[][])[0]!);
  if (source.kind === 'box') {
    // The corners turned by the angle about the centre, in pixels (the reference's matrix).
    const [cx, cy] = [(points[0]![0] + points[2]![0]) / 2, (points[0]![1] + points[2]![1]) / 2];
    const angle = Number(d.angle);
    const turn = ([x, y]: Pair): Pair => [cx + (x - cx) * Math.cos(angle) - (y - cy) * Math.sin(angle), cy + (x - cx) * Math.sin(angle) + (y - cy) * Math.cos(angle)];
    const expected = points.map(turn);
    expect(ring()).toHaveLength(4);
    ring().forEach(([x, y], i) => expect(Math.hypot(x - expected[i]![0], y - expected[i]![1])).toBeLessThanOrEqual(1));
  } else if (source.kind === 'polygon') {
    ring().forEach(([x, y], i) => expect(Math.hypot(x - points[i]![0], y - points[i]![1])).toBeLessThanOrEqual(1));
  } else if (source.kind === 'circle') {
    const [cx, cy] = points[0]!;
    const radius = Number(d.radius) * Math.min(w, h);
    for (const [x, y] of ring()) expect(Math.abs(Math.hypot(x - cx, y - cy) - radius)).toBeLessThanOrEqual(1);
  } else if (source.kind === 'ellipse') {
    const [cx, cy] = points[0]!;
    const [rx, ry] = [(d.points as number[][])[1]![0]! * w, (d.points as number[][])[1]![1]! * h];
    const angle = Number(d.angle);
    for (const [x, y] of ring()) {
      // Undo the rotation, then measure how far the vertex lies from the ellipse along its ray.
      const u = (x - cx) * Math.cos(angle) + (y - cy) * Math.sin(angle);
      const v = -(x - cx) * Math.sin(angle) + (y - cy) * Math.cos(angle);
      const q = Math.sqrt((u / rx) ** 2 + (v / ry) ** 2);
      expect(Math.abs(Math.hypot(u, v) * (1 - 1 / q))).toBeLessThanOrEqual(1);
    }
  } else {
    const segmentation = coco.segmentation as { size: number[]; counts: number[] };
    expect(segmentation.size).toEqual([h, w]);
    const columnMajor = cellsOf(segmentation.counts, w * h);
    const transposed = new Uint8Array(w * h);
    for (let i = 0; i < w * h; i += 1) transposed[i] = columnMajor[(i % w) * h + Math.floor(i / w)]!;
    expect(Buffer.from(transposed).equals(Buffer.from(source.bitmap!))).toBe(true);
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
