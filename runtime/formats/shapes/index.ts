// IDAH's stored image shapes: parse, to pixels, masks, labels, clamping (README.md in runtime/formats).
export type { Box, CategoryNames, IdahShape, IdahShapeKind, MaskBitmap, MaskTile, PixelBox, PixelShape, Point, ResolvedAttribute, ResolvedCategory } from './types.ts';
export { parseIdahShape } from './parse-shape.ts';
export { angleDegrees, circlePolygon, ellipsePolygon, extentOf, outlineOf, pixelBox, pixelExtent, rotatePoint, toPixelShape } from './pixel-shape.ts';
export { decodeMaskTile, decodeMaskTiles, encodeMaskTile, MASK_TILE_SIZE, maskTilesFromBitmap } from './mask-tiles.ts';
export { type Clamp, clamp01, clampTo } from './clamp.ts';
export { type CategoryLabels, categoryLabelsOf } from './labels.ts';
export { type ParsedAnnotation, parseImageAnnotation } from './parse-annotation.ts';
export { type Conversion, convertAnnotations } from './convert-annotations.ts';
export { describeValue, invalidShape } from './shape-errors.ts';
export { type ImageFrame, imageFrame } from './orientation.ts';
