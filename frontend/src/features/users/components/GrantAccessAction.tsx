import { MessageBar, MessageBarBody, MessageBarTitle, makeStyles, tokens } from "@fluentui/react-components";
import { PersonAddRegular } from "@fluentui/react-icons";
import { useState } from "react";
import type { Person, User } from "../../../api/types";
import { GuardedButton } from "../../../components/GuardedButton";
import { RouterLink } from "../../../components/RouterLink";
import { usePermissions } from "../../../lib/permissions";
import { GrantAccessDialog } from "./GrantAccessDialog";

const useStyles = makeStyles({
  granted: { flexGrow: 1 },
  links: { display: "inline-flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
});

/**
 * "Grant access" for the people selected in the People list. It is disabled, with the reason,
 * until people are selected and while the caller may not grant access in one of their tenants.
 */
export function GrantAccessAction({ people, onGranted }: { people: Person[]; onGranted: () => void }) {
  const styles = useStyles();
  const permissions = usePermissions();
  const [open, setOpen] = useState(false);
  const [granted, setGranted] = useState<User[]>([]);

  const outside = people.find((person) => !permissions.can("users:grant", person.tenantId));
  let disabledReason: string | null = null;
  if (!permissions.can("users:grant")) {
    disabledReason = "You need the users:grant permission. Ask a Roster administrator.";
  } else if (people.length === 0) {
    disabledReason = "Select the people to grant access to.";
  } else if (outside) {
    disabledReason = `You need the users:grant permission in ${outside.tenantName} to grant ${outside.displayName} access.`;
  }

  return (
    <>
      <GuardedButton
        appearance="primary"
        icon={<PersonAddRegular />}
        disabledReason={disabledReason}
        onClick={() => {
          setGranted([]);
          setOpen(true);
        }}
      >
        Grant access
      </GuardedButton>
      <GrantAccessDialog
        people={people}
        open={open}
        onOpenChange={setOpen}
        onGranted={(users) => {
          setOpen(false);
          setGranted(users);
          onGranted();
        }}
      />
      {granted.length > 0 && (
        <MessageBar intent="success" className={styles.granted}>
          <MessageBarBody>
            <MessageBarTitle>
              {granted.length === 1 ? "Access granted" : `Access granted to ${granted.length} people`}
            </MessageBarTitle>
            <span className={styles.links}>
              {granted.map((user) => (
                <RouterLink key={user.id} to={`/users/${user.id}`}>
                  {user.displayName}
                </RouterLink>
              ))}
            </span>
          </MessageBarBody>
        </MessageBar>
      )}
    </>
  );
}
