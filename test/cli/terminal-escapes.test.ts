import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { terminalText } from '../../cli/render/terminal-text.ts';
import { pngBytes } from '../../runtime/testing/images.ts';
import { sqlText, tamperUpd } from '../support/tamper-upd.ts';
import { writeUpdFile } from '../support/upd-file.ts';
import { runCli } from './support/run-cli.ts';

// Clear the screen, set the window title, ring the bell, and a right-to-left override.
const HOSTILE = 'evil\u001b[2J\u001b]0;owned\u0007\u202e\r\nname';
const ESCAPED = 'evil\\x1b[2J\\x1b]0;owned\\x07\\u202e\\r\\nname';

let cwd: string;

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'idah-terminal-'));
  const path = await writeUpdFile(cwd, 'hostile.upd', [
    {
      id: 'ds',
      name: 'placeholder',
      entries: [{ id: 'e1', name: 'e1', medias: [{ filename: 'e1.png', data: pngBytes(8, 8) }], annotations: [{ id: 'a1', dimensions: { type: 'idah-image:bounding-box', x: 0, y: 0, width: 0.5, height: 0.5 }, annotation: { category: 'car' } }] }],
    },
  ]);
  // The names and ids come from the file as another tool could have written them.
  await tamperUpd(path, [
    `UPDATE datasets SET name = ${sqlText(HOSTILE)}`,
    `UPDATE annotations SET id = ${sqlText(`a1${HOSTILE}`)}, shape_type = 'idah-image:unknown-shape'`,
  ]);
});

afterAll(() => rm(cwd, { recursive: true, force: true }));

describe('terminal output escapes control characters from data', () => {
  it('terminalText escapes C0, C1, DEL, separators and bidi overrides; keepNewlines keeps only \\n and \\t', () => {
    expect(terminalText(HOSTILE)).toBe(ESCAPED);
    expect(terminalText('a\u0085b\u007fc\u2028d\u2066')).toBe('a\\x85b\\x7fc\\u2028d\\u2066');
    expect(terminalText('line one\n\tline two\u001b[31m', { keepNewlines: true })).toBe('line one\n\tline two\\x1b[31m');
    expect(terminalText('plain text, ünïcode 🦆')).toBe('plain text, ünïcode 🦆');
  });

  it('data info shows a hostile dataset name escaped, and the JSON output keeps it exact', async () => {
    const human = await runCli(['data', 'info', 'hostile.upd'], { cwd });
    expect(human.exitCode).toBe(0);
    expect(human.stdout).not.toContain('\u001b');
    expect(human.stdout).not.toContain('\u202e');
    expect(human.stdout).toContain(ESCAPED);
    const json = await runCli(['data', 'info', 'hostile.upd', '--json'], { cwd });
    expect(JSON.parse(json.stdout).datasets[0].name).toBe(HOSTILE);
  });

  it('log lines and the job summary of an export escape what the data holds', async () => {
    const skipped = await runCli(['export', 'coco', '--source', 'hostile.upd', '--out', 'out', '--option', 'on_error=skip'], { cwd });
    expect(skipped.exitCode).toBe(0);
    expect(skipped.stderr).toContain(`skipped annotation "a1${ESCAPED}"`);
    expect(skipped.stderr).not.toContain('\u001b]0;');
    const failed = await runCli(['export', 'coco', '--source', 'hostile.upd', '--out', 'out'], { cwd });
    expect(failed.exitCode).toBe(1);
    expect(failed.stderr).toMatch(/errored after .*annotation "a1evil/);
    expect(failed.stderr).toContain(`annotation "a1${ESCAPED}"`);
    expect(failed.stderr).not.toContain('\u001b]0;');
  });
});
