import { Badge, makeStyles, tokens } from "@fluentui/react-components";
import type { User, UserStatus } from "../../../api/types";
import { isExpiringSoon } from "../../../lib/expiry";

const useStyles = makeStyles({
  badges: { display: "inline-flex", gap: tokens.spacingHorizontalXS },
});

export const userStatusLabels: Record<UserStatus, string> = {
  active: "Active",
  disabled: "Disabled",
  suspended: "Suspended",
  expired: "Expired",
};

const colors = {
  active: "success",
  disabled: "danger",
  suspended: "warning",
  expired: "subtle",
} as const satisfies Record<UserStatus, string>;

/** The user's access status, with an "Expires soon" badge when an active user's access ends within a week. */
export function UserStatusBadge({ user, now }: { user: Pick<User, "status" | "expiresAt">; now?: Date }) {
  const styles = useStyles();
  return (
    <span className={styles.badges}>
      <Badge appearance="tint" color={colors[user.status]}>
        {userStatusLabels[user.status]}
      </Badge>
      {user.status === "active" && isExpiringSoon(user.expiresAt, now) && (
        <Badge appearance="filled" color="warning">
          Expires soon
        </Badge>
      )}
    </span>
  );
}
