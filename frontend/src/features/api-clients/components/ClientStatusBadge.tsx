import { Badge } from "@fluentui/react-components";
import type { RegisteredClient } from "../../../api/types";

export function ClientStatusBadge({ client }: { client: Pick<RegisteredClient, "status"> }) {
  return client.status === "active" ? (
    <Badge appearance="tint" color="success">
      Active
    </Badge>
  ) : (
    <Badge appearance="tint" color="danger">
      Disabled
    </Badge>
  );
}
