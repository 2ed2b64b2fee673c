import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readManifest } from '../../runtime/manifest/read-manifest.ts';
import { KEYS, keyboard } from './support/keyboard.ts';
import { runCli, tempFolder } from './support/run-cli.ts';

// The real @clack/prompts, reading keys from a stream as they would from a terminal.
describe('create with the terminal prompts', () => {
  it('takes typed answers, defaults on enter, and a service picked with space', async () => {
    const cwd = await tempFolder();
    const user = keyboard([
      { whenShown: 'Display name', type: `Box Studio${KEYS.enter}` },
      { whenShown: 'Description', type: KEYS.enter },
      { whenShown: 'Version', type: `1.0.0${KEYS.enter}` },
      { whenShown: 'Backend services', type: `${KEYS.down}${KEYS.space}${KEYS.enter}` },
    ]);
    const run = await runCli(['create', 'box-studio'], { cwd, interactive: true, stdin: user.stdin, onStderr: user.screen });

    expect(user.unanswered).toEqual([]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(await readManifest(join(cwd, 'box-studio'))).toMatchObject({
      title: 'Box Studio',
      description: 'Box Studio plugin for IDAH',
      version: '1.0.0',
    });
    expect(await readdir(join(cwd, 'box-studio/backends'))).toEqual(['media']);
  });

  it('asks the version again until it is a semantic version', async () => {
    const cwd = await tempFolder();
    const user = keyboard([
      { whenShown: 'Display name', type: KEYS.enter },
      { whenShown: 'Description', type: KEYS.enter },
      { whenShown: 'Version', type: `1.0${KEYS.enter}` },
      { whenShown: 'expected a semantic version such as 0.0.1, got "1.0"', type: `${KEYS.backspace.repeat(3)}${KEYS.enter}` },
      { whenShown: 'Backend services', type: KEYS.enter },
    ]);
    const run = await runCli(['create', 'box-studio'], { cwd, interactive: true, stdin: user.stdin, onStderr: user.screen });
    expect(user.unanswered).toEqual([]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect((await readManifest(join(cwd, 'box-studio'))).version).toBe('0.0.1');
  });

  it('Ctrl-C cancels: "Operation cancelled", nothing written, exit 130', async () => {
    const cwd = await tempFolder();
    const user = keyboard([{ whenShown: 'Display name', type: KEYS.ctrlC }]);
    const run = await runCli(['create', 'box-studio'], { cwd, interactive: true, stdin: user.stdin, onStderr: user.screen });
    expect(run.exitCode).toBe(130);
    expect(run.stderr).toContain('Operation cancelled');
    expect(await readdir(cwd)).toEqual([]);
  });
});
