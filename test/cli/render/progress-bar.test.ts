import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ProgressBar } from '../../../cli/render/progress-bar.ts';

function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

describe('ProgressBar with steps and metrics', () => {
  it('shows the running step and the counters compactly', () => {
    const out = sink();
    const bar = new ProgressBar(out.stream, 'Export');
    bar.setStep('copy_media');
    bar.setMetrics({ original_file: { stand_by: 3, success: 1200, failed: 1 }, data_file: { stand_by: 0, success: 4, failed: 0 } });
    const line = bar.describe({ progress: 0.5, entries_read: 5, entries_total: 10 });
    expect(line).toMatch(/^copy_media {2} 50% {2}5\/10 entries/);
    expect(line).toMatch(/original_file 1,200✓ 1✗ 3… {2}data_file 4✓$/);
    bar.update({ progress: 0.5, entries_read: 5, entries_total: 10 });
    expect(out.text()).toContain('original_file 1,200✓ 1✗ 3…');
  });

  it('shows nothing extra without steps or metrics', () => {
    const bar = new ProgressBar(sink().stream, 'Export');
    expect(bar.describe({ progress: 0, entries_read: 0, entries_total: 0 })).toBe('  0%');
  });
});
