import { HttpResponse } from "msw";
import { setupServer } from "msw/node";
import type { Problem } from "../api/types";

/** The mock API for component tests; each test adds the handlers it needs with server.use. */
export const server = setupServer();

/** The origin that jsdom serves the tests from; API requests go to it. */
export const apiOrigin = window.location.origin;

export function api(path: string): string {
  return apiOrigin + path;
}

/** Returns a problem document response like the Roster API's. */
export function problem(status: number, title: string, extra: Partial<Problem> = {}) {
  const body: Problem = {
    type: `https://roster.example/problems/${status}`,
    title,
    status,
    requestId: `req-${status}`,
    ...extra,
  };
  return HttpResponse.json(body, {
    status,
    headers: { "Content-Type": "application/problem+json", "X-Request-Id": body.requestId ?? "" },
  });
}
