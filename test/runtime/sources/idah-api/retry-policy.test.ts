import { describe, expect, it } from 'vitest';
import { toQueryString } from '../../../../runtime/sources/idah-api/query-string.ts';
import { backoffMs, isRetryableStatus, retryAfterMs } from '../../../../runtime/sources/idah-api/retry-policy.ts';
import { isPlainLiteral } from '../../../../runtime/sources/idah-api/server-filters.ts';

const policy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };

describe('retry policy', () => {
  it('doubles the ceiling each retry, jitters below it, and caps it', () => {
    expect([1, 2, 3, 4, 5].map((retry) => backoffMs(policy, retry, undefined, () => 0.999999))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffMs(policy, 3, undefined, () => 0)).toBe(0);
    expect(backoffMs(policy, 3, undefined, () => 0.5)).toBe(200);
  });

  it('honours Retry-After as seconds or an HTTP date, within the cap', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
    expect(backoffMs(policy, 1, 60_000)).toBe(1000);
  });

  it('retries 429 and 5xx only', () => {
    expect([429, 500, 502, 503, 400, 401, 404, 422].map(isRetryableStatus)).toEqual([true, true, true, true, false, false, false, false]);
  });
});

describe('query strings and pushed-down matches', () => {
  it('nests as IDAH clients do', () => {
    expect(decodeURIComponent(toQueryString({ filter: { dataset_id: 'd', status__in: ['a', 'b'], key: '' }, page: { number: 2, size: 1000 } }))).toBe(
      'filter[dataset_id]=d&filter[status__in][]=a&filter[status__in][]=b&filter[key]=&page[number]=2&page[size]=1000',
    );
  });

  it('pushes a match down only when it is a plain ASCII literal', () => {
    expect(['car', 'image 01', 'a_b%c', 'vehicles/car'].every(isPlainLiteral)).toBe(true);
    expect(['^car', 'a.b', 'x+', '(a|b)', 'straße', ''].some(isPlainLiteral)).toBe(false);
  });
});
