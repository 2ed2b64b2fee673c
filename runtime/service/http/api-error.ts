import type { Context } from 'hono';
import { describeThrown, type IdahErrorCode, isIdahPluginError } from '../../errors.ts';

/** Where a JSON:API error points: a body field (`/options/format`) or a query parameter. */
export type ErrorSource = { pointer: string } | { parameter: string };

/** One entry of a JSON:API `errors[]` body. `code` is stable; `detail` is for people. */
export interface ApiErrorObject {
  status: string;
  code: string;
  title: string;
  detail: string;
  source?: ErrorSource;
}

/** An HTTP error answer: a status and one or more JSON:API error objects. */
export class ApiError extends Error {
  readonly status: number;
  readonly errors: ApiErrorObject[];
  readonly headers: Record<string, string>;

  constructor(status: number, code: string, detail: string, options: { source?: ErrorSource; headers?: Record<string, string> } = {}) {
    super(detail);
    this.status = status;
    this.errors = [{ status: String(status), code, title: TITLES[status] ?? 'Error', detail, ...(options.source ? { source: options.source } : {}) }];
    this.headers = options.headers ?? {};
  }

  /** Several problems of one request, all answered at once (every bad field listed). */
  static many(status: number, problems: Array<{ code: string; detail: string; source?: ErrorSource }>): ApiError {
    const error = new ApiError(status, problems[0]?.code ?? 'REQUEST_INVALID', problems.map((problem) => problem.detail).join('; '));
    error.errors.splice(
      0,
      error.errors.length,
      ...problems.map((problem) => ({
        status: String(status),
        code: problem.code,
        title: TITLES[status] ?? 'Error',
        detail: problem.detail,
        ...(problem.source ? { source: problem.source } : {}),
      })),
    );
    return error;
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  416: 'Range Not Satisfiable',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The HTTP status of each error code the runtime and the store raise. */
const STATUS_OF_CODE: Partial<Record<IdahErrorCode, number>> = {
  REQUEST_INVALID: 422,
  QUERY_INVALID: 422,
  OPTIONS_INVALID: 422,
  MODALITY_MISMATCH: 422,
  DATASET_NOT_FOUND: 422,
  EXPORTER_AMBIGUOUS: 422,
  FILTER_INVALID: 422,
  SOURCE_INVALID: 422,
  EXPORTER_NOT_FOUND: 404,
  NOT_FOUND: 404,
  STORAGE_NOT_FOUND: 410,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  CONFLICT: 409,
  JOB_DUPLICATE: 409,
  JOB_STATE_CONFLICT: 409,
  EXPORT_NOT_READY: 409,
  EXPORT_GONE: 410,
  RANGE_NOT_SATISFIABLE: 416,
  SERVICE_UNAVAILABLE: 503,
};

export const JSON_API_TYPE = 'application/vnd.api+json';

/** Anything thrown, as an ApiError: coded errors keep their code; the rest is a 500 without a stack. */
export function toApiError(thrown: unknown): ApiError {
  if (thrown instanceof ApiError) return thrown;
  if (isIdahPluginError(thrown)) {
    return new ApiError(STATUS_OF_CODE[thrown.code] ?? 500, thrown.code, thrown.message);
  }
  return new ApiError(500, 'INTERNAL', describeThrown(thrown));
}

/** Writes the JSON:API error body. */
export function errorResponse(c: Context, thrown: unknown): Response {
  const error = toApiError(thrown);
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  c.header('Content-Type', JSON_API_TYPE);
  return c.body(JSON.stringify({ errors: error.errors }), error.status as 400);
}
