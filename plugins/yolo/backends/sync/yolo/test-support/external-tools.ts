import { execFileSync } from 'node:child_process';

/**
 * Checks with tools this project did not write: Python 3's standard library, unzip.
 * Each returns what the tool printed; a tool's failure throws with its output.
 */

/** Runs a Python 3 script with arguments and parses the JSON it prints. */
export function python<T = unknown>(script: string, ...args: string[]): T {
  const output = execFileSync('python3', ['-c', script, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(output) as T;
}

/** `unzip -t`: tests every entry's CRC; throws when anything is wrong. Returns its last line. */
export function unzipTest(zipPath: string): string {
  return execFileSync('unzip', ['-t', zipPath], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).trim().split('\n').at(-1) ?? '';
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
