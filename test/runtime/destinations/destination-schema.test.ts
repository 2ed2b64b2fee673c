import { describe, expect, it } from 'vitest';
import { destinationProblems, parseDestination } from '../../../runtime/destinations/destination-schema.ts';
import { isIdahPluginError } from '../../../runtime/errors.ts';

const messages = (value: unknown) => destinationProblems(value).map((problem) => `${problem.field}: ${problem.message}`);

describe('parseDestination', () => {
  it('accepts each type with its fields', () => {
    expect(parseDestination({ type: 'local', path: '/srv/out', overwrite: true })).toEqual({ type: 'local', path: '/srv/out', overwrite: true });
    expect(parseDestination({ type: 's3', bucket: 'team-exports', prefix: 'idah/', endpoint: 'http://127.0.0.1:9000', force_path_style: true, credentials: 'env:EXPORTS_S3' }).type).toBe('s3');
    expect(parseDestination({ type: 'http', url: 'https://api.example.com/in', method: 'PUT', body: 'notification', headers: { 'X-Source': 'idah' }, secret_headers: { Authorization: 'secret:downstream' } }).type).toBe('http');
  });

  it('names the field, what was expected and what came; unknown keys refused', () => {
    expect(messages({ type: 's3', bucket: 5, region: 'EU WEST', extra: true })).toEqual([
      'destination.bucket: expected a bucket name, got number 5',
      'destination.region: expected a region name such as eu-west-1, got string "EU WEST"',
      'destination.extra: unknown field for type "s3"; expected type, bucket, prefix, filename, region, endpoint, force_path_style, credentials, overwrite, max_attempts',
    ]);
    expect(messages({ type: 'ftp' })).toEqual(['destination.type: expected one of "local", "s3", "http", got string "ftp"']);
    expect(messages({ path: '/x' })).toEqual(['destination.type: expected one of "local", "s3", "http", got nothing (the field is missing)']);
    expect(messages('s3://bucket')).toEqual(['destination: expected an object {type: local | s3 | http, ...}, got string "s3://bucket"']);
    expect(messages({ type: 'local', path: 'out', max_attempts: 0 })).toEqual([
      'destination.path: expected an absolute folder path, got string "out"',
      'destination.max_attempts: expected an integer from 1 to 10, got number 0',
    ]);
    expect(messages({ type: 'http', url: 'ftp://x', method: 'GET' })).toEqual([
      'destination.url: expected a URL (http:// or https://, no user or password in it: use a secret reference), got string "ftp://x"',
      'destination.method: expected "POST" or "PUT", got string "GET"',
    ]);
    expect(messages({ type: 'local' })).toEqual(['destination.path: expected an absolute folder path, got nothing (the field is missing)']);
  });

  it('never lets a secret sit in the descriptor', () => {
    expect(messages({ type: 'http', url: 'https://api.example.com', headers: { Authorization: 'Bearer abc' } })).toEqual([
      'destination.headers.Authorization: a credential header; put it in secret_headers as a reference such as "secret:NAME", got string "Bearer abc"',
    ]);
    expect(messages({ type: 'http', url: 'https://api.example.com', secret_headers: { Authorization: 'Bearer abc' } })).toEqual([
      'destination.secret_headers.Authorization: expected a secret reference such as "env:NAME", "secret:NAME" or "file:/path" (never the secret itself), got string "Bearer abc"',
    ]);
    expect(messages({ type: 's3', bucket: 'b-1', credentials: 'AKIA123:secret' })[0]).toMatch(/^destination.credentials: expected a secret reference/);
    expect(messages({ type: 'http', url: 'https://user:pw@api.example.com' })[0]).toMatch(/no user or password in it/);
  });

  it('throws DESTINATION_INVALID with every problem in details', () => {
    const error = (() => {
      try {
        return parseDestination({ type: 'http' });
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(isIdahPluginError(error, 'DESTINATION_INVALID')).toBe(true);
    expect((error as Error).message).toBe('destination.url: expected a URL (http:// or https://), got nothing (the field is missing)');
    expect((error as { details: { problems: unknown[] } }).details.problems).toEqual([
      { pointer: '/destination/url', field: 'destination.url', message: 'expected a URL (http:// or https://), got nothing (the field is missing)' },
    ]);
  });
});
