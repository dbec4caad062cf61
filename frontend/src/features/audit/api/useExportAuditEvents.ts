import { useMutation } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { withResponse } from "../../../api/client";
import { auditQuery, type AuditFilter } from "./keys";

export type ExportFormat = "csv" | "ndjson";

/** A downloaded export: its content and the file name the server proposed. */
export interface AuditExport {
  blob: Blob;
  fileName: string;
}

/**
 * Downloads every event matching filter as CSV or NDJSON. The request goes through the API
 * client, so it carries the bearer token that a plain link could not send.
 * NOTE: the browser keeps the whole file in memory before saving it, unlike the server, which
 * streams it.
 */
export function useExportAuditEvents() {
  const client = useApiClient();
  return useMutation({
    mutationFn: async ({ filter, format }: { filter: AuditFilter; format: ExportFormat }): Promise<AuditExport> => {
      const { data, response } = await withResponse(
        client.GET("/api/v1/audit-events/export", {
          params: { query: { ...auditQuery(filter), format } },
          parseAs: "blob",
        }),
      );
      return { blob: data, fileName: fileNameOf(response) ?? `roster-audit.${format}` };
    },
  });
}

/** Returns the file name of a Content-Disposition header, such as roster-audit-20260303T090000Z.csv. */
function fileNameOf(response: Response): string | null {
  const disposition = response.headers.get("Content-Disposition") ?? "";
  return /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? null;
}
