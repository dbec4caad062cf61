import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { aTenant } from "../test/fixtures";
import { api, apiOrigin, problem, server } from "../test/server";
import { createApiClient, dataOf, impersonationHeader, withResponse } from "./client";
import { ApiError } from "./errors";

const token = "token-for-client-tests";
const client = () => createApiClient({ baseUrl: apiOrigin, getAccessToken: () => Promise.resolve(token) });

async function failureOf(call: Promise<unknown>): Promise<ApiError> {
  try {
    await call;
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error("the call succeeded, but a failure was expected");
}

describe("api client", () => {
  it("sends the bearer token", async () => {
    let authorization: string | null = null;
    server.use(
      http.get(api("/api/v1/tenants/:id"), ({ request }) => {
        authorization = request.headers.get("Authorization");
        return HttpResponse.json(aTenant());
      }),
    );

    const tenant = await dataOf(client().GET("/api/v1/tenants/{id}", { params: { path: { id: aTenant().id } } }));

    expect(tenant.name).toBe("Fabrikam Manufacturing");
    expect(authorization).toBe(`Bearer ${token}`);
  });

  it("returns the response with the data", async () => {
    server.use(
      http.get(api("/api/v1/tenants/:id"), () => HttpResponse.json(aTenant(), { headers: { ETag: 'W/"7"' } })),
    );

    const { response } = await withResponse(client().GET("/api/v1/tenants/{id}", { params: { path: { id: "x" } } }));

    expect(response.headers.get("ETag")).toBe('W/"7"');
  });

  it.each([
    {
      name: "validation problem",
      reply: () =>
        problem(422, "Invalid tenant", {
          detail: "Two fields are invalid.",
          requestId: "req-422",
          errors: [
            { field: "entraTenantId", message: "must be a GUID" },
            { field: "primaryDomain", message: "must be a domain name" },
          ],
        }),
      want: {
        status: 422,
        title: "Invalid tenant",
        detail: "Two fields are invalid.",
        requestId: "req-422",
        fields: { entraTenantId: "must be a GUID", primaryDomain: "must be a domain name" },
      },
    },
    {
      name: "problem without request id in body",
      reply: () =>
        HttpResponse.json(
          { type: "about:blank", title: "Forbidden", status: 403 },
          { status: 403, headers: { "Content-Type": "application/problem+json", "X-Request-Id": "from-header" } },
        ),
      want: { status: 403, title: "Forbidden", detail: "", requestId: "from-header", fields: {} },
    },
    {
      name: "html error page",
      reply: () =>
        new HttpResponse("<html>Bad gateway</html>", {
          status: 502,
          statusText: "Bad Gateway",
          headers: { "Content-Type": "text/html", "X-Request-Id": "proxy-1" },
        }),
      want: { status: 502, title: "Bad Gateway", detail: "", requestId: "proxy-1", fields: {} },
    },
  ])("turns $name into ApiError", async ({ reply, want }) => {
    server.use(http.post(api("/api/v1/tenants"), reply));

    const error = await failureOf(
      dataOf(client().POST("/api/v1/tenants", { body: { name: "x", entraTenantId: "y", primaryDomain: "z" } })),
    );

    expect(error.status).toBe(want.status);
    expect(error.title).toBe(want.title);
    expect(error.detail).toBe(want.detail);
    expect(error.requestId).toBe(want.requestId);
    expect(Object.fromEntries(error.fieldErrors.map((field) => [field.field, field.message]))).toEqual(want.fields);
  });

  it.each([
    { name: "people", path: "/api/v1/people", header: "session-1" },
    { name: "impersonation sessions", path: "/api/v1/impersonation-sessions", header: null },
  ])("sends the impersonation header to $name: $header", async ({ path, header }) => {
    let sent: string | null = "unset";
    server.use(
      http.get(api(path), ({ request }) => {
        sent = request.headers.get(impersonationHeader);
        return HttpResponse.json({ items: [], nextCursor: null });
      }),
    );
    const impersonating = createApiClient({
      baseUrl: apiOrigin,
      getAccessToken: () => Promise.resolve(token),
      getImpersonationSessionId: () => "session-1",
    });

    await impersonating.GET(path as "/api/v1/people");

    expect(sent).toBe(header);
  });

  it("sends no impersonation header without a session", async () => {
    let sent: string | null = "unset";
    server.use(
      http.get(api("/api/v1/me"), ({ request }) => {
        sent = request.headers.get(impersonationHeader);
        return HttpResponse.json({});
      }),
    );

    await client().GET("/api/v1/me");

    expect(sent).toBeNull();
  });

  it("reports a network failure as status 0", async () => {
    server.use(http.get(api("/api/v1/me"), () => HttpResponse.error()));

    const error = await failureOf(dataOf(client().GET("/api/v1/me")));

    expect(error.status).toBe(0);
    expect(error.title).toBe("The server could not be reached");
  });
});
