import { Button, Text, Title1, makeStyles, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  page: {
    minHeight: "100vh",
    display: "flex",
    alignItems: "center",
    justifyContent: "center",
    backgroundColor: tokens.colorNeutralBackground2,
  },
  panel: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalL,
    maxWidth: "440px",
    padding: tokens.spacingHorizontalXXXL,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusLarge,
    boxShadow: tokens.shadow16,
  },
  hint: { color: tokens.colorNeutralForeground3 },
});

/** The page shown before sign-in; signing in returns to the address the person opened. */
export function SignInPage({ onSignIn, devHint }: { onSignIn: () => void; devHint?: string | undefined }) {
  const styles = useStyles();
  return (
    <main className={styles.page}>
      <div className={styles.panel}>
        <Title1 as="h1">Roster</Title1>
        <Text>
          People and access for your organisation and the customers you manage. Sign in with your work account.
        </Text>
        <div>
          <Button appearance="primary" size="large" onClick={onSignIn}>
            Sign in
          </Button>
        </div>
        {devHint && <Text className={styles.hint}>{devHint}</Text>}
      </div>
    </main>
  );
}
