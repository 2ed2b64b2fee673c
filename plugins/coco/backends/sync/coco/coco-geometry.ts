import {
  circleRadius,
  cocoRleFromBitmap,
  cocoRleToString,
  decodeMask,
  ellipseToPolygon,
  type ImageShape,
  invalidShape,
  maskBoundingBox,
  maskPixelCount,
  type Point,
} from 'idah-plugin';

export interface CocoGeometryOptions {
  /** Vertices of the polygon a circle or an ellipse becomes. */
  ellipseVertices: number;
  /** Masks as COCO's uncompressed RLE (a counts list) or its compressed string. */
  rle: 'uncompressed' | 'compressed';
}

const clampTo = (value: number, max: number) => (value < 0 ? 0 : value > max ? max : value);

/**
 * Pixel values are written with 2 decimals: finer than any annotation tool draws, and stable.
 * They are computed in whole hundredths of a pixel ("cents"), so sums and differences are
 * exact, and written by formatCents, about twice as fast as String() on a fractional number.
 */
const toCents = (pixels: number) => Math.round(pixels * 100);

export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const magnitude = cents < 0 ? -cents : cents;
  const whole = Math.trunc(magnitude / 100);
  const fraction = magnitude - whole * 100;
  if (fraction === 0) return `${sign}${whole}`;
  if (fraction % 10 === 0) return `${sign}${whole}.${fraction / 10}`;
  return fraction < 10 ? `${sign}${whole}.0${fraction}` : `${sign}${whole}.${fraction}`;
}

/**
 * The COCO fields of one shape (normalised units) on a `width` x `height` image, as a JSON
 * fragment `"bbox":[...],"area":...,"iscrowd":...,"segmentation":...`. Everything is clamped to
 * the image. Rules (README.md): boxes give `segmentation: []` and area w*h; polygons, circles and
 * ellipses give one polygon and its shoelace area; masks give RLE, their pixel count and
 * `iscrowd: 1`. Lines have no COCO form: the caller skips them. A shape left with no area inside
 * the image is invalid.
 */
export function cocoGeometryJson(shape: ImageShape, width: number, height: number, options: CocoGeometryOptions): string {
  switch (shape.kind) {
    case 'box':
      return boxJson(shape.x1 * width, shape.y1 * height, shape.x2 * width, shape.y2 * height, width, height);
    case 'polygon':
      return polygonJson(shape.points, width, height, width, height);
    case 'circle': {
      const center: Point = [shape.center[0] * width, shape.center[1] * height];
      const radius = circleRadius({ center, edge: [shape.edge[0] * width, shape.edge[1] * height] });
      if (radius === 0) throw invalidShape('expected a circle with a radius above 0, got its centre and edge point at the same place');
      return polygonJson(ellipseToPolygon(center[0], center[1], radius, radius, 0, options.ellipseVertices), 1, 1, width, height);
    }
    case 'ellipse': {
      const { center, rx, ry, rotation } = shape;
      const polygon = ellipseToPolygon(center[0] * width, center[1] * height, rx * width, ry * height, rotation, options.ellipseVertices);
      return polygonJson(polygon, 1, 1, width, height);
    }
    case 'mask':
      return maskJson(shape, width, height, options.rle);
    case 'line':
      throw invalidShape('expected a shape COCO can hold, got a line (the caller reports lines as unsupported)');
  }
}

// The functions below run once per annotation: they build the JSON text directly, without
// intermediate objects, because the exporter's throughput rests on them.

function noArea(what: string, widthCents: number, heightCents: number): Error {
  return invalidShape(`expected a ${what} with an area inside the image, got one of ${formatCents(widthCents)} x ${formatCents(heightCents)} pixels once clamped to it`);
}

function boxJson(left: number, top: number, right: number, bottom: number, width: number, height: number): string {
  const x1 = toCents(clampTo(left, width));
  const y1 = toCents(clampTo(top, height));
  const w = toCents(clampTo(right, width)) - x1;
  const h = toCents(clampTo(bottom, height)) - y1;
  if (w <= 0 || h <= 0) throw noArea('bounding box', w, h);
  // Area in cents: w·h is in hundredths squared, so divide by 100 once more.
  const area = formatCents(Math.round((w * h) / 100));
  return `"bbox":[${formatCents(x1)},${formatCents(y1)},${formatCents(w)},${formatCents(h)}],"area":${area},"iscrowd":0,"segmentation":[]`;
}

/** Points times (sx, sy), clamped to the image and rounded; bbox and shoelace area of the rounded points. */
function polygonJson(points: readonly Point[], sx: number, sy: number, width: number, height: number): string {
  let coordinates = '';
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  let twiceArea = 0;
  let firstX = 0;
  let firstY = 0;
  let previousX = 0;
  let previousY = 0;
  for (let i = 0; i < points.length; i += 1) {
    const p = points[i]!;
    const x = toCents(clampTo(p[0] * sx, width));
    const y = toCents(clampTo(p[1] * sy, height));
    coordinates += i === 0 ? `${formatCents(x)},${formatCents(y)}` : `,${formatCents(x)},${formatCents(y)}`;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
    if (i === 0) {
      firstX = x;
      firstY = y;
    } else {
      twiceArea += previousX * y - x * previousY;
    }
    previousX = x;
    previousY = y;
  }
  twiceArea += previousX * firstY - firstX * previousY;
  const w = maxX - minX;
  const h = maxY - minY;
  if (!(w > 0 && h > 0)) throw noArea('polygon', w, h);
  // Shoelace: |twiceArea| / 2 in cents squared, so / 200 gives cents.
  const area = formatCents(Math.round(Math.abs(twiceArea) / 200));
  return `"bbox":[${formatCents(minX)},${formatCents(minY)},${formatCents(w)},${formatCents(h)}],"area":${area},"iscrowd":0,"segmentation":[[${coordinates}]]`;
}

function maskJson(shape: Extract<ImageShape, { kind: 'mask' }>, width: number, height: number, rle: CocoGeometryOptions['rle']): string {
  const bitmap = decodeMask(shape, width, height);
  const box = maskBoundingBox(bitmap);
  if (!box) throw invalidShape(`expected a mask with at least one pixel set, got an empty one on a ${width} x ${height} image`);
  const encoded = cocoRleFromBitmap(bitmap);
  const counts = rle === 'compressed' ? JSON.stringify(cocoRleToString(encoded.counts)) : `[${encoded.counts.join(',')}]`;
  return `"bbox":[${box.x1},${box.y1},${box.x2 - box.x1},${box.y2 - box.y1}],"area":${maskPixelCount(bitmap)},"iscrowd":1,"segmentation":{"size":[${height},${width}],"counts":${counts}}`;
}
