import type { SyncContext } from 'idah-plugin';
import { UpdExport } from './export.ts';

export class Sync {
  static init(context: SyncContext) {
    // IDAH registers its UPD exporter for every modality.
    context.registerExports(/.*/, UpdExport);
  }
}
