import { angleDegrees, clampTo, type ImageSize, maskBoundingBox, NO_AREA_REASON, type PixelShape, type Point, polygonRegionArea, xmlAttribute, xmlText } from 'idah-plugin';
import { cvatMaskRle } from './mask-rle.ts';
import { formatPixel as f } from './pixel-number.ts';

/** One shape as a CVAT element (`<box ...>`), or why it has none: `problem` for bad data. */
export type ElementOutcome = { element: string } | { problem: string } | { unsupported: string };

export interface ShapeLabel {
  /** The CVAT label's name (declared in meta). */
  label: string;
  occluded: boolean;
  /** `<attribute name="...">value</attribute>` children, name and text. */
  attributes: readonly { name: string; value: string }[];
}

/** The element, self-closing without attributes, else holding one `<attribute>` each. */
function element(tag: string, fields: string, attributes: ShapeLabel['attributes']): string {
  if (attributes.length === 0) return `<${tag} ${fields}/>`;
  return `<${tag} ${fields}>${attributes.map(({ name, value }) => `<attribute name="${xmlAttribute(name)}">${xmlText(value)}</attribute>`).join('')}</${tag}>`;
}

/** A rotation in clockwise degrees, as CVAT's `rotation` attribute; left out when 0. */
function rotationOf(angle: number): string {
  const degrees = angleDegrees(angle);
  return Math.round(degrees * 100) % 36_000 === 0 ? '' : ` rotation="${f(degrees)}"`;
}

const hundredths = (value: number) => Math.round(value * 100);

/**
 * CVAT for images 1.1 elements in pixels, 2 decimals (README.md). Boxes: axis-aligned ones
 * clamped to the image, rotated ones as their unrotated rectangle with `rotation` (clockwise
 * degrees about the centre, as IDAH's angle), not clamped (clamping the unrotated edges would
 * move the turned box). Polygons clipped to the image (the polygon rule: no area left is a
 * problem), polylines clamped point by point, circles and ellipses as CVAT's `<ellipse>`
 * (rotation too), masks as `<mask>` with CVAT's RLE over their bounding box.
 */
export function cvatElementFor(shape: PixelShape, size: ImageSize, { label, occluded, attributes }: ShapeLabel): ElementOutcome {
  const common = `label="${xmlAttribute(label)}" source="manual" occluded="${occluded ? 1 : 0}"`;
  const { width, height } = size;
  const clamp = clampTo(width, height);
  switch (shape.kind) {
    case 'box': {
      const rotation = rotationOf(shape.angle);
      const edges = rotation ? shape : clamp.box(shape);
      if (!(hundredths(edges.x2) > hundredths(edges.x1) && hundredths(edges.y2) > hundredths(edges.y1))) return { problem: NO_AREA_REASON };
      return { element: element('box', `${common} xtl="${f(edges.x1)}" ytl="${f(edges.y1)}" xbr="${f(edges.x2)}" ybr="${f(edges.y2)}"${rotation} z_order="0"`, attributes) };
    }
    case 'polygon': {
      // In whole hundredths, as written, so the area test is about the element itself.
      const points = clamp.polygon(shape.points).map(([x, y]): Point => [hundredths(x), hundredths(y)]);
      if (points.length < 3 || !(polygonRegionArea(points) > 0)) return { problem: NO_AREA_REASON };
      return { element: element('polygon', `${common} points="${pointsText(points)}" z_order="0"`, attributes) };
    }
    case 'line': {
      const [a, b] = shape.points.map(([x, y]): Point => [hundredths(clamp.x(x)), hundredths(clamp.y(y))]) as [Point, Point];
      const points = [a, b];
      if (a[0] === b[0] && a[1] === b[1]) {
        return { problem: 'expected a line with a length inside the image, got one that has none once clamped to the image' };
      }
      return { element: element('polyline', `${common} points="${pointsText(points)}" z_order="0"`, attributes) };
    }
    case 'circle':
      if (!(hundredths(shape.radius) > 0)) return { problem: 'expected a circle with a radius above 0, got 0' };
      return { element: ellipseElement(common, shape.center, shape.radius, shape.radius, 0, attributes) };
    case 'ellipse':
      if (!(hundredths(shape.rx) > 0 && hundredths(shape.ry) > 0)) return { problem: 'expected an ellipse with both half-axes above 0' };
      return { element: ellipseElement(common, shape.center, shape.rx, shape.ry, shape.angle, attributes) };
    case 'mask': {
      const box = maskBoundingBox(shape.bitmap);
      if (!box) return { problem: 'expected a mask with at least one pixel on the object, got an empty one' };
      const placement = `left="${box.x1}" top="${box.y1}" width="${box.x2 - box.x1}" height="${box.y2 - box.y1}"`;
      return { element: element('mask', `${common} rle="${cvatMaskRle(shape.bitmap, box)}" ${placement} z_order="0"`, attributes) };
    }
    case 'entry-root':
      return { unsupported: 'entry:root is written as an image <tag>' };
  }
}

/** entry:root as CVAT's image-level `<tag>`. */
export function cvatTag(label: string, attributes: ShapeLabel['attributes']): string {
  return element('tag', `label="${xmlAttribute(label)}" source="manual"`, attributes);
}

function pointsText(points: readonly Point[]): string {
  return points.map(([x, y]) => `${f(x / 100)},${f(y / 100)}`).join(';');
}

function ellipseElement(common: string, [cx, cy]: Point, rx: number, ry: number, angle: number, attributes: ShapeLabel['attributes']): string {
  return element('ellipse', `${common} cx="${f(cx)}" cy="${f(cy)}" rx="${f(rx)}" ry="${f(ry)}"${rotationOf(angle)} z_order="0"`, attributes);
}
