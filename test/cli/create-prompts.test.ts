import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readManifest } from '../../runtime/manifest/read-manifest.ts';
import { runCli, tempFolder } from './support/run-cli.ts';
import { scriptedPrompter } from './support/scripted-prompter.ts';

describe('idah-plugin create on a terminal', () => {
  it('asks for display name, description, version and services, with their defaults', async () => {
    const cwd = await tempFolder();
    const prompter = scriptedPrompter(['Box Studio', { default: true }, { default: true }, ['sync', 'media']]);
    const run = await runCli(['create', 'box-studio'], { cwd, interactive: true, prompter });

    expect(run.exitCode, run.stderr).toBe(0);
    expect(prompter.asked).toEqual([
      { kind: 'text', message: 'Display name', defaultValue: 'box-studio' },
      { kind: 'text', message: 'Description', defaultValue: 'Box Studio plugin for IDAH' },
      { kind: 'text', message: 'Version', defaultValue: '0.0.1' },
      { kind: 'multiselect', message: expect.stringContaining('Backend services'), choices: ['sync', 'media'] },
    ]);
    const manifest = await readManifest(join(cwd, 'box-studio'));
    expect(manifest).toMatchObject({ title: 'Box Studio', description: 'Box Studio plugin for IDAH', version: '0.0.1' });
    expect(await readdir(join(cwd, 'box-studio/backends'))).toEqual(['media', 'sync']);
  });

  it('asks only for what no flag gave', async () => {
    const cwd = await tempFolder();
    const prompter = scriptedPrompter(['Described here']);
    const run = await runCli(['create', 'box-studio', '--title', 'Boxes', '--version', '0.1.0', '--service', 'sync'], {
      cwd,
      interactive: true,
      prompter,
    });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(prompter.asked.map((question) => question.message)).toEqual(['Description']);
    expect(await readManifest(join(cwd, 'box-studio'))).toMatchObject({ title: 'Boxes', description: 'Described here' });
  });

  it('asks nothing with --yes', async () => {
    const cwd = await tempFolder();
    const prompter = scriptedPrompter([]);
    const run = await runCli(['create', 'box-studio', '--yes'], { cwd, interactive: true, prompter });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(prompter.asked).toEqual([]);
  });

  it('accepts an empty service selection: a frontend-only plugin', async () => {
    const cwd = await tempFolder();
    const prompter = scriptedPrompter([{ default: true }, { default: true }, { default: true }, []]);
    const run = await runCli(['create', 'viewer'], { cwd, interactive: true, prompter });
    expect(run.exitCode, run.stderr).toBe(0);
    expect((await readManifest(join(cwd, 'viewer'))).entryPoints.backend).toBeUndefined();
  });

  it('on cancel prints "Operation cancelled", writes nothing and exits 130 (as for Ctrl-C)', async () => {
    const cwd = await tempFolder();
    const prompter = scriptedPrompter(['Box Studio', { cancel: true }]);
    const run = await runCli(['create', 'box-studio'], { cwd, interactive: true, prompter });
    expect(run.exitCode).toBe(130);
    expect(run.stderr).toBe('Operation cancelled\n');
    expect(await readdir(cwd)).toEqual([]);
  });

  it('validates the version prompt with the same rule as --version', async () => {
    const cwd = await tempFolder();
    const prompter = scriptedPrompter([{ default: true }, { default: true }, 'v1']);
    const run = await runCli(['create', 'box-studio'], { cwd, interactive: true, prompter });
    // The scripted user fails the run when the prompt's own validation rejects the answer.
    expect(run.stderr).toContain('was rejected: expected a semantic version such as 0.0.1, got "v1"');
  });
});
