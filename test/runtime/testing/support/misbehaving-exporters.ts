import type { ExportContext, Exporter } from 'idah-plugin';

/** Writes a partial output, then never returns. */
export class SpinningExporter implements Exporter {
  name = 'Spinning';
  description = 'busy-loops in export()';
  async export(context: ExportContext) {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(context.io.file({ format: 'txt' }).path, 'partial');
    for (;;) {
      // spins
    }
  }
}

/** Ends the process from inside export(). */
export class ExitingExporter implements Exporter {
  name = 'Exiting';
  description = 'calls process.exit in export()';
  export() {
    process.exit(4);
  }
}
