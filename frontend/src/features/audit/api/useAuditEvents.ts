import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { dataOf } from "../../../api/client";
import { auditKeys, auditQuery, type AuditFilter } from "./keys";

/** Loads one page of audit events matching filter, newest first, starting at cursor. */
export function useAuditEvents(filter: AuditFilter, cursor: string | undefined, options: { pageSize?: number } = {}) {
  const client = useApiClient();
  return useQuery({
    queryKey: auditKeys.list(filter, cursor),
    queryFn: ({ signal }) =>
      dataOf(
        client.GET("/api/v1/audit-events", {
          params: { query: { ...auditQuery(filter), limit: options.pageSize ?? 50, cursor } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}
