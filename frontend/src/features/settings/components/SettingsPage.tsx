import { Text, makeStyles, tokens } from "@fluentui/react-components";
import { PageHeader } from "../../../components/PageHeader";
import { ErrorState, LoadingState } from "../../../components/states";
import { useSettings } from "../../../lib/settings";
import { AccessRequestSettings } from "./AccessRequestSettings";
import { AuditSettings } from "./AuditSettings";
import { ImpersonationSettings } from "./ImpersonationSettings";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXL, maxWidth: "880px" },
});

/**
 * Instance-wide settings, one section per concern. Each section saves only its own keys, with
 * the ETag of the list it was read from.
 */
export function SettingsPage() {
  const styles = useStyles();
  const settings = useSettings();

  return (
    <div className={styles.page}>
      <PageHeader title="Settings" subtitle={<Text>Switches that apply to every tenant of this Roster.</Text>} />
      {settings.isPending ? (
        <LoadingState label="Loading settings…" />
      ) : settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <>
          <AccessRequestSettings list={settings.data} onReload={() => void settings.refetch()} />
          <ImpersonationSettings list={settings.data} onReload={() => void settings.refetch()} />
          <AuditSettings list={settings.data} onReload={() => void settings.refetch()} />
        </>
      )}
    </div>
  );
}
