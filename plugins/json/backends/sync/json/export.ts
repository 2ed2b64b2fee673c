import { onErrorOption, TextWriter, z, type EntryContext, type ExportContext, type Exporter } from 'idah-plugin';

const options = z.object({
  pretty: z.boolean().default(false).describe('Indent the JSON (larger, slower)'),
  entry_status: z
    .array(z.string())
    .optional()
    .describe('Only entries with one of these statuses (default: every entry)'),
  include_medias: z.boolean().default(true).describe('List each entry\'s media records (never the bytes)'),
  on_error: onErrorOption,
});
type Options = z.output<typeof options>;

export const JSON_FORMAT = { format: 'idah-json', format_version: 1 } as const;

/**
 * Every record the context exposes, unchanged:
 * `{ format, format_version, datasets: [{ record, entries: [{ record, annotations, medias }] }] }`.
 * Written entry by entry, so memory stays flat whatever the dataset's size.
 */
export class JsonExport implements Exporter<Options> {
  name = 'JSON';
  description = 'Lossless JSON: every dataset, entry, annotation and media record as IDAH stores them.';
  options = options;

  async export(context: ExportContext<Options>) {
    const { pretty, entry_status, include_medias } = context.options;
    const indent = pretty ? 2 : 0;
    const encode = (value: unknown, depth: number) => indented(JSON.stringify(value, null, indent), pretty ? depth : 0);
    const out = TextWriter.open(context.io.file({ format: 'json' }).path);
    const filter = entry_status ? { status__in: entry_status } : {};
    const newline = pretty ? '\n' : '';
    const pad = (depth: number) => (pretty ? ' '.repeat(depth * 2) : '');

    await out.write(`{${newline}${pad(1)}"format": ${JSON.stringify(JSON_FORMAT.format)},${newline}`);
    await out.write(`${pad(1)}"format_version": ${JSON_FORMAT.format_version},${newline}${pad(1)}"datasets": [`);
    let datasetIndex = 0;
    for await (const dataset of context.datasets) {
      await out.write(`${datasetIndex++ ? ',' : ''}${newline}${pad(2)}{${newline}${pad(3)}"record": ${encode(dataset.record, 3)},`);
      await out.write(`${newline}${pad(3)}"entries": [`);
      let entryIndex = 0;
      for await (const entry of dataset.entries(filter)) {
        const body = encode(await entryDocument(entry, include_medias), 4);
        await out.write(`${entryIndex++ ? ',' : ''}${newline}${pad(4)}${body}`);
      }
      await out.write(`${entryIndex ? `${newline}${pad(3)}` : ''}]${newline}${pad(2)}}`);
    }
    await out.write(`${datasetIndex ? `${newline}${pad(1)}` : ''}]${newline}}${newline}`);
    await out.close();
  }
}

async function entryDocument(entry: EntryContext, includeMedias: boolean) {
  const annotations = await entry.annotations().map((annotation) => annotation.record);
  const document: Record<string, unknown> = { record: entry.record, annotations };
  if (includeMedias) document.medias = await entry.medias().map((media) => media.record);
  return document;
}

/** Indents every line after the first, so a nested pretty document lines up with its parent. */
function indented(json: string, depth: number): string {
  return depth === 0 ? json : json.replaceAll('\n', `\n${' '.repeat(depth * 2)}`);
}
