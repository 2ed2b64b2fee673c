import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { IdahPluginError } from '../errors.ts';
import { describeFoundValue } from '../manifest/describe-value.ts';
import { SECRET_REFERENCE_PATTERN } from './secrets.ts';

/**
 * Where an export's stored file is delivered after it is published. Plain data that a job, a
 * schedule and an export row carry: secrets appear only as references (`env:NAME`,
 * `secret:NAME`, `file:/path`), resolved by the worker that delivers.
 */

/** Attempts one delivery gets before it ends `failed` (each one after a growing pause). */
export const DEFAULT_DELIVERY_ATTEMPTS = 4;
export const MAX_DELIVERY_ATTEMPTS = 10;

const secretReference = z
  .string({ error: 'expected a secret reference such as "env:NAME", "secret:NAME" or "file:/path"' })
  .regex(SECRET_REFERENCE_PATTERN, { error: 'expected a secret reference such as "env:NAME", "secret:NAME" or "file:/path" (never the secret itself)' });

const attempts = z
  .number({ error: `expected an integer from 1 to ${MAX_DELIVERY_ATTEMPTS}` })
  .int({ error: `expected an integer from 1 to ${MAX_DELIVERY_ATTEMPTS}` })
  .min(1, { error: `expected an integer from 1 to ${MAX_DELIVERY_ATTEMPTS}` })
  .max(MAX_DELIVERY_ATTEMPTS, { error: `expected an integer from 1 to ${MAX_DELIVERY_ATTEMPTS}` });

/** A file name without folders: what the delivered file is called (default the export's own name). */
const fileName = z
  .string({ error: 'expected a file name' })
  .regex(/^(?!\.{1,2}$)[^/\\\0]{1,255}$/, { error: 'expected a file name without "/", "\\" or "..", 1 to 255 characters' });

const httpUrl = (what: string) =>
  z.string({ error: `expected ${what} (http:// or https://)` }).refine(
    (value) => {
      try {
        const url = new URL(value);
        return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password;
      } catch {
        return false;
      }
    },
    { error: `expected ${what} (http:// or https://, no user or password in it: use a secret reference)` },
  );

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
/** Headers that carry credentials: only through `secret_headers`, so they never sit in a record. */
const SENSITIVE_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key', 'api-key', 'x-auth-token']);
const headerName = z.string().regex(HEADER_NAME, { error: 'expected an HTTP header name' });

export const localDestinationSchema = z.strictObject({
  type: z.literal('local'),
  /** An absolute folder on the machine that delivers (the worker's); created when missing. */
  path: z
    .string({ error: 'expected an absolute folder path' })
    .refine((value) => isAbsolute(value) && !value.includes('\0'), { error: 'expected an absolute folder path' }),
  filename: fileName.optional(),
  /** Replace a different file of the same name (default false: that is a failure). */
  overwrite: z.boolean({ error: 'expected true or false' }).optional(),
  max_attempts: attempts.optional(),
});

export const s3DestinationSchema = z.strictObject({
  type: z.literal('s3'),
  bucket: z
    .string({ error: 'expected a bucket name' })
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: 'expected a bucket name (3 to 63 lowercase letters, digits, "." and "-")' }),
  /** Prepended to the key with a `/` (no leading or trailing `/` needed). */
  prefix: z.string({ error: 'expected a key prefix' }).max(900, { error: 'expected a key prefix of at most 900 characters' }).optional(),
  filename: fileName.optional(),
  region: z.string({ error: 'expected a region name' }).regex(/^[a-z0-9-]{2,40}$/, { error: 'expected a region name such as eu-west-1' }).optional(),
  /** An S3-compatible endpoint; AWS when absent. */
  endpoint: httpUrl('an endpoint URL').optional(),
  /** Path-style URLs (`endpoint/bucket/key`); default true when an endpoint is given. */
  force_path_style: z.boolean({ error: 'expected true or false' }).optional(),
  /**
   * `env:PREFIX` reads `PREFIX_ACCESS_KEY_ID`, `PREFIX_SECRET_ACCESS_KEY` (and `PREFIX_SESSION_TOKEN`);
   * `secret:NAME` or `file:/path` a JSON `{access_key_id, secret_access_key, session_token?}`.
   * Absent: the AWS SDK's own chain (environment, profile, instance role) on the worker.
   */
  credentials: secretReference.optional(),
  /** Replace an object of the same key with other content (default false: that is a failure). */
  overwrite: z.boolean({ error: 'expected true or false' }).optional(),
  max_attempts: attempts.optional(),
});

export const httpDestinationSchema = z
  .strictObject({
    type: z.literal('http'),
    url: httpUrl('a URL'),
    method: z.enum(['POST', 'PUT'], { error: 'expected "POST" or "PUT"' }).optional(),
    /** `file` sends the bytes; `notification` a JSON `{export_id, filename, size, etag, sha256, download_url}`. */
    body: z.enum(['file', 'notification'], { error: 'expected "file" or "notification"' }).optional(),
    /** Plain headers, stored as given (nothing secret). */
    headers: z.record(headerName, z.string({ error: 'expected a header value' }).max(4096), { error: 'expected an object of header names to values' }).optional(),
    /** Headers whose values are secret references, resolved when delivering. */
    secret_headers: z.record(headerName, secretReference, { error: 'expected an object of header names to secret references' }).optional(),
    /** One request's limit (default 5 minutes). */
    timeout_ms: z
      .number({ error: 'expected milliseconds from 100 to 3600000' })
      .int({ error: 'expected milliseconds from 100 to 3600000' })
      .min(100, { error: 'expected milliseconds from 100 to 3600000' })
      .max(3_600_000, { error: 'expected milliseconds from 100 to 3600000' })
      .optional(),
    max_attempts: attempts.optional(),
  })
  .superRefine((value, context) => {
    for (const name of Object.keys(value.headers ?? {})) {
      if (SENSITIVE_HEADERS.has(name.toLowerCase())) {
        context.addIssue({ code: 'custom', path: ['headers', name], message: `a credential header; put it in secret_headers as a reference such as "secret:NAME"`, input: value.headers?.[name] });
      }
    }
  });

export type LocalDestination = z.infer<typeof localDestinationSchema>;
export type S3Destination = z.infer<typeof s3DestinationSchema>;
export type HttpDestination = z.infer<typeof httpDestinationSchema>;
export type Destination = LocalDestination | S3Destination | HttpDestination;
export type DestinationType = Destination['type'];

const SCHEMAS = { local: localDestinationSchema, s3: s3DestinationSchema, http: httpDestinationSchema } as const;
export const DESTINATION_TYPES = Object.keys(SCHEMAS) as DestinationType[];

/** One problem of a descriptor: the field (JSON pointer and dotted path) and what is wrong. */
export interface DestinationProblem {
  pointer: string;
  field: string;
  message: string;
}

const fieldOf = (base: string, path: readonly PropertyKey[]) => [base, ...path.map(String)].join('.');
const pointerOf = (base: string, path: readonly PropertyKey[]) => `${base}${path.map((part) => `/${String(part)}`).join('')}`;

/** Every problem of a descriptor, none when it is valid. */
export function destinationProblems(value: unknown, at: { field?: string; pointer?: string } = {}): DestinationProblem[] {
  const field = at.field ?? 'destination';
  const pointer = at.pointer ?? '/destination';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [{ pointer, field, message: `expected an object {type: ${DESTINATION_TYPES.join(' | ')}, ...}, got ${describeFoundValue(value)}` }];
  }
  const type = (value as { type?: unknown }).type;
  const schema = typeof type === 'string' ? SCHEMAS[type as DestinationType] : undefined;
  if (!schema) {
    return [{ pointer: `${pointer}/type`, field: `${field}.type`, message: `expected one of ${DESTINATION_TYPES.map((name) => `"${name}"`).join(', ')}, got ${describeFoundValue(type, 'type' in value)}` }];
  }
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return [];
  const known = Object.keys(schema instanceof z.ZodObject ? schema.shape : (schema as unknown as { def: { in: z.ZodObject } }).def.in.shape);
  return result.error.issues.flatMap((issue): DestinationProblem[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        pointer: pointerOf(pointer, [...issue.path, key]),
        field: fieldOf(field, [...issue.path, key]),
        message: `unknown field for type "${type}"; expected ${known.join(', ')}`,
      }));
    }
    const present = issue.path.length === 0 || hasPath(value, issue.path);
    const got = issue.code === 'invalid_key' ? `the name ${JSON.stringify(issue.input)}` : describeFoundValue(issue.input, present);
    const message = issue.code === 'invalid_key' ? 'expected an HTTP header name (letters, digits, -)' : issue.message;
    return [{ pointer: pointerOf(pointer, issue.path), field: fieldOf(field, issue.path), message: `${message}, got ${got}` }];
  });
}

function hasPath(value: unknown, path: readonly PropertyKey[]): boolean {
  let current = value;
  for (const part of path) {
    if (typeof current !== 'object' || current === null || !(String(part) in current)) return false;
    current = (current as Record<string, unknown>)[String(part)];
  }
  return true;
}

/**
 * A destination descriptor checked strictly: unknown keys refused, every bad field named with
 * what was expected and what came (`DESTINATION_INVALID`, the problems in `details`).
 */
export function parseDestination(value: unknown, at: { field?: string; pointer?: string } = {}): Destination {
  const problems = destinationProblems(value, at);
  if (problems.length > 0) {
    throw new IdahPluginError('DESTINATION_INVALID', problems.map((problem) => `${problem.field}: ${problem.message}`).join('; '), {
      details: { problems },
    });
  }
  return SCHEMAS[(value as { type: DestinationType }).type].parse(value) as Destination;
}

/** Attempts a destination allows. */
export const attemptsOf = (destination: Destination) => destination.max_attempts ?? DEFAULT_DELIVERY_ATTEMPTS;

/** One line naming where a destination delivers (for logs and messages; holds no secret). */
export function describeDestination(destination: Destination): string {
  switch (destination.type) {
    case 'local':
      return `folder ${destination.path}`;
    case 's3':
      return `s3://${destination.bucket}${destination.prefix ? `/${destination.prefix.replace(/^\/+|\/+$/g, '')}` : ''}${destination.endpoint ? ` at ${destination.endpoint}` : ''}`;
    case 'http':
      return `${destination.method ?? 'POST'} ${destination.url}${destination.body === 'notification' ? ' (notification)' : ''}`;
  }
}
