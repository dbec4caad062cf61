// A client for the API's server-sent events (GET /api/v1/events). The browser's EventSource
// cannot send an Authorization header, so the stream is read from fetch instead, and this file
// does what EventSource would: parse the text/event-stream format and reconnect.

/** One event of a text/event-stream. */
export interface ServerEvent {
  /** The event field, or "message" when the server sent none. */
  type: string;
  /** The data lines, joined with line feeds. */
  data: string;
  /** The last id the stream sent, carried over to later events without one. */
  lastEventId: string;
}

/**
 * Splits text/event-stream text into events, following the parsing rules of the HTML
 * standard's server-sent events section. Text may arrive in chunks cut anywhere, even between
 * the CR and LF of one line ending.
 */
export class EventStreamParser {
  /** The reconnection delay from the latest `retry:` line, in milliseconds, or null before one. */
  retryMs: number | null = null;

  private line = "";
  private afterCarriageReturn = false;
  private type = "";
  private data: string[] = [];
  private lastEventId = "";

  /** Parses the next chunk and returns the events that it completes. */
  push(chunk: string): ServerEvent[] {
    const events: ServerEvent[] = [];
    for (const char of chunk) {
      if (char === "\n" && this.afterCarriageReturn) {
        this.afterCarriageReturn = false;
        continue;
      }
      this.afterCarriageReturn = char === "\r";
      if (char !== "\r" && char !== "\n") {
        this.line += char;
        continue;
      }
      const event = this.endLine();
      if (event) {
        events.push(event);
      }
    }
    return events;
  }

  private endLine(): ServerEvent | null {
    const line = this.line;
    this.line = "";
    if (line === "") {
      return this.dispatch();
    }
    if (line.startsWith(":")) {
      return null;
    }
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) {
      value = value.slice(1);
    }
    switch (field) {
      case "event":
        this.type = value;
        break;
      case "data":
        this.data.push(value);
        break;
      case "id":
        if (!value.includes("\0")) {
          this.lastEventId = value;
        }
        break;
      case "retry":
        if (/^\d+$/.test(value)) {
          this.retryMs = Number(value);
        }
        break;
    }
    return null;
  }

  private dispatch(): ServerEvent | null {
    const type = this.type || "message";
    const data = this.data;
    this.type = "";
    this.data = [];
    if (data.length === 0) {
      return null;
    }
    return { type, data: data.join("\n"), lastEventId: this.lastEventId };
  }
}

/**
 * The state of a stream: connecting for the first time, open, or down (between a failure or an
 * end and the next attempt). Stopped means it gave up, after a response that retrying cannot
 * change, such as 403.
 */
export type StreamStatus = "connecting" | "open" | "down" | "stopped";

export interface EventStreamOptions {
  /** Sends the request for the stream and resolves with the response, whatever its status. */
  open: (signal: AbortSignal) => Promise<Response>;
  onEvent: (event: ServerEvent) => void;
  onStatus: (status: StreamStatus) => void;
  /** Ends the stream and every reconnection when aborted. */
  signal: AbortSignal;
  /** Delay before reconnecting after an ordinary end, until the server sends `retry:`. */
  retryMs?: number;
  /** Maximum delay between attempts after repeated failures. */
  maxBackoffMs?: number;
  /**
   * A connection that delivers nothing for this long counts as dead and is reopened. The API
   * sends a comment every 15 s, so three missed comments end it.
   */
  idleTimeoutMs?: number;
  /** Returns a number in [0, 1) that spreads reconnections out. Defaults to Math.random. */
  random?: () => number;
}

/** A stream that ended sooner than this after opening counts as a failure for the backoff. */
const shortLivedMs = 30_000;

/**
 * Reads the stream until options.signal aborts, reconnecting after each end: after the
 * server's retry hint when the stream ran normally, and with exponential backoff (and at least
 * any Retry-After) when attempts fail. It gives up on 400 and 403, which a retry cannot fix.
 * The API does not replay missed events, so a caller refetches what it shows on every "open".
 */
export async function runEventStream(options: EventStreamOptions): Promise<void> {
  const { signal } = options;
  const parser = new EventStreamParser();
  const maxBackoffMs = options.maxBackoffMs ?? 60_000;
  const random = options.random ?? Math.random;
  let failures = 0;

  options.onStatus("connecting");
  while (!signal.aborted) {
    const outcome = await connectOnce(options, parser);
    if (signal.aborted) {
      return;
    }
    if (outcome.kind === "stop") {
      options.onStatus("stopped");
      return;
    }
    options.onStatus("down");

    failures = outcome.kind === "failed" || outcome.openMs < shortLivedMs ? failures + 1 : 0;
    const retryMs = parser.retryMs ?? options.retryMs ?? 5_000;
    let delay = retryMs;
    if (failures > 0) {
      const backoff = Math.min(maxBackoffMs, retryMs * 2 ** (failures - 1));
      delay = backoff * (0.8 + 0.4 * random());
    }
    if (outcome.kind === "failed") {
      delay = Math.max(delay, outcome.retryAfterMs);
    }
    await sleep(delay, signal);
  }
}

type Outcome = { kind: "ended"; openMs: number } | { kind: "failed"; retryAfterMs: number } | { kind: "stop" };

/** Opens the stream once and reads it to its end, delivering events as they complete. */
async function connectOnce(options: EventStreamOptions, parser: EventStreamParser): Promise<Outcome> {
  const connection = new AbortController();
  const abort = () => connection.abort();
  options.signal.addEventListener("abort", abort);
  try {
    let response: Response;
    try {
      response = await options.open(connection.signal);
    } catch {
      // A network failure or a token that could not be renewed may clear up, so retry later.
      return { kind: "failed", retryAfterMs: 0 };
    }
    if (response.status === 400 || response.status === 403) {
      return { kind: "stop" };
    }
    const contentType = response.headers.get("Content-Type") ?? "";
    if (!response.ok || !response.body || !contentType.startsWith("text/event-stream")) {
      await response.body?.cancel().catch(() => undefined);
      return { kind: "failed", retryAfterMs: retryAfterMs(response.headers.get("Retry-After")) };
    }

    const openedAt = Date.now();
    options.onStatus("open");
    await readEvents(response.body, parser, options, connection);
    return { kind: "ended", openMs: Date.now() - openedAt };
  } finally {
    options.signal.removeEventListener("abort", abort);
  }
}

async function readEvents(
  body: ReadableStream<Uint8Array>,
  parser: EventStreamParser,
  options: EventStreamOptions,
  connection: AbortController,
): Promise<void> {
  const idleTimeoutMs = options.idleTimeoutMs ?? 45_000;
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let watchdog = setTimeout(() => connection.abort(), idleTimeoutMs);
  const cancel = () => void reader.cancel().catch(() => undefined);
  connection.signal.addEventListener("abort", cancel);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        return;
      }
      clearTimeout(watchdog);
      watchdog = setTimeout(() => connection.abort(), idleTimeoutMs);
      for (const event of parser.push(decoder.decode(value, { stream: true }))) {
        options.onEvent(event);
      }
    }
  } catch {
    // The connection broke or was aborted. The caller decides whether to reconnect.
  } finally {
    clearTimeout(watchdog);
    connection.signal.removeEventListener("abort", cancel);
  }
}

/** Returns the delay of a Retry-After header in milliseconds, or 0 when it is absent or an HTTP date. */
function retryAfterMs(header: string | null): number {
  const seconds = Number(header);
  return header && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done);
  });
}
