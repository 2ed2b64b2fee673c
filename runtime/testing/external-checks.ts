import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Checks of an export with tools this project did not write: Python 3's standard library,
 * Info-ZIP's unzip, libxml2's xmllint. A tool's failure throws with its output.
 */

/** Runs a Python 3 script with arguments and parses the JSON it prints. */
export function python<T = unknown>(script: string, ...args: string[]): T {
  const output = execFileSync('python3', ['-c', script, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(output) as T;
}

/** True when PyYAML (what Ultralytics reads data.yaml with) can be imported. */
export function hasPyYaml(): boolean {
  try {
    execFileSync('python3', ['-c', 'import yaml'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** `unzip -t`: tests every entry's CRC; throws when anything is wrong. Returns its last line. */
export function unzipTest(zipPath: string): string {
  return execFileSync('unzip', ['-t', zipPath], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).trim().split('\n').at(-1) ?? '';
}

/** Unpacks a zip with `unzip` into a fresh folder and returns it. */
export function unzipped(zipPath: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'unzipped-'));
  execFileSync('unzip', ['-q', zipPath, '-d', folder]);
  return folder;
}

/** `xmllint --noout` on files: well-formedness (and encoding) by libxml2. Throws with its complaints. */
export function xmllint(files: readonly string[]): void {
  if (files.length === 0) throw new Error('expected XML files to check, got none');
  execFileSync('xmllint', ['--noout', ...files], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
