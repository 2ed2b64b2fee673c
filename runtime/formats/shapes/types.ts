/**
 * IDAH's stored image shapes, as the image plugin writes them (runtime/formats/README.md).
 * `IdahShape` is a record's `dimensions` validated, still normalised: x by the original
 * media's `meta.width`, y by its `meta.height`; never clamped. `PixelShape` is the same
 * shape on a `width` x `height` image.
 */

export type Point = readonly [number, number];

/** An axis-aligned box as edges: x1 <= x2, y1 <= y2. */
export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** One stored mask tile: `dimensions["tile-<col>x<row>"] = { rle }`, 128 x 128 image pixels. */
export interface MaskTile {
  col: number;
  row: number;
  /** Base64 of the byte-packed run lengths (runs from 0s, the last one implied). */
  rle: string;
}

export type IdahShape =
  /** `corners` are the UNROTATED rectangle, tl, tr, br, bl; `angle` radians, clockwise, about the centre, in pixel space. */
  | { kind: 'box'; corners: readonly [Point, Point, Point, Point]; angle: number }
  /** 3 or more vertices, closed implicitly. */
  | { kind: 'polygon'; points: Point[] }
  /** Exactly 2 points. */
  | { kind: 'line'; points: readonly [Point, Point] }
  /** `radius` is normalised by min(width, height). */
  | { kind: 'circle'; center: Point; radius: number }
  /** `rx` by width, `ry` by height: half-axes along the ellipse's own axes, before `angle` (radians, clockwise). */
  | { kind: 'ellipse'; center: Point; rx: number; ry: number; angle: number }
  /** The stored tiles; a missing tile is all 0s. */
  | { kind: 'mask'; tiles: MaskTile[] }
  /** `entry:root`: an entry-level classification, no geometry. */
  | { kind: 'entry-root' };

export type IdahShapeKind = IdahShape['kind'];

/** A binary mask at an image's size, row-major: `data[y * width + x]` is 1 on the object. */
export interface MaskBitmap {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A rotated rectangle in pixels. */
export interface PixelBox {
  kind: 'box';
  /** The unrotated rectangle (edges). */
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  center: Point;
  width: number;
  height: number;
  /** Radians, clockwise on screen, as stored (not wrapped). */
  angle: number;
  /** The rotated corners, tl, tr, br, bl of the unrotated box, each turned about the centre. */
  corners: readonly [Point, Point, Point, Point];
  /** The axis-aligned extent of the rotated corners (the unrotated box when angle is 0). */
  extent: Box;
}

export type PixelShape =
  | PixelBox
  | { kind: 'polygon'; points: Point[] }
  | { kind: 'line'; points: readonly [Point, Point] }
  | { kind: 'circle'; center: Point; radius: number }
  | { kind: 'ellipse'; center: Point; rx: number; ry: number; angle: number }
  | { kind: 'mask'; bitmap: MaskBitmap }
  | { kind: 'entry-root' };

/** The display of a category: `label` by default (falling back to the id), or the stored `id`. */
export type CategoryNames = 'label' | 'id';

/** A category id resolved through the dataset's `labeling_configuration`. */
export interface ResolvedCategory {
  /** As stored in `annotation.category`, e.g. `vehicles/car`. */
  id: string;
  /** `labeling_configuration[<shape type>].values[].label`, or the id when the configuration has none. */
  label: string;
  /**
   * The hierarchy to name it by, `/`-separated: the id itself under `names: 'id'`; under
   * `names: 'label'`, each level's label (`Vehicles/Car`), a level without one keeping its id segment.
   */
  path: string;
}

/** One entry of `annotation.attributes`. */
export interface ResolvedAttribute {
  /** The property id, the key in `attributes`. */
  id: string;
  /** `labeling_configuration[<shape type>].properties[].label`, or the id. */
  label: string;
  /** `label` or `id`, as the category names option says. */
  name: string;
  /** The stored value as is. Select options are ids; `optionLabels` has their labels. */
  value: import('../../records.ts').JsonValue;
  /** Labels of the selected option(s) of a select property, in value order; absent otherwise. */
  optionLabels?: string[];
}
