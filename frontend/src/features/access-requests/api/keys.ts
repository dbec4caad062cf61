import type { AccessRequestStatus } from "../../../api/types";

/** The filters of the review queue; each maps to a query parameter of GET /api/v1/access-requests. */
export interface AccessRequestsFilter {
  status: AccessRequestStatus | null;
  tenantId: string | null;
  /** Only requests made longer ago than this duration, such as "7d". */
  olderThan: string | null;
  /** Only requests made within this duration, such as "24h". */
  newerThan: string | null;
  oldestFirst: boolean;
}

// Every key starts with the root, so that one invalidation after an event or a decision
// refreshes the queue, the count, an open request and the requester's own list together.
export const accessRequestKeys = {
  all: ["access-requests"] as const,
  mine: () => [...accessRequestKeys.all, "mine"] as const,
  pendingCount: () => [...accessRequestKeys.all, "pending-count"] as const,
  lists: () => [...accessRequestKeys.all, "list"] as const,
  list: (filter: AccessRequestsFilter, cursor: string | undefined) =>
    [...accessRequestKeys.lists(), filter, cursor ?? null] as const,
  detail: (requestId: string) => [...accessRequestKeys.all, "detail", requestId] as const,
};
