import type { PixelEdges } from './voc-box.ts';
import type { PixelBase } from './options.ts';
import { xmlText } from 'idah-plugin';

/** A name and its value as text. */
export interface VocAttribute {
  name: string;
  value: string;
}

export interface VocObject {
  name: string;
  pose: string;
  truncated: boolean;
  difficult: boolean;
  occluded: boolean;
  edges: PixelEdges;
  /** Written as `<attributes><attribute><name/><value/></attribute></attributes>`, as Datumaro reads them. */
  attributes: readonly VocAttribute[];
}

/** An entry:root classification: `<tag><name/>?<attributes/>?</tag>` at the image level. */
export interface VocTag {
  name?: string;
  attributes: readonly VocAttribute[];
}

export interface VocImage {
  /** The image's file name in JPEGImages/. */
  fileName: string;
  /** Where the image came from (the dataset's name), for `<source><database>`. */
  database: string;
  width: number;
  height: number;
  depth: number;
  objects: readonly VocObject[];
  tags: readonly VocTag[];
}

function attributeLines(attributes: readonly VocAttribute[], indent: string): string[] {
  if (attributes.length === 0) return [];
  return [
    `${indent}<attributes>`,
    ...attributes.flatMap(({ name, value }) => [`${indent}  <attribute>`, `${indent}    <name>${xmlText(name)}</name>`, `${indent}    <value>${xmlText(value)}</value>`, `${indent}  </attribute>`]),
    `${indent}</attributes>`,
  ];
}

/**
 * One Annotations/<stem>.xml, in the VOC devkit's layout. Coordinates are whole pixels:
 * with `pixelBase` 1, xmin/ymin = first covered pixel's 1-based index and xmax/ymax = the last
 * one's (the devkit); with 0, the pixel edges (xmin = x1, xmax = x2). Both name the same pixels.
 */
export function annotationXml(image: VocImage, pixelBase: PixelBase): string {
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<annotation>',
    '  <folder>JPEGImages</folder>',
    `  <filename>${xmlText(image.fileName)}</filename>`,
    '  <source>',
    `    <database>${xmlText(image.database)}</database>`,
    '  </source>',
    '  <size>',
    `    <width>${image.width}</width>`,
    `    <height>${image.height}</height>`,
    `    <depth>${image.depth}</depth>`,
    '  </size>',
    '  <segmented>0</segmented>',
  ];
  for (const tag of image.tags) {
    lines.push('  <tag>', ...(tag.name === undefined ? [] : [`    <name>${xmlText(tag.name)}</name>`]), ...attributeLines(tag.attributes, '    '), '  </tag>');
  }
  for (const object of image.objects) {
    const { x1, y1, x2, y2 } = object.edges;
    lines.push(
      '  <object>',
      `    <name>${xmlText(object.name)}</name>`,
      `    <pose>${xmlText(object.pose)}</pose>`,
      `    <truncated>${object.truncated ? 1 : 0}</truncated>`,
      `    <difficult>${object.difficult ? 1 : 0}</difficult>`,
      ...(object.occluded ? ['    <occluded>1</occluded>'] : []),
      '    <bndbox>',
      `      <xmin>${x1 + pixelBase}</xmin>`,
      `      <ymin>${y1 + pixelBase}</ymin>`,
      `      <xmax>${x2}</xmax>`,
      `      <ymax>${y2}</ymax>`,
      '    </bndbox>',
      ...attributeLines(object.attributes, '    '),
      '  </object>',
    );
  }
  lines.push('</annotation>', '');
  return lines.join('\n');
}
