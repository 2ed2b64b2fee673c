import { slugify } from './slugify.ts';

/** `YYYYMMDD-HHMMSS` in UTC, so names sort by time and do not depend on the host's time zone. */
export function nameTimestamp(now: Date): string {
  const iso = now.toISOString(); // 2024-05-01T12:34:56.789Z
  return `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}`;
}

/** The readable default output name: `<exporter-slug>-<YYYYMMDD-HHMMSS>[.<format>]`. */
export function defaultOutputName(exporterSlug: string, now: Date, format?: string): string {
  const base = `${slugify(exporterSlug)}-${nameTimestamp(now)}`;
  return format ? `${base}.${format}` : base;
}
