import { xmlAttribute, xmlText } from 'idah-plugin';

export interface TaskMeta {
  /** The task's name: the exported datasets' names. */
  name: string;
  /** Images in this file. */
  size: number;
  /** The split these images are in. */
  subset: string;
  /** Every label of the export with the attributes its shapes carry. */
  labels: readonly { name: string; attributes: readonly string[] }[];
  /** ISO time for created, updated and dumped (fixed when reproducible). */
  timestamp: string;
}

/**
 * The start of a CVAT for images 1.1 document, up to and including `<meta>`: one task in
 * annotation mode with its labels (type "any"), each declaring its attributes as text inputs
 * (CVAT and Datumaro look shape attributes up in the label's spec).
 */
export function documentHead(meta: TaskMeta): string {
  const attribute = (name: string) =>
    [
      '            <attribute>',
      `              <name>${xmlText(name)}</name>`,
      '              <mutable>False</mutable>',
      '              <input_type>text</input_type>',
      '              <default_value></default_value>',
      '              <values></values>',
      '            </attribute>',
    ].join('\n');
  const labels = meta.labels.map((label) =>
    [
      '        <label>',
      `          <name>${xmlText(label.name)}</name>`,
      '          <type>any</type>',
      '          <attributes>',
      ...label.attributes.map(attribute),
      '          </attributes>',
      '        </label>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<annotations>',
    '  <version>1.1</version>',
    '  <meta>',
    '    <task>',
    `      <name>${xmlText(meta.name)}</name>`,
    `      <size>${meta.size}</size>`,
    '      <mode>annotation</mode>',
    '      <overlap>0</overlap>',
    '      <bugtracker></bugtracker>',
    `      <created>${meta.timestamp}</created>`,
    `      <updated>${meta.timestamp}</updated>`,
    `      <subset>${xmlText(meta.subset)}</subset>`,
    '      <start_frame>0</start_frame>',
    `      <stop_frame>${Math.max(0, meta.size - 1)}</stop_frame>`,
    '      <frame_filter></frame_filter>',
    meta.labels.length === 0 ? '      <labels>\n      </labels>' : `      <labels>\n${labels.join('\n')}\n      </labels>`,
    '    </task>',
    `    <dumped>${meta.timestamp}</dumped>`,
    '  </meta>',
    '',
  ].join('\n');
}

export const DOCUMENT_TAIL = '</annotations>\n';

/** One `<image>` with its shapes; `id` counts from 0 in the file, as CVAT numbers frames. */
export function imageElement(id: number, name: string, width: number, height: number, shapes: readonly string[]): string {
  const open = `  <image id="${id}" name="${xmlAttribute(name)}" width="${width}" height="${height}"`;
  if (shapes.length === 0) return `${open}>\n  </image>\n`;
  return `${open}>\n${shapes.map((shape) => `    ${shape}\n`).join('')}  </image>\n`;
}
