export const formatCount = (value: number) => Math.round(value).toLocaleString('en-US');

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)}s`;
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds % 60);
  if (minutes < 60) return `${minutes}m ${String(rest).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** `original_file 12✓ 1✗ 3…  data_file 13✓`: per category, success, failed (when any) and stand-by (when any). */
export function formatMetrics(metrics: Record<string, { stand_by: number; success: number; failed: number }>): string {
  return Object.entries(metrics)
    .map(([category, { stand_by, success, failed }]) => {
      const counts = [`${formatCount(success)}✓`];
      if (failed > 0) counts.push(`${formatCount(failed)}✗`);
      if (stand_by > 0) counts.push(`${formatCount(stand_by)}…`);
      return `${category} ${counts.join(' ')}`;
    })
    .join('  ');
}
