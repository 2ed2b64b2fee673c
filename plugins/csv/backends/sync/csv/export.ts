import { onErrorOption, TextWriter, z, type ExportContext, type Exporter } from 'idah-plugin';
import { csvLine } from './csv-line.ts';
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
    await out.write(`${bom ? '\ufeff' : ''}${csvLine(CSV_COLUMNS, delimiter)}`);
    try {
      for await (const dataset of context.datasets) {
        for await (const entry of dataset.entries(filter)) {
          const original = await entry.medias({ key: '' }).first();
          // forEach, not for await: an entry's annotations are in memory, and an await per row cost more than the row.
          await entry.annotations().forEach((annotation) => {
            const { type, ...geometry } = annotation.record.dimensions;
            const { category, ...properties } = annotation.record.annotation;
            const row = [
              dataset.record.id,
              dataset.record.name,
              entry.record.id,
              entry.record.name ?? '',
              original?.record.filename ?? '',
              annotation.record.id,
              type,
              category ?? '',
              JSON.stringify(geometry),
              JSON.stringify(properties),
              JSON.stringify(annotation.record.metadata ?? {}),
            ];
            return out.write(csvLine(neutralise_formulas ? row.map(neutraliseFormula) : row, delimiter));
          });
        }
      }
    } finally {
      await out.close();
    }
  }
}
