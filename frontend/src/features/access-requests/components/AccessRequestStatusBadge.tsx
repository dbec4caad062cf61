import { Badge } from "@fluentui/react-components";
import type { AccessRequestStatus } from "../../../api/types";

export const accessRequestStatusLabels: Record<AccessRequestStatus, string> = {
  pending: "Pending",
  granted: "Granted",
  denied: "Denied",
  withdrawn: "Withdrawn",
  expired: "Expired",
};

const colors = {
  pending: "warning",
  granted: "success",
  denied: "danger",
  withdrawn: "subtle",
  expired: "subtle",
} as const satisfies Record<AccessRequestStatus, string>;

export function AccessRequestStatusBadge({ status }: { status: AccessRequestStatus }) {
  return (
    <Badge appearance="tint" color={colors[status]}>
      {accessRequestStatusLabels[status]}
    </Badge>
  );
}
