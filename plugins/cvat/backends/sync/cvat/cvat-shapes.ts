import {
  circleRadius,
  decodeMask,
  type ImageShape,
  type ImageSize,
  maskBoundingBox,
  type Point,
  polygonArea,
  toPixels,
} from 'idah-plugin';
import { cvatMaskRle } from './mask-rle.ts';
import { formatPixel as f } from './pixel-number.ts';
import { xmlAttribute } from 'idah-plugin';

/** One shape as a CVAT element (`<box .../>`), or why it has none: `problem` for bad data. */
export type ElementOutcome = { element: string } | { problem: string };

export interface ShapeLabel {
  /** The CVAT label: the category path as annotations carry it. */
  label: string;
  occluded: boolean;
}

const NO_AREA = 'expected a shape with an area inside the image, got one that has none once clipped to the image';

/**
 * CVAT for images 1.1 elements in pixels, 2 decimals: boxes, polygons and polylines clamped to
 * the image; circles and ellipses as CVAT's own `<ellipse>` (rotation in degrees, clockwise on
 * screen, as ours); masks as `<mask>` with CVAT's RLE over their bounding box.
 */
export function cvatElementFor(shape: ImageShape, size: ImageSize, { label, occluded }: ShapeLabel): ElementOutcome {
  const common = `label="${xmlAttribute(label)}" source="manual" occluded="${occluded ? 1 : 0}"`;
  const { width, height } = size;
  const clampX = (x: number) => Math.min(width, Math.max(0, x));
  const clampY = (y: number) => Math.min(height, Math.max(0, y));
  switch (shape.kind) {
    case 'box': {
      const xtl = clampX(shape.x1 * width);
      const ytl = clampY(shape.y1 * height);
      const xbr = clampX(shape.x2 * width);
      const ybr = clampY(shape.y2 * height);
      if (!(hundredths(xbr) > hundredths(xtl) && hundredths(ybr) > hundredths(ytl))) return { problem: NO_AREA };
      return { element: `<box ${common} xtl="${f(xtl)}" ytl="${f(ytl)}" xbr="${f(xbr)}" ybr="${f(ybr)}" z_order="0"/>` };
    }
    case 'polygon':
    case 'line': {
      // In whole hundredths, as written, so the checks are about the element itself.
      const points = shape.points.map(([x, y]): Point => [hundredths(clampX(x * width)), hundredths(clampY(y * height))]);
      if (shape.kind === 'polygon' && !(polygonArea(points) > 0)) return { problem: NO_AREA };
      if (shape.kind === 'line' && points.every(([x, y]) => x === points[0]![0] && y === points[0]![1])) {
        return { problem: 'expected a line with a length inside the image, got one that has none once clipped to the image' };
      }
      const text = points.map(([x, y]) => `${f(x / 100)},${f(y / 100)}`).join(';');
      return { element: `<${shape.kind === 'line' ? 'polyline' : 'polygon'} ${common} points="${text}" z_order="0"/>` };
    }
    case 'circle': {
      const pixels = toPixels(shape, width, height) as typeof shape;
      const radius = circleRadius(pixels);
      if (!(radius > 0)) return { problem: 'expected a circle with a radius above 0, got its centre as the point on it' };
      return { element: ellipseElement(common, pixels.center, radius, radius, 0) };
    }
    case 'ellipse': {
      const pixels = toPixels(shape, width, height) as typeof shape;
      return { element: ellipseElement(common, pixels.center, pixels.rx, pixels.ry, pixels.rotation) };
    }
    case 'mask': {
      const bitmap = decodeMask(shape, width, height);
      const box = maskBoundingBox(bitmap);
      if (!box) return { problem: 'expected a mask with at least one pixel on the object, got an empty one' };
      const placement = `left="${box.x1}" top="${box.y1}" width="${box.x2 - box.x1}" height="${box.y2 - box.y1}"`;
      return { element: `<mask ${common} rle="${cvatMaskRle(bitmap, box)}" ${placement} z_order="0"/>` };
    }
  }
}

function ellipseElement(common: string, [cx, cy]: Point, rx: number, ry: number, rotation: number): string {
  const degrees = ((rotation % 360) + 360) % 360;
  const turned = Math.round(degrees * 100) % 36_000 === 0 ? '' : ` rotation="${f(degrees)}"`;
  return `<ellipse ${common} cx="${f(cx)}" cy="${f(cy)}" rx="${f(rx)}" ry="${f(ry)}"${turned} z_order="0"/>`;
}

function hundredths(value: number): number {
  return Math.round(value * 100);
}
