import {
  clampTo,
  cocoRleFromBitmap,
  cocoRleToString,
  ellipsePolygon,
  maskBoundingBox,
  maskPixelCount,
  NO_AREA_REASON,
  type ParsedAnnotation,
  type PixelShape,
  type Point,
  polygonRegionArea,
} from 'idah-plugin';

export interface CocoGeometryOptions {
  /** Vertices of the polygon a circle or an ellipse becomes. */
  ellipseVertices: number;
  /** Masks as COCO's uncompressed RLE (a counts list) or its compressed string. */
  rle: 'uncompressed' | 'compressed';
}

/** A COCO geometry as a JSON fragment, or why there is none. */
export type CocoGeometry = { json: string } | { problem: string } | { unsupported: string };

/**
 * Pixel values are written with 2 decimals: finer than any annotation tool draws, and stable.
 * They are computed in whole hundredths of a pixel ("cents"), so sums and differences are
 * exact, and written by formatCents, about twice as fast as String() on a fractional number.
 */
const toCents = (pixels: number) => Math.round(pixels * 100);

/** `.01` ... `.99` by hundredths, trailing zeros dropped; "" for none. */
const FRACTIONS = Array.from({ length: 100 }, (_, f) => (f === 0 ? '' : f % 10 === 0 ? `.${f / 10}` : f < 10 ? `.0${f}` : `.${f}`));

export function formatCents(cents: number): string {
  const magnitude = cents < 0 ? -cents : cents;
  const whole = Math.trunc(magnitude / 100);
  const text = `${whole}${FRACTIONS[magnitude - whole * 100]}`;
  return cents < 0 ? `-${text}` : text;
}

const LINE = 'COCO has no line shape (a polyline is neither a box, a polygon nor a mask)';

/**
 * The COCO fields of one shape in pixels on a `width` x `height` image, as a JSON fragment
 * `"bbox":[...],"area":...,"iscrowd":...,"segmentation":...` (README.md). Every outline is
 * clipped to the image: boxes (their rotated corners), polygons, circles and ellipses (sampled)
 * give one polygon ring, pycocotools rasterises it for `iouType: "segm"`; `bbox` is the ring's
 * extent and `area` its area under the polygon rule (even-odd). Masks give RLE, their pixel
 * count and `iscrowd: 1`. Lines have no COCO form. A shape with no area left is a problem.
 */
export function cocoGeometry(shape: PixelShape, width: number, height: number, options: CocoGeometryOptions): CocoGeometry {
  const clip = clampTo(width, height);
  switch (shape.kind) {
    case 'box':
      return polygonJson(clip.polygon(shape.corners));
    case 'polygon':
      return polygonJson(clip.polygon(shape.points));
    case 'circle':
      return polygonJson(clip.polygon(ellipsePolygon({ center: shape.center, rx: shape.radius, ry: shape.radius, angle: 0 }, options.ellipseVertices)));
    case 'ellipse':
      return polygonJson(clip.polygon(ellipsePolygon(shape, options.ellipseVertices)));
    case 'mask':
      return maskJson(shape.bitmap, options.rle);
    case 'line':
      return { unsupported: LINE };
    case 'entry-root':
      return { unsupported: 'entry:root is an image-level classification: written as the image\'s "tags"' };
  }
}

/**
 * A polygon ring in hundredths of a pixel ("cents"), as cocoGeometry would write it: `xs`/`ys`
 * the ring without repeated points, `x`, `y`, `width`, `height` its extent and `area` in cents
 * (square pixels times 100). Numbers, not text: the writer encodes them (JsonBytes), so the
 * million annotations of a large export make no string per number.
 */
export interface CentsRing {
  xs: number[];
  ys: number[];
  x: number;
  y: number;
  width: number;
  height: number;
  area: number;
}

/**
 * cocoGeometry of a stored shape on an image of the stored orientation, the short way for what
 * most data holds: an unrotated box, or a polygon, wholly inside the image. Clipping leaves such
 * an outline as it is, so the result is cocoGeometry's to the byte (ringJson); undefined for
 * anything else (the caller takes the general way).
 */
export function insideShapeRing(shape: ParsedAnnotation['shape'], width: number, height: number): CentsRing | { problem: string } | undefined {
  if (shape.kind === 'box' && shape.angle === 0) return insideBoxRing(shape.corners, width, height);
  if (shape.kind !== 'polygon') return undefined;
  const stored = shape.points;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < stored.length; i += 1) {
    const x = stored[i]![0] * width;
    const y = stored[i]![1] * height;
    if (!(x >= 0 && x <= width && y >= 0 && y <= height)) return undefined;
    xs.push(x);
    ys.push(y);
  }
  return xs.length < 3 ? { problem: NO_AREA_REASON } : centsRing(xs, ys);
}

/** The ring's fields, `"bbox":[...],"area":...,"iscrowd":0,"segmentation":[[...]]`. */
export function ringJson(ring: CentsRing): string {
  let coordinates = '';
  for (let i = 0; i < ring.xs.length; i += 1) coordinates += `${i === 0 ? '' : ','}${formatCents(ring.xs[i]!)},${formatCents(ring.ys[i]!)}`;
  return `"bbox":[${formatCents(ring.x)},${formatCents(ring.y)},${formatCents(ring.width)},${formatCents(ring.height)}],"area":${formatCents(ring.area)},"iscrowd":0,"segmentation":[[${coordinates}]]`;
}

/** An unrotated box's ring tl, tr, br, bl as polygonJson writes it: its area is width times height. */
function insideBoxRing(corners: readonly [Point, Point, Point, Point], width: number, height: number): CentsRing | undefined {
  const left = corners[0][0] * width;
  const top = corners[0][1] * height;
  const right = corners[2][0] * width;
  const bottom = corners[2][1] * height;
  if (!(left >= 0 && top >= 0 && right <= width && bottom <= height)) return undefined;
  const x1 = toCents(left);
  const y1 = toCents(top);
  const x2 = toCents(right);
  const y2 = toCents(bottom);
  // A box rounded to no width or height loses corners: the general way says why.
  if (!(x2 > x1 && y2 > y1)) return undefined;
  return { xs: [x1, x2, x2, x1], ys: [y1, y1, y2, y2], x: x1, y: y1, width: x2 - x1, height: y2 - y1, area: Math.round(((x2 - x1) * (y2 - y1)) / 100) };
}

function polygonJson(points: readonly Point[]): CocoGeometry {
  if (points.length < 3) return { problem: NO_AREA_REASON };
  const ring = centsRing(
    points.map((p) => p[0]),
    points.map((p) => p[1]),
  );
  return 'problem' in ring ? ring : { json: ringJson(ring) };
}

/** The ring of pixel points `xs`/`ys` (at least 3) in cents, or why it has no area. */
function centsRing(pixelXs: readonly number[], pixelYs: readonly number[]): CentsRing | { problem: string } {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < pixelXs.length; i += 1) {
    const x = toCents(pixelXs[i]!);
    const y = toCents(pixelYs[i]!);
    // Clipping can repeat a vertex; a repeated point adds nothing to the ring.
    const last = xs.length - 1;
    if (last >= 0 && xs[last] === x && ys[last] === y) continue;
    xs.push(x);
    ys.push(y);
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  const w = maxX - minX;
  const h = maxY - minY;
  // The area of the ring as written, in cents squared; / 10000 is square pixels, kept to 2 decimals.
  const area = ringArea(xs, ys);
  if (!(w > 0 && h > 0 && area > 0)) return { problem: NO_AREA_REASON };
  return { xs, ys, x: minX, y: minY, width: w, height: h, area: Math.round(area / 100) };
}

/** polygonRegionArea of the ring; a triangle cannot cross itself, so its area is the shoelace's, summed in the same order. */
function ringArea(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 3) return 0;
  if (n > 3) return polygonRegionArea(xs.map((x, i): Point => [x, ys[i]!]));
  let sum = 0;
  for (let i = 0, j = n - 1; i < n; j = i, i += 1) sum += xs[j]! * ys[i]! - xs[i]! * ys[j]!;
  return Math.abs(sum) / 2;
}

function maskJson(bitmap: { width: number; height: number; data: Uint8Array }, rle: CocoGeometryOptions['rle']): CocoGeometry {
  const box = maskBoundingBox(bitmap);
  if (!box) return { problem: `expected a mask with at least one pixel set, got an empty one on a ${bitmap.width} x ${bitmap.height} image` };
  const encoded = cocoRleFromBitmap(bitmap);
  const counts = rle === 'compressed' ? JSON.stringify(cocoRleToString(encoded.counts)) : `[${encoded.counts.join(',')}]`;
  return {
    json: `"bbox":[${box.x1},${box.y1},${box.x2 - box.x1},${box.y2 - box.y1}],"area":${maskPixelCount(bitmap)},"iscrowd":1,"segmentation":{"size":[${bitmap.height},${bitmap.width}],"counts":${counts}}`,
  };
}
