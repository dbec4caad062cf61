import { Badge, makeStyles, tokens } from "@fluentui/react-components";
import type { Person } from "../../../api/types";

const useStyles = makeStyles({
  badges: { display: "inline-flex", gap: tokens.spacingHorizontalXS },
});

export const statusLabels: Record<Person["status"], string> = {
  enabled: "Enabled",
  disabled: "Disabled",
  removed: "Removed upstream",
};

/** The person's status in Entra ID, with a guest badge for external accounts. */
export function PersonStatusBadges({ person }: { person: Pick<Person, "status" | "guest"> }) {
  const styles = useStyles();
  const color = person.status === "enabled" ? "success" : person.status === "disabled" ? "warning" : "danger";
  return (
    <span className={styles.badges}>
      <Badge appearance="tint" color={color}>
        {statusLabels[person.status]}
      </Badge>
      {person.guest && (
        <Badge appearance="outline" color="informative">
          Guest
        </Badge>
      )}
    </span>
  );
}
