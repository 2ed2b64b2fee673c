import {
  clampTo,
  cocoRleFromBitmap,
  cocoRleToString,
  ellipsePolygon,
  maskBoundingBox,
  maskPixelCount,
  NO_AREA_REASON,
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

export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const magnitude = cents < 0 ? -cents : cents;
  const whole = Math.trunc(magnitude / 100);
  const fraction = magnitude - whole * 100;
  if (fraction === 0) return `${sign}${whole}`;
  if (fraction % 10 === 0) return `${sign}${whole}.${fraction / 10}`;
  return fraction < 10 ? `${sign}${whole}.0${fraction}` : `${sign}${whole}.${fraction}`;
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

// Runs once per annotation: the JSON text is built directly, without intermediate objects.
function polygonJson(points: readonly Point[]): CocoGeometry {
  if (points.length < 3) return { problem: NO_AREA_REASON };
  let coordinates = '';
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const rounded: Point[] = [];
  for (let i = 0; i < points.length; i += 1) {
    const p = points[i]!;
    const x = toCents(p[0]);
    const y = toCents(p[1]);
    // Clipping can repeat a vertex; a repeated point adds nothing to the ring.
    const last = rounded[rounded.length - 1];
    if (last && last[0] === x && last[1] === y) continue;
    rounded.push([x, y]);
    coordinates += coordinates === '' ? `${formatCents(x)},${formatCents(y)}` : `,${formatCents(x)},${formatCents(y)}`;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  const w = maxX - minX;
  const h = maxY - minY;
  // The area of the ring as written, in cents squared; / 10000 is square pixels, kept to 2 decimals.
  const area = rounded.length >= 3 ? polygonRegionArea(rounded) : 0;
  if (!(w > 0 && h > 0 && area > 0)) return { problem: NO_AREA_REASON };
  return {
    json: `"bbox":[${formatCents(minX)},${formatCents(minY)},${formatCents(w)},${formatCents(h)}],"area":${formatCents(Math.round(area / 100))},"iscrowd":0,"segmentation":[[${coordinates}]]`,
  };
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
