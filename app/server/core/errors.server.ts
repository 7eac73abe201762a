/** Typed service errors that routes turn into HTTP answers (never a 500 for bad input). */
export class ServiceError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 422 | 429,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function notFound(what = "Not found"): ServiceError {
  return new ServiceError(404, "not_found", what);
}

export function conflict(code: string, message: string): ServiceError {
  return new ServiceError(409, code, message);
}
