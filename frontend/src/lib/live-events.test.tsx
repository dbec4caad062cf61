import { render, screen, waitFor } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import { ApiClientProvider } from "../api/ApiClientProvider";
import { createApiClient } from "../api/client";
import { eventsApi } from "../test/live-events";
import { api, apiOrigin, server } from "../test/server";
import { LiveEventsProvider, useLiveEvents, useLiveStatus } from "./live-events";

const token = "live-events-token";

function Probe() {
  const status = useLiveStatus();
  const [log, setLog] = useState<string[]>([]);
  useLiveEvents({
    onOpen: () => setLog((old) => [...old, "open"]),
    onEvent: (event) => setLog((old) => [...old, `${event.type} ${event.data}`]),
  });
  return (
    <>
      <output aria-label="Status">{status}</output>
      <ul aria-label="Log">
        {log.map((line, index) => (
          <li key={index}>{line}</li>
        ))}
      </ul>
    </>
  );
}

function renderProvider(enabled: boolean) {
  const client = createApiClient({ baseUrl: apiOrigin, getAccessToken: () => Promise.resolve(token) });
  return render(
    <ApiClientProvider client={client}>
      <LiveEventsProvider enabled={enabled}>
        <Probe />
      </LiveEventsProvider>
    </ApiClientProvider>,
  );
}

describe("LiveEventsProvider", () => {
  it("streams events to listeners with the bearer token", async () => {
    const events = eventsApi();
    server.use(events.handler);

    const view = renderProvider(true);

    await waitFor(() => expect(screen.getByRole("status", { name: "Status" })).toHaveTextContent("open"));
    events.send('event: access-request.created\ndata: {"id":"r1"}\n\n');
    const log = screen.getByRole("list", { name: "Log" });
    await waitFor(() => expect(log).toHaveTextContent('openaccess-request.created {"id":"r1"}'));
    expect(events.authorizations).toEqual([`Bearer ${token}`]);
    view.unmount();
  });

  it("opens no stream while disabled", async () => {
    renderProvider(false);

    expect(screen.getByRole("status", { name: "Status" })).toHaveTextContent("off");
    // With no handler for /api/v1/events, a request would fail the test.
    await new Promise((wait) => setTimeout(wait, 50));
  });

  it("reports a stream refused with 403 as stopped", async () => {
    server.use(http.get(api("/api/v1/events"), () => HttpResponse.json({}, { status: 403 })));

    renderProvider(true);

    await waitFor(() => expect(screen.getByRole("status", { name: "Status" })).toHaveTextContent("stopped"));
  });
});
