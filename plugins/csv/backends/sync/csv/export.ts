import { onErrorOption, TextWriter, z, type ExportContext, type Exporter } from 'idah-plugin';
import { csvLine, stringCells } from './csv-line.ts';
import { neutraliseFormula } from './formula-cells.ts';

const options = z.object({
  delimiter: z.enum([',', ';', '\t']).default(',').describe('Field separator'),
  bom: z.boolean().default(false).describe('Start with a UTF-8 byte order mark (helps Excel read UTF-8)'),
  entry_status: z.array(z.string()).optional().describe('Only entries with one of these statuses'),
  neutralise_formulas: z
    .boolean()
    .default(true)
    .describe('Prefix cells starting with =, +, -, @, tab or CR with \' so spreadsheets show them as text, never run them'),
  on_error: onErrorOption,
});
type Options = z.output<typeof options>;

export const CSV_COLUMNS = [
  'dataset_id',
  'dataset_name',
  'entry_id',
  'entry_name',
  'media_filename',
  'annotation_id',
  'shape_type',
  'category',
  'geometry',
  'properties',
  'metadata',
] as const;

/** One row per annotation; geometry, other label fields and metadata are JSON in their cells. */
export class CsvExport implements Exporter<Options> {
  name = 'CSV';
  description = 'One row per annotation: dataset, entry, media file, shape type, category, geometry and metadata as JSON.';
  options = options;

  async export(context: ExportContext<Options>) {
    const { delimiter, bom, entry_status, neutralise_formulas } = context.options;
    const out = TextWriter.open(context.io.file({ format: 'csv' }).path);
    const filter = entry_status ? { status__in: entry_status } : {};
    const text = stringCells(delimiter);
    const cell = neutralise_formulas ? (value: string) => text(neutraliseFormula(value) as string) : text;
    await out.write(`${bom ? '\ufeff' : ''}${csvLine(CSV_COLUMNS, delimiter)}`);
    try {
      for await (const dataset of context.datasets) {
        for await (const entry of dataset.entries(filter)) {
          const original = await entry.medias({ key: '' }).first();
          const leading = [dataset.record.id, dataset.record.name, entry.record.id, entry.record.name ?? '', original?.record.filename ?? ''];
          // The entry's cells once for all its rows, when they are all strings (they usually are).
          const prefix = leading.every(isString) ? `${leading.map(cell).join(delimiter)}${delimiter}` : undefined;
          // forEach, not for await: an entry's annotations are in memory, and an await per row cost more than the row.
          await entry.annotations().forEach((annotation) => {
            const { id, dimensions, annotation: payload, metadata } = annotation.record;
            const { type, ...geometry } = dimensions;
            const { category: stored, ...properties } = payload;
            const category = stored ?? '';
            const geometryJson = JSON.stringify(geometry);
            const propertiesJson = JSON.stringify(properties);
            const metadataJson = JSON.stringify(metadata ?? {});
            if (prefix !== undefined && isString(id) && isString(type) && isString(category)) {
              const d = delimiter;
              return out.write(`${prefix}${cell(id)}${d}${cell(type)}${d}${cell(category)}${d}${cell(geometryJson)}${d}${cell(propertiesJson)}${d}${cell(metadataJson)}\n`);
            }
            // A cell of another type (a number...): the row goes through csvLine, which hands it to csv-stringify.
            const row = [...leading, id, type, category, geometryJson, propertiesJson, metadataJson];
            return out.write(csvLine(neutralise_formulas ? row.map(neutraliseFormula) : row, delimiter));
          });
        }
      }
    } finally {
      await out.close();
    }
  }
}

const isString = (value: unknown): value is string => typeof value === 'string';
