import { Button, Card, CardHeader, Persona, Text, Title1, makeStyles, tokens } from "@fluentui/react-components";
import type { Me } from "../../../api/types";
import { formatDateTime } from "../../../lib/format";
import { viewerTimeZone } from "../../../lib/expiry";

const useStyles = makeStyles({
  page: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalL,
    maxWidth: "640px",
    padding: `${tokens.spacingVerticalXXXL} ${tokens.spacingHorizontalXXL}`,
  },
  facts: {
    display: "grid",
    gridTemplateColumns: "max-content 1fr",
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
  },
  detail: { color: tokens.colorNeutralForeground2 },
});

interface Explanation {
  title: string;
  text: string;
}

/** Returns the heading and the explanation for an access status other than "active". */
function explain(access: Me["access"]): Explanation {
  switch (access.status) {
    case "user-disabled":
      return {
        title: "Your access to Roster is disabled",
        text: "An administrator disabled your access. Ask them to enable it if you still need it.",
      };
    case "user-expired":
      return {
        title: "Your access to Roster has expired",
        text: access.expiresAt
          ? `Your access ended on ${formatDateTime(access.expiresAt)} (${viewerTimeZone()}). Ask an administrator to extend it.`
          : "Your access ended. Ask an administrator to extend it.",
      };
    case "user-suspended":
      return {
        title: "Your access to Roster is suspended",
        text:
          "Your account was disabled or removed in your organisation's directory, so your access was suspended. " +
          "An administrator must decide to restore it.",
      };
    case "client-disabled":
    case "client-unregistered":
      return {
        title: "This application has no access to Roster",
        text: "Its registration is missing or disabled. Ask an administrator to check it under API clients.",
      };
    default:
      return {
        title: "You don't have access to Roster yet",
        text:
          "You signed in successfully, but no administrator has granted you access. Ask an administrator of your " +
          "organisation to add you.",
      };
  }
}

/**
 * Shown instead of the app to a signed-in person who may not use Roster: not a user yet, or a
 * user whose access is disabled, expired or suspended. It says which, and why when the API says.
 */
export function NoAccessPage({ me, onSignOut }: { me: Me; onSignOut: () => void }) {
  const styles = useStyles();
  const { title, text } = explain(me.access);
  const serverDetail = me.access.status !== "none" ? me.access.detail : undefined;

  return (
    <main className={styles.page}>
      <Title1 as="h1">{title}</Title1>
      <Text>{text}</Text>
      {serverDetail && <Text className={styles.detail}>Details: {serverDetail}</Text>}
      <Card>
        <CardHeader header={<Persona name={me.name} secondaryText={me.username} size="large" />} />
        <dl className={styles.facts}>
          <dt>Username</dt>
          <dd>{me.username}</dd>
          <dt>Organisation</dt>
          <dd>{me.tenant?.name ?? "Not managed by Roster"}</dd>
          <dt>Entra tenant id</dt>
          <dd>{me.tenantId}</dd>
          <dt>Object id</dt>
          <dd>{me.objectId}</dd>
        </dl>
      </Card>
      <div>
        <Button onClick={onSignOut}>Sign out</Button>
      </div>
    </main>
  );
}
