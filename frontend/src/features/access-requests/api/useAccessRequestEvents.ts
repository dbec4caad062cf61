import { useQueryClient } from "@tanstack/react-query";
import type { ServerEvent } from "../../../lib/event-stream";
import { useLiveEvents } from "../../../lib/live-events";
import { meKey } from "../../../lib/me";
import { accessRequestKeys } from "./keys";

/** The data of an access-request.* event: which request changed, and its status now. */
export interface AccessRequestEvent {
  id: string;
  tenantId: string;
  status: string;
}

/** Returns the data of an access-request.* event, or null for any other event or malformed data. */
export function accessRequestEventOf(event: ServerEvent): AccessRequestEvent | null {
  if (!event.type.startsWith("access-request.")) {
    return null;
  }
  try {
    const data: unknown = JSON.parse(event.data);
    if (typeof data !== "object" || data === null) {
      return null;
    }
    const { id, tenantId, status } = data as Record<string, unknown>;
    if (typeof id !== "string") {
      return null;
    }
    return {
      id,
      tenantId: typeof tenantId === "string" ? tenantId : "",
      status: typeof status === "string" ? status : "",
    };
  } catch {
    return null;
  }
}

/**
 * Reloads every access request view when the live stream (re)connects and on each
 * access-request.* event. With refreshMeOnGrant, a granted request also reloads /me, which
 * lets a requester whose request was just granted into the app without a reload.
 */
export function useAccessRequestEvents({ refreshMeOnGrant = false }: { refreshMeOnGrant?: boolean } = {}) {
  const queryClient = useQueryClient();
  useLiveEvents({
    onOpen: () => void queryClient.invalidateQueries({ queryKey: accessRequestKeys.all }),
    onEvent: (event) => {
      const change = accessRequestEventOf(event);
      if (!change) {
        return;
      }
      void queryClient.invalidateQueries({ queryKey: accessRequestKeys.all });
      if (refreshMeOnGrant && change.status === "granted") {
        void queryClient.invalidateQueries({ queryKey: meKey });
      }
    },
  });
}
