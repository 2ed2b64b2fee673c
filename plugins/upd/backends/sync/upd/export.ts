import { type EntryContext, type ExportContext, type Exporter, UpdWriter, z } from 'idah-plugin';
import { version } from './version.ts';

const options = z.object({
  include_medias: z
    .enum(['none', 'original', 'all'])
    .default('original')
    .describe('Which media bytes go into the file: none, the original file of each entry, or every rendition'),
  completed_entries: z.boolean().default(true).describe('Only entries whose status is "completed"'),
});
type Options = z.output<typeof options>;

/**
 * IDAH's default export: a UPD file, the exact inverse of the UPD data source. Media shared by
 * several entries are stored once; blobs are streamed in, never held whole by the exporter.
 */
export class UpdExport implements Exporter<Options> {
  name = 'UPD';
  description = 'Universal Portable Dataset: one DuckDB file with every dataset, entry, annotation and media.';
  options = options;

  async export(context: ExportContext<Options>) {
    const { include_medias, completed_entries } = context.options;
    const file = context.io.file({ format: 'upd' });
    const writer = await UpdWriter.create(file.path, { builtBy: `idah-plugin upd ${version}` });
    try {
      const filter = completed_entries ? { status: 'completed' } : {};
      for await (const dataset of context.datasets) {
        writer.addDataset(dataset.record);
        for await (const entry of dataset.entries(filter)) {
          const withMedia = include_medias !== 'none' && Boolean(entry.record.resource);
          writer.addEntry(entry.record, { mediaUrl: withMedia ? `local:${entry.record.resource}` : null });
          for await (const annotation of entry.annotations()) writer.addAnnotation(annotation.record);
          if (withMedia) await addMedias(writer, entry, include_medias === 'all');
        }
      }
      await writer.close();
      const counts = writer.counts;
      context.logger.info(
        `wrote ${counts.datasets} datasets, ${counts.entries} entries, ${counts.annotations} annotations, ${counts.medias} medias`,
      );
    } catch (error) {
      await writer.abort();
      throw error;
    }
  }
}

async function addMedias(writer: UpdWriter, entry: EntryContext, everyRendition: boolean) {
  for await (const media of entry.medias(everyRendition ? {} : { key: '' })) {
    if (writer.hasMedia(media.record)) continue;
    await writer.addMedia(media.record, await media.stream());
  }
}
