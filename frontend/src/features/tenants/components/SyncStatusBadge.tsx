import { Badge, type BadgeProps } from "@fluentui/react-components";
import type { SyncRunStatus } from "../../../api/types";

const appearance: Record<SyncRunStatus, { label: string; color: BadgeProps["color"] }> = {
  queued: { label: "Queued", color: "informative" },
  running: { label: "Running", color: "brand" },
  succeeded: { label: "Succeeded", color: "success" },
  failed: { label: "Failed", color: "danger" },
  needs_confirmation: { label: "Needs confirmation", color: "warning" },
  discarded: { label: "Discarded", color: "subtle" },
};

export function SyncStatusBadge({ status }: { status: SyncRunStatus }) {
  const { label, color } = appearance[status];
  return (
    <Badge appearance="tint" color={color}>
      {label}
    </Badge>
  );
}
