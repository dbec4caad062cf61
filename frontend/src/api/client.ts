import createClient from "openapi-fetch";
import { apiErrorFromNetworkFailure, apiErrorFromResponse } from "./errors";
import type { paths } from "./types";

/** Returns a current access token for the Roster API, renewing it first if it is about to expire. */
export type AccessTokenProvider = () => Promise<string>;

export type ApiClient = ReturnType<typeof createClient<paths>>;

/**
 * The request header that carries an impersonation session id. With it, the API acts with the
 * permissions of the session's target while the bearer token stays the impersonator's own.
 */
export const impersonationHeader = "X-Roster-Impersonation";

/** Path prefix of the impersonation session endpoints, which the API rejects inside a session. */
const impersonationSessionsPath = "/api/v1/impersonation-sessions";

/**
 * Creates the typed Roster API client. Every request carries a bearer token from getAccessToken,
 * and a request that gets no response fails with an ApiError of status 0. While
 * getImpersonationSessionId returns a session id, every request but those to the impersonation
 * session endpoints carries it in the impersonation header: the impersonator lists and ends
 * sessions as themselves.
 */
export function createApiClient(options: {
  baseUrl: string;
  getAccessToken: AccessTokenProvider;
  getImpersonationSessionId?: () => string | null;
}): ApiClient {
  const client = createClient<paths>({ baseUrl: options.baseUrl });
  client.use({
    async onRequest({ request }) {
      const token = await options.getAccessToken();
      request.headers.set("Authorization", `Bearer ${token}`);
      const sessionId = options.getImpersonationSessionId?.() ?? null;
      if (sessionId && !new URL(request.url).pathname.startsWith(impersonationSessionsPath)) {
        request.headers.set(impersonationHeader, sessionId);
      }
      return request;
    },
    onError({ error }) {
      return apiErrorFromNetworkFailure(error);
    },
  });
  return client;
}

/** What every openapi-fetch call resolves to: data on success, a parsed error body otherwise. */
interface CallResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

type DataOf<R extends CallResult> = Exclude<R["data"], undefined>;

/** Awaits a client call and returns its data and response, or throws the failure as an ApiError. */
export async function withResponse<R extends CallResult>(
  call: Promise<R>,
): Promise<{ data: DataOf<R>; response: Response }> {
  const result = await call;
  if (result.error !== undefined || !result.response.ok) {
    throw apiErrorFromResponse(result.response, result.error);
  }
  return { data: result.data as DataOf<R>, response: result.response };
}

/** Awaits a client call and returns its data, or throws the failure as an ApiError. */
export async function dataOf<R extends CallResult>(call: Promise<R>): Promise<DataOf<R>> {
  const { data } = await withResponse(call);
  return data;
}
