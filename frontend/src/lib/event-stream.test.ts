import { afterEach, describe, expect, it, vi } from "vitest";
import { EventStreamParser, runEventStream, type ServerEvent, type StreamStatus } from "./event-stream";

describe("EventStreamParser", () => {
  it.each([
    {
      name: "one event",
      chunks: ['id: 7\nevent: access-request.created\ndata: {"id":"r1"}\n\n'],
      events: [{ type: "access-request.created", data: '{"id":"r1"}', lastEventId: "7" }],
    },
    {
      name: "default type",
      chunks: ["data: hello\n\n"],
      events: [{ type: "message", data: "hello", lastEventId: "" }],
    },
    {
      name: "data lines joined",
      chunks: ["data: first\ndata:second\ndata\n\n"],
      events: [{ type: "message", data: "first\nsecond\n", lastEventId: "" }],
    },
    { name: "comments only", chunks: [": connected\n\n: heartbeat\n\n"], events: [] },
    { name: "event without data", chunks: ["event: ping\n\n"], events: [] },
    { name: "unfinished event", chunks: ["data: half"], events: [] },
    {
      name: "chunks cut mid-line",
      chunks: ["ev", "ent: a\nda", "ta: x", "\n", "\n"],
      events: [{ type: "a", data: "x", lastEventId: "" }],
    },
    {
      name: "CRLF cut between CR and LF",
      chunks: ["data: x\r", "\n\r", "\n"],
      events: [{ type: "message", data: "x", lastEventId: "" }],
    },
    {
      name: "CR line endings",
      chunks: ["data: x\r\rdata: y\r\r"],
      events: [
        { type: "message", data: "x", lastEventId: "" },
        { type: "message", data: "y", lastEventId: "" },
      ],
    },
    {
      name: "id kept for later events",
      chunks: ["id: 1\ndata: a\n\ndata: b\n\n"],
      events: [
        { type: "message", data: "a", lastEventId: "1" },
        { type: "message", data: "b", lastEventId: "1" },
      ],
    },
    {
      name: "type reset after dispatch",
      chunks: ["event: a\ndata: 1\n\ndata: 2\n\n"],
      events: [
        { type: "a", data: "1", lastEventId: "" },
        { type: "message", data: "2", lastEventId: "" },
      ],
    },
    {
      name: "unknown fields ignored",
      chunks: ["foo: bar\ndata: x\n\n"],
      events: [{ type: "message", data: "x", lastEventId: "" }],
    },
  ])("parses $name", ({ chunks, events }) => {
    const parser = new EventStreamParser();

    const parsed = chunks.flatMap((chunk) => parser.push(chunk));

    expect(parsed).toEqual(events);
  });

  it.each([
    { name: "valid", line: "retry: 5000\n", want: 5000 },
    { name: "not a number", line: "retry: soon\n", want: null },
    { name: "with a unit", line: "retry: 5s\n", want: null },
  ])("reads $name retry hint", ({ line, want }) => {
    const parser = new EventStreamParser();

    parser.push(line);

    expect(parser.retryMs).toBe(want);
  });
});

const encoder = new TextEncoder();

/** Creates a text/event-stream response whose body the test writes to and closes. */
function streamingResponse() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });
  return {
    response: new Response(body, { headers: { "Content-Type": "text/event-stream" } }),
    send: (text: string) => controller.enqueue(encoder.encode(text)),
    close: () => controller.close(),
  };
}

/** Runs a stream with recording callbacks. stop() aborts it and waits for it to finish. */
function start(open: (signal: AbortSignal) => Promise<Response>, extra: { retryMs?: number; idleTimeoutMs?: number }) {
  const stopper = new AbortController();
  const events: ServerEvent[] = [];
  const statuses: StreamStatus[] = [];
  const done = runEventStream({
    open,
    signal: stopper.signal,
    onEvent: (event) => events.push(event),
    onStatus: (status) => statuses.push(status),
    random: () => 0.5,
    ...extra,
  });
  return {
    events,
    statuses,
    done,
    stop: async () => {
      stopper.abort();
      await done;
    },
  };
}

describe("runEventStream", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("delivers events and reconnects after an end", async () => {
    const first = streamingResponse();
    const second = streamingResponse();
    const open = vi.fn().mockResolvedValueOnce(first.response).mockResolvedValueOnce(second.response);
    const run = start(open, { retryMs: 10 });

    first.send("retry: 20\n: connected\n\n");
    first.send("event: access-request.created\ndata: {}\n\n");
    await expect.poll(() => run.events.length).toBe(1);
    first.close();
    await expect.poll(() => open.mock.calls.length).toBe(2);
    second.send("event: access-request.decided\ndata: {}\n\n");
    await expect.poll(() => run.events.length).toBe(2);
    await run.stop();

    expect(run.events.map((event) => event.type)).toEqual(["access-request.created", "access-request.decided"]);
    expect(run.statuses).toEqual(["connecting", "open", "down", "open"]);
  });

  it("backs off exponentially while attempts fail", async () => {
    vi.useFakeTimers();
    const open = vi.fn(() => Promise.reject(new Error("network down")));
    const run = start(open, { retryMs: 1000 });

    await vi.advanceTimersByTimeAsync(0);
    expect(open).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(open).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(open).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1999);
    expect(open).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(open).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(4000);
    expect(open).toHaveBeenCalledTimes(4);
    expect(run.statuses).toEqual(["connecting", "down", "down", "down", "down"]);
    await run.stop();
  });

  it("waits at least Retry-After", async () => {
    vi.useFakeTimers();
    const unavailable = () =>
      new Response(JSON.stringify({ type: "urn:roster:problem:events-unavailable" }), {
        status: 503,
        headers: { "Content-Type": "application/problem+json", "Retry-After": "30" },
      });
    const open = vi.fn(() => Promise.resolve(unavailable()));
    const run = start(open, { retryMs: 1000 });

    await vi.advanceTimersByTimeAsync(29_999);
    expect(open).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(open).toHaveBeenCalledTimes(2);
    await run.stop();
  });

  it.each([
    { name: "403", status: 403 },
    { name: "400", status: 400 },
  ])("stops on $name", async ({ status }) => {
    const open = vi.fn(() => Promise.resolve(new Response("{}", { status })));
    const run = start(open, { retryMs: 1 });

    await run.done;

    expect(open).toHaveBeenCalledTimes(1);
    expect(run.statuses).toEqual(["connecting", "stopped"]);
  });

  it("treats a page that is not an event stream as a failure", async () => {
    const html = () => new Response("<html></html>", { headers: { "Content-Type": "text/html" } });
    const open = vi.fn(() => Promise.resolve(html()));
    const run = start(open, { retryMs: 1 });

    await expect.poll(() => open.mock.calls.length).toBeGreaterThan(1);
    await run.stop();

    expect(run.statuses).not.toContain("open");
  });

  it("reopens a connection that goes quiet", async () => {
    const quiet = streamingResponse();
    const next = streamingResponse();
    const open = vi.fn().mockResolvedValueOnce(quiet.response).mockResolvedValueOnce(next.response);
    const run = start(open, { retryMs: 1, idleTimeoutMs: 50 });

    quiet.send(": connected\n\n");

    await expect.poll(() => open.mock.calls.length).toBe(2);
    expect((open.mock.calls[0]?.[0] as AbortSignal).aborted).toBe(true);
    await run.stop();
  });

  it("stops reconnecting when aborted", async () => {
    const open = vi.fn(() => Promise.reject(new Error("network down")));
    const run = start(open, { retryMs: 60_000 });
    await expect.poll(() => run.statuses).toEqual(["connecting", "down"]);

    await run.stop();

    expect(open).toHaveBeenCalledTimes(1);
  });
});
