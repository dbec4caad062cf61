/** One invalid field of a request, as the API's problem document lists it. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * An API failure: an RFC 9457 problem document returned by the server, or a request that never
 * got a response (status 0). The title and detail are safe to show to the signed-in person.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  readonly requestId: string | null;
  readonly fieldErrors: FieldError[];

  constructor(init: {
    status: number;
    type?: string;
    title: string;
    detail?: string;
    requestId?: string | null;
    fieldErrors?: FieldError[];
  }) {
    super(init.detail ? `${init.title}: ${init.detail}` : init.title);
    this.name = "ApiError";
    this.status = init.status;
    this.type = init.type ?? "about:blank";
    this.title = init.title;
    this.detail = init.detail ?? "";
    this.requestId = init.requestId ?? null;
    this.fieldErrors = init.fieldErrors ?? [];
  }

  /** Returns the message the API gave for one request field, if it rejected that field. */
  fieldError(field: string): string | undefined {
    return this.fieldErrors.find((error) => error.field === field)?.message;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/**
 * Builds an ApiError from a failed response and its parsed body. A body that is not a problem
 * document (a proxy's HTML page, for example) still yields the status and the request id header.
 */
export function apiErrorFromResponse(response: Response, body: unknown): ApiError {
  const headerRequestId = response.headers.get("X-Request-Id");
  if (!isProblemBody(body)) {
    return new ApiError({
      status: response.status,
      title: response.statusText || `Request failed with status ${response.status}`,
      requestId: headerRequestId,
    });
  }

  return new ApiError({
    status: typeof body.status === "number" ? body.status : response.status,
    type: stringOrUndefined(body.type),
    title: stringOrUndefined(body.title) ?? `Request failed with status ${response.status}`,
    detail: stringOrUndefined(body.detail),
    requestId: stringOrUndefined(body.requestId) ?? headerRequestId,
    fieldErrors: fieldErrorsOf(body.errors),
  });
}

/** Wraps a request that never got a response, such as a network failure. */
export function apiErrorFromNetworkFailure(cause: unknown): ApiError {
  const error = new ApiError({
    status: 0,
    title: "The server could not be reached",
    detail: "Check the network connection and try again.",
  });
  error.cause = cause;
  return error;
}

function isProblemBody(body: unknown): body is Record<string, unknown> {
  return typeof body === "object" && body !== null && "title" in body;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function fieldErrorsOf(value: unknown): FieldError[] {
  if (!Array.isArray(value)) {
    return [];
  }
  return value.flatMap((item: unknown) => {
    if (typeof item !== "object" || item === null) {
      return [];
    }
    const { field, message } = item as Record<string, unknown>;
    return typeof field === "string" && typeof message === "string" ? [{ field, message }] : [];
  });
}
