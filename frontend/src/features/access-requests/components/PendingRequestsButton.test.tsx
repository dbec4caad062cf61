import { screen } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { afterEach, describe, expect, it, vi } from "vitest";
import { LiveEventsProvider, useLiveStatus } from "../../../lib/live-events";
import { eventsApi, eventsUnavailable } from "../../../test/live-events";
import { renderPage } from "../../../test/render";
import { api, server } from "../../../test/server";
import { PendingRequestsButton, pendingPollMs } from "./PendingRequestsButton";

/** Serves the pending count from a value the test sets, and counts the calls. */
function pendingCountApi(initial: number) {
  const state = { pending: initial, calls: 0 };
  const handler = http.get(api("/api/v1/access-requests/pending-count"), () => {
    state.calls += 1;
    return HttpResponse.json({ count: state.pending });
  });
  return { handler, state };
}

/** Waits until the stream is open and the count it refetched on opening has arrived. */
async function settled(count: ReturnType<typeof pendingCountApi>) {
  await expect.poll(() => screen.getByRole("status", { name: "Stream" }).textContent).toBe("open");
  await expect.poll(() => count.state.calls).toBeGreaterThan(0);
  await new Promise((wait) => setTimeout(wait, 100));
}

function StreamStatus() {
  return <output aria-label="Stream">{useLiveStatus()}</output>;
}

function renderButton() {
  return renderPage(
    <LiveEventsProvider enabled>
      <StreamStatus />
      <PendingRequestsButton />
    </LiveEventsProvider>,
    { path: "/", url: "/" },
  );
}

describe("PendingRequestsButton", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("shows the count in a badge", async () => {
    server.use(eventsApi().handler, pendingCountApi(3).handler);

    renderButton();

    const button = await screen.findByRole("button", { name: "Access requests, 3 pending" });
    expect(button.parentElement).toHaveTextContent("3");
  });

  it("shows no badge when none are pending", async () => {
    server.use(eventsApi().handler, pendingCountApi(0).handler);

    renderButton();

    const button = await screen.findByRole("button", { name: "Access requests, none pending" });
    expect(button.parentElement).toHaveTextContent("");
  });

  it("refetches the count on each event", async () => {
    const events = eventsApi();
    const count = pendingCountApi(0);
    server.use(events.handler, count.handler);
    renderButton();
    await screen.findByRole("button", { name: "Access requests, none pending" });
    await settled(count);

    count.state.pending = 2;
    events.sendAccessRequestEvent("access-request.created", { id: "r2", tenantId: "t1", status: "pending" });

    expect(await screen.findByRole("button", { name: "Access requests, 2 pending" })).toBeInTheDocument();
  });

  it("ignores events of other kinds", async () => {
    const events = eventsApi();
    const count = pendingCountApi(0);
    server.use(events.handler, count.handler);
    renderButton();
    await settled(count);
    const before = count.state.calls;

    events.send('event: sync.finished\ndata: {"id":"s1"}\n\n');
    await new Promise((wait) => setTimeout(wait, 100));

    expect(count.state.calls).toBe(before);
  });

  it("polls while the stream is down", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const count = pendingCountApi(0);
    server.use(eventsUnavailable, count.handler);
    renderButton();
    await screen.findByRole("button", { name: "Access requests, none pending" });
    await expect.poll(() => screen.getByRole("status", { name: "Stream" }).textContent).toBe("down");

    count.state.pending = 4;
    await vi.advanceTimersByTimeAsync(pendingPollMs);

    expect(await screen.findByRole("button", { name: "Access requests, 4 pending" })).toBeInTheDocument();
  });

  it("does not poll while the stream is open", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const count = pendingCountApi(0);
    server.use(eventsApi().handler, count.handler);
    renderButton();
    await settled(count);
    const before = count.state.calls;

    // Two poll intervals pass, which stays under the stream's 45 s idle timeout.
    await vi.advanceTimersByTimeAsync(2 * pendingPollMs);

    expect(count.state.calls).toBe(before);
  });

  it("opens the queue of pending requests", async () => {
    server.use(eventsApi().handler, pendingCountApi(1).handler);
    const { user } = renderButton();

    await user.click(await screen.findByRole("button", { name: "Access requests, 1 pending" }));

    await expect.poll(() => screen.getByTestId("location").textContent).toBe("/access-requests?status=pending");
  });
});
