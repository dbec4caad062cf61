import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from "react";
import { useApiClient } from "../api/ApiClientProvider";
import { runEventStream, type ServerEvent, type StreamStatus } from "./event-stream";

/** Whether live events arrive: a stream status, or "off" where no stream runs. */
export type LiveStatus = StreamStatus | "off";

interface Listener {
  onEvent: (event: ServerEvent) => void;
  onOpen: () => void;
}

interface LiveEvents {
  status: LiveStatus;
  subscribe: (listener: Listener) => () => void;
}

const LiveEventsContext = createContext<LiveEvents>({ status: "off", subscribe: () => () => undefined });

/**
 * Keeps one stream of GET /api/v1/events open while enabled, for every component below that
 * listens with useLiveEvents. Without a provider, or while disabled, the status is "off".
 */
export function LiveEventsProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const client = useApiClient();
  const [listeners] = useState(() => new Set<Listener>());
  const [status, setStatus] = useState<LiveStatus>("off");

  useEffect(() => {
    if (!enabled) {
      return;
    }
    const stop = new AbortController();
    void runEventStream({
      signal: stop.signal,
      open: async (signal) => (await client.GET("/api/v1/events", { parseAs: "stream", signal })).response,
      onStatus: (next) => {
        setStatus(next);
        if (next === "open") {
          listeners.forEach((listener) => listener.onOpen());
        }
      },
      onEvent: (event) => listeners.forEach((listener) => listener.onEvent(event)),
    });
    return () => {
      stop.abort();
      setStatus("off");
    };
  }, [enabled, client, listeners]);

  const subscribe = useCallback(
    (listener: Listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    [listeners],
  );
  const value = useMemo<LiveEvents>(() => ({ status, subscribe }), [status, subscribe]);
  return <LiveEventsContext.Provider value={value}>{children}</LiveEventsContext.Provider>;
}

/** Returns the status of the nearest live event stream, "off" when there is none. */
export function useLiveStatus(): LiveStatus {
  return useContext(LiveEventsContext).status;
}

/**
 * Calls onEvent for each event of the nearest stream, and onOpen each time it (re)connects. The
 * API does not replay events missed while disconnected, so onOpen is where to refetch.
 */
export function useLiveEvents(handlers: { onEvent?: (event: ServerEvent) => void; onOpen?: () => void }): void {
  const { subscribe } = useContext(LiveEventsContext);
  const latest = useRef(handlers);
  useLayoutEffect(() => {
    latest.current = handlers;
  });

  useEffect(
    () =>
      subscribe({
        onEvent: (event) => latest.current.onEvent?.(event),
        onOpen: () => latest.current.onOpen?.(),
      }),
    [subscribe],
  );
}
