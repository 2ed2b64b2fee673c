import type { z } from 'zod';
import { describeExpectedType, describeFoundValue } from './describe-value.ts';

type Issue = z.core.$ZodIssue;

/** `entryPoints.backend.module`, `modalities[0].id`, `shapes["bounding-box"].label`. */
export function formatFieldPath(path: ReadonlyArray<PropertyKey>): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(String(key))) text += text ? `.${String(key)}` : String(key);
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text || '(the whole file)';
}

/** The value at `path` in the raw input, and whether it is there at all (missing vs null). */
function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): { present: boolean; value: unknown } {
  let current: unknown = root;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) {
      return { present: false, value: undefined };
    }
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return { present: true, value: current };
}

function describeExpectation(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${describeExpectedType(issue.expected)}`;
    case 'invalid_value':
      return `expected ${issue.values.map((value) => JSON.stringify(value)).join(' or ')}`;
    default:
      // Our schema gives every other check a message that starts with "expected".
      return issue.message;
  }
}

/** One line per issue: `entryPoints.backend.module: expected a string, found number 3`. */
export function formatIssues(issues: ReadonlyArray<Issue>, input: unknown): string[] {
  return issues.map((issue) => {
    const found = valueAt(input, issue.path);
    return `${formatFieldPath(issue.path)}: ${describeExpectation(issue)}, found ${describeFoundValue(found.value, found.present)}`;
  });
}
