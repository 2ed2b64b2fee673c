import {
  describeThrown,
  type EntryContext,
  type ExportContext,
  type Exporter,
  isDataProblem,
  onErrorOption,
  SkipReport,
  UpdWriter,
  z,
} from 'idah-plugin';
import { version } from './version.ts';

const options = z.object({
  include_medias: z
    .enum(['none', 'original', 'all'])
    .default('original')
    .describe('Which media bytes go into the file: none, the original file of each entry, or every rendition'),
  // Off by default: a UPD file is the exact inverse of the UPD source, so every entry goes in.
  completed_entries: z.boolean().default(false).describe('Only entries whose status is "completed" (default: entries of every status)'),
  entry_status: z.array(z.string()).optional().describe('Only entries with one of these statuses'),
  on_error: onErrorOption,
});
type Options = z.output<typeof options>;

/**
 * IDAH's default export: a UPD file, the exact inverse of the UPD data source. Media shared by
 * several entries are stored once; blobs are streamed in, never held whole by the exporter. A
 * media the source refuses or cannot read fails the export, or under on_error "skip" is left
 * out and listed (the entry stays, without it).
 */
export class UpdExport implements Exporter<Options> {
  name = 'UPD';
  description = 'Universal Portable Dataset: one DuckDB file with every dataset, entry, annotation and media.';
  options = options;

  async export(context: ExportContext<Options>) {
    const { include_medias, completed_entries, entry_status } = context.options;
    const report = new SkipReport(context);
    const file = context.io.file({ format: 'upd' });
    const writer = await UpdWriter.create(file.path, { builtBy: `idah-plugin upd ${version}` });
    try {
      const filter = {
        ...(completed_entries ? { status: 'completed' } : {}),
        ...(entry_status ? { status__in: entry_status } : {}),
      };
      for await (const dataset of context.datasets) {
        writer.addDataset(dataset.record);
        for await (const entry of dataset.entries(filter)) {
          const withMedia = include_medias !== 'none' && Boolean(entry.record.resource);
          const original = withMedia ? await addMedias(writer, entry, include_medias === 'all', report) : 'failed';
          // An entry whose original was left out points nowhere rather than at bytes the file lacks.
          writer.addEntry(entry.record, { mediaUrl: original === 'failed' ? null : `local:${entry.record.resource}` });
          for await (const annotation of entry.annotations()) writer.addAnnotation(annotation.record);
        }
      }
      await writer.close();
      const counts = writer.counts;
      context.logger.info(
        `wrote ${counts.datasets} datasets, ${counts.entries} entries (${entriesKept(context.options)}), ${counts.annotations} annotations, ${counts.medias} medias`,
      );
      report.logSummary('the job record');
    } catch (error) {
      await writer.abort();
      throw error;
    }
  }
}

/** Which entries the file holds, in words, so a filtered file is never mistaken for a whole one. */
function entriesKept({ completed_entries, entry_status }: Options): string {
  const kept = [
    ...(completed_entries ? ['only "completed" ones (completed_entries)'] : []),
    ...(entry_status ? [`only statuses ${entry_status.map((status) => JSON.stringify(status)).join(', ')} (entry_status)`] : []),
  ];
  return kept.length > 0 ? kept.join(' and ') : 'every status';
}

/** Stores the entry's medias; says whether its original failed (and was left out, under skip). */
async function addMedias(writer: UpdWriter, entry: EntryContext, everyRendition: boolean, report: SkipReport): Promise<'ok' | 'failed'> {
  let original: 'ok' | 'failed' = 'ok';
  for await (const media of entry.medias(everyRendition ? {} : { key: '' })) {
    if (writer.hasMedia(media.record)) continue;
    try {
      await writer.addMedia(media.record, await media.stream());
    } catch (error) {
      if (!isDataProblem(error)) throw error;
      if (media.record.key === '') original = 'failed';
      await report.problem({
        dataset_id: entry.record.dataset_id,
        entry_id: entry.record.id,
        reason: `its media was left out: ${describeThrown(error)}`,
      });
    }
  }
  return original;
}
