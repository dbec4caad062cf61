import { Button, Card, CardHeader, Persona, Text, Title1, makeStyles, tokens } from "@fluentui/react-components";
import type { Me } from "../../../api/types";

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
});

/** Shown to a person who signed in but holds no Roster access yet. */
export function NotAUserPage({ me, onSignOut }: { me: Me; onSignOut: () => void }) {
  const styles = useStyles();
  return (
    <main className={styles.page}>
      <Title1 as="h1">You don't have access to Roster yet</Title1>
      <Text>
        You signed in successfully, but no administrator has granted you access. Requesting access from this page is not
        available yet: ask an administrator of your organisation to add you.
      </Text>
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
