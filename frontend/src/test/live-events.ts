import { http, HttpResponse } from "msw";
import { api } from "./server";

const encoder = new TextEncoder();

/**
 * Serves GET /api/v1/events as an open text/event-stream that the test writes to with send().
 * It records the Authorization header of each connection.
 */
export function eventsApi() {
  const authorizations: (string | null)[] = [];
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  const handler = http.get(api("/api/v1/events"), ({ request }) => {
    authorizations.push(request.headers.get("Authorization"));
    const body = new ReadableStream<Uint8Array>({
      start(streamController) {
        controller = streamController;
        streamController.enqueue(encoder.encode("retry: 5000\n: connected\n\n"));
      },
    });
    return new HttpResponse(body, { headers: { "Content-Type": "text/event-stream" } });
  });
  return {
    handler,
    authorizations,
    /** Sends one access-request event with the given data on the latest connection. */
    sendAccessRequestEvent: (type: string, data: { id: string; tenantId: string; status: string }) =>
      controller?.enqueue(encoder.encode(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`)),
    send: (text: string) => controller?.enqueue(encoder.encode(text)),
  };
}

/** Serves GET /api/v1/events as unavailable, as a replica that lost its database notifications does. */
export const eventsUnavailable = http.get(api("/api/v1/events"), () =>
  HttpResponse.json(
    { type: "urn:roster:problem:events-unavailable", title: "Events unavailable", status: 503 },
    { status: 503, headers: { "Content-Type": "application/problem+json", "Retry-After": "60" } },
  ),
);
