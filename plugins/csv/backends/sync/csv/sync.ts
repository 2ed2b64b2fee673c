import type { SyncContext } from 'idah-plugin';
import { CsvExport } from './export.ts';

export class Sync {
  static init(context: SyncContext) {
    context.registerExports(/.*/, CsvExport);
  }
}
