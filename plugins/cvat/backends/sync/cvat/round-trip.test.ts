import { describe, expect, it } from 'vitest';
import { imageBox, python, runExport } from 'idah-plugin/testing';
import { CvatExport } from './export.ts';

/** A deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const SIZES = [[640, 480], [300, 500], [33, 71]] as const;
type Pair = [number, number];

/** Each element as Python's xml.etree reads it: the tag and its numeric attributes. */
const READ = `
import json, sys, zipfile, xml.etree.ElementTree as ET
root = ET.fromstring(zipfile.ZipFile(sys.argv[1]).read('annotations.xml'))
out = {}
for image in root.iter('image'):
    out[image.get('name')] = [dict(tag=el.tag, **{k: v for k, v in el.attrib.items() if k not in ('label', 'source', 'occluded', 'z_order')}) for el in image]
print(json.dumps(out))
`;

describe('cvat exporter: round trip', () => {
  it('rotated boxes (corners from xtl..ybr and rotation), circles, rotated ellipses and polygons come back within 1 pixel', async () => {
    const next = random(11);
    const sources = new Map<string, { kind: string; width: number; height: number; values: number[] }[]>();
    const entries = SIZES.map(([width, height], index) => {
      const name = `img-${index}.png`;
      const list: { kind: string; width: number; height: number; values: number[] }[] = [];
      const annotations = Array.from({ length: 4 }, () => {
        const [cx, cy, a, b, angle] = [0.3 + next() * 0.4, 0.3 + next() * 0.4, 0.02 + next() * 0.2, 0.02 + next() * 0.2, (next() - 0.5) * 14];
        list.push({ kind: 'box', width, height, values: [cx, cy, a, b, angle] }, { kind: 'ellipse', width, height, values: [cx, cy, a, b, angle] }, { kind: 'circle', width, height, values: [cx, cy, a] });
        return [
          { dimensions: imageBox(cx - a, cy - b, cx + a, cy + b, angle), annotation: { category: 'box' } },
          { dimensions: { type: 'idah-image:ellipse', points: [[cx, cy], [a, b]], angle }, annotation: { category: 'ellipse' } },
          { dimensions: { type: 'idah-image:circle', points: [[cx, cy]], radius: a }, annotation: { category: 'circle' } },
        ];
      }).flat();
      sources.set(name, list);
      return { medias: [{ filename: name, data: 'x', meta: { width, height } }], annotations };
    });
    const result = await runExport(CvatExport, { datasets: [{ entries }], options: { include_medias: 'none' } });
    expect(result.status).toBe('completed');
    const read = python<Record<string, Record<string, string>[]>>(READ, result.output!.path);
    for (const [name, list] of sources) {
      const elements = read[name]!;
      expect(elements).toHaveLength(list.length);
      list.forEach((source, i) => {
        const element = elements[i]!;
        const n = (key: string) => Number(element[key] ?? 0);
        const { width: w, height: h, values } = source;
        const [cx, cy, a, b, angle] = values as [number, number, number, number, number];
        const degrees = (((angle * 180) / Math.PI) % 360 + 360) % 360;
        const sameAngle = (got: number) => Math.min(Math.abs(got - degrees), 360 - Math.abs(got - degrees));
        if (source.kind === 'box') {
          expect(element.tag).toBe('box');
          // The corners as CVAT draws them: the rectangle turned by rotation (clockwise) about its centre.
          const [x1, y1, x2, y2] = [n('xtl'), n('ytl'), n('xbr'), n('ybr')];
          const turn = (theta: number, [x, y]: Pair, [ox, oy]: Pair): Pair => [ox + (x - ox) * Math.cos(theta) - (y - oy) * Math.sin(theta), oy + (x - ox) * Math.sin(theta) + (y - oy) * Math.cos(theta)];
          const readCorners = ([[x1, y1], [x2, y1], [x2, y2], [x1, y2]] as Pair[]).map((p) => turn((n('rotation') * Math.PI) / 180, p, [(x1 + x2) / 2, (y1 + y2) / 2]));
          const sourceCorners = ([[cx - a, cy - b], [cx + a, cy - b], [cx + a, cy + b], [cx - a, cy + b]] as Pair[]).map(([x, y]) => turn(angle, [x * w, y * h], [cx * w, cy * h]));
          readCorners.forEach(([x, y], k) => expect(Math.hypot(x - sourceCorners[k]![0], y - sourceCorners[k]![1])).toBeLessThanOrEqual(1));
        } else if (source.kind === 'ellipse') {
          expect(element.tag).toBe('ellipse');
          expect(Math.hypot(n('cx') - cx * w, n('cy') - cy * h)).toBeLessThanOrEqual(1);
          expect(Math.abs(n('rx') - a * w)).toBeLessThanOrEqual(1);
          expect(Math.abs(n('ry') - b * h)).toBeLessThanOrEqual(1);
          expect(sameAngle(n('rotation'))).toBeLessThan(0.01);
        } else {
          expect(element.tag).toBe('ellipse');
          expect(Math.abs(n('rx') - a * Math.min(w, h))).toBeLessThanOrEqual(1);
          expect(n('rx')).toBe(n('ry'));
        }
      });
    }
  });
});
