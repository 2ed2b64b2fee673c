import type { SyncContext } from 'idah-plugin';
import { PascalVocExport } from './export.ts';

export class Sync {
  static init(context: SyncContext) {
    context.registerExports('idah-image', PascalVocExport);
  }
}
