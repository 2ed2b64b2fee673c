import { maskTilesFromBitmap } from '../formats/shapes/mask-tiles.ts';
import { pixelBox, rotatePoint } from '../formats/shapes/pixel-shape.ts';
import type { AnnotationFixture } from '../sources/memory/fixtures.ts';
import { insidePolygon, Raster, type Rgb } from './raster.ts';

type Point = [number, number];
type Attributes = Record<string, string | number | boolean>;

/**
 * Draws shapes onto an image and records each as IDAH's image plugin stores it
 * (runtime/formats/README.md), so what a viewer shows matches what the labels say:
 * coordinates normalised, x by the width and y by the height; boxes as 4 corners plus an
 * `angle` in radians (clockwise, about the centre, in pixels); circles as a centre and a radius
 * by min(width, height); ellipses as `[[cx, cy], [rx, ry]]` plus an angle; masks as 128-pixel
 * tiles of base64 run lengths; values `{ category, attributes }`.
 */
export class DemoScene {
  readonly raster: Raster;
  readonly annotations: AnnotationFixture[] = [];

  constructor(width: number, height: number) {
    this.raster = new Raster(width, height);
  }

  get width() {
    return this.raster.width;
  }

  get height() {
    return this.raster.height;
  }

  #x = (x: number) => x / this.width;
  #y = (y: number) => y / this.height;

  /** A box from its unrotated pixel edges, turned by `angle` radians clockwise about its centre. */
  box(category: string, x1: number, y1: number, x2: number, y2: number, color: Rgb, attributes: Attributes = {}, angle = 0) {
    const box = pixelBox(x1, y1, x2, y2, angle);
    this.raster.fill((x, y) => {
      const [ux, uy] = rotatePoint([x, y], box.center, -angle);
      return ux >= x1 && ux <= x2 && uy >= y1 && uy <= y2;
    }, color, box.extent);
    const [left, top, right, bottom] = [this.#x(x1), this.#y(y1), this.#x(x2), this.#y(y2)];
    this.#add('idah-image:bounding-box', { points: [[left, top], [right, top], [right, bottom], [left, bottom]], angle }, category, attributes);
  }

  polygon(category: string, points: Point[], color: Rgb, attributes: Attributes = {}) {
    const xs = points.map(([x]) => x);
    const ys = points.map(([, y]) => y);
    this.raster.fill((x, y) => insidePolygon(points, x, y), color, {
      x1: Math.min(...xs), y1: Math.min(...ys), x2: Math.max(...xs), y2: Math.max(...ys),
    });
    this.#add('idah-image:polygon', { points: points.map(([x, y]) => [this.#x(x), this.#y(y)]) }, category, attributes);
  }

  circle(category: string, cx: number, cy: number, radius: number, color: Rgb) {
    this.raster.fill((x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2, color, {
      x1: cx - radius, y1: cy - radius, x2: cx + radius, y2: cy + radius,
    });
    this.#add('idah-image:circle', { points: [[this.#x(cx), this.#y(cy)]], radius: radius / Math.min(this.width, this.height) }, category);
  }

  /** An ellipse with pixel half-axes `rx`, `ry`, turned by `angle` radians clockwise. */
  ellipse(category: string, cx: number, cy: number, rx: number, ry: number, color: Rgb, angle = 0) {
    const reach = Math.max(rx, ry);
    this.raster.fill((x, y) => {
      const [ux, uy] = rotatePoint([x, y], [cx, cy], -angle);
      return ((ux - cx) / rx) ** 2 + ((uy - cy) / ry) ** 2 <= 1;
    }, color, { x1: cx - reach, y1: cy - reach, x2: cx + reach, y2: cy + reach });
    this.#add('idah-image:ellipse', { points: [[this.#x(cx), this.#y(cy)], [this.#x(rx), this.#y(ry)]], angle }, category);
  }

  /** A 2-point line (IDAH's lines have exactly 2 points), drawn `thickness` pixels wide. */
  line(category: string, [a, b]: [Point, Point], color: Rgb, thickness = 3) {
    const steps = Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1]));
    for (let step = 0; step <= steps; step += 1) {
      const x = a[0] + ((b[0] - a[0]) * step) / steps;
      const y = a[1] + ((b[1] - a[1]) * step) / steps;
      this.raster.fill(() => true, color, { x1: x - thickness / 2, y1: y - thickness / 2, x2: x + thickness / 2, y2: y + thickness / 2 });
    }
    this.#add('idah-image:line', { points: [[this.#x(a[0]), this.#y(a[1])], [this.#x(b[0]), this.#y(b[1])]] }, category);
  }

  /** A mask of the pixels whose centre is `inside`, stored as IDAH's 128-pixel tiles. */
  mask(category: string, inside: (x: number, y: number) => boolean, color: Rgb) {
    const { width, height } = this;
    const data = new Uint8Array(width * height);
    for (let y = 0; y < height; y += 1) for (let x = 0; x < width; x += 1) if (inside(x + 0.5, y + 0.5)) data[y * width + x] = 1;
    this.raster.fill((x, y) => data[Math.floor(y) * width + Math.floor(x)] === 1, color);
    this.#add('idah-image:mask', { points: [], ...maskTilesFromBitmap({ width, height, data }) }, category);
  }

  /** An entry-level classification (`entry:root`): no geometry. */
  classify(category: string, attributes: Attributes = {}) {
    this.#add('entry:root', {}, category, attributes);
  }

  #add(type: string, geometry: Record<string, unknown>, category: string, attributes: Attributes = {}) {
    this.annotations.push({
      dimensions: { type, ...geometry },
      annotation: { category, attributes },
      created_by_email: 'annotator@demo.idah',
    });
  }
}
