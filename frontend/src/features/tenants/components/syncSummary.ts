import type { SyncRun } from "../../../api/types";

/** Summarises a run's changes as "3 created, 1 updated", or "No changes". */
export function summariseCounts(counts: SyncRun["counts"]): string {
  const parts = (Object.entries(counts) as [keyof SyncRun["counts"], number][])
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${count} ${kind}`);
  return parts.length > 0 ? parts.join(", ") : "No changes";
}
