import { MessageBar, MessageBarBody, MessageBarTitle, makeStyles, tokens } from "@fluentui/react-components";
import { ShieldCheckmarkRegular } from "@fluentui/react-icons";
import type { ConsentCheck as ConsentCheckResult, Tenant } from "../../../api/types";
import { GuardedButton } from "../../../components/GuardedButton";
import { ActionError } from "../../../components/states";
import { formatDateTime } from "../../../lib/format";
import { missingPermission, usePermissions } from "../../../lib/permissions";
import { useCheckConsent } from "../api/useCheckConsent";

const useStyles = makeStyles({
  check: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
});

/** Headings for the kinds of directory failure that a consent check reports. */
const kindTitles: Record<string, string> = {
  consent_missing: "Admin consent is missing",
  app_not_in_tenant: "Roster's application is not in this tenant",
  bad_credentials: "Roster's client secret or certificate was rejected",
  tenant_not_found: "The tenant was not found",
};

/** "Check consent" for a linked tenant, with the outcome: OK, or what is wrong and what to do. */
export function ConsentCheck({ tenant }: { tenant: Tenant }) {
  const styles = useStyles();
  const permissions = usePermissions();
  const check = useCheckConsent(tenant.id);

  return (
    <div className={styles.check}>
      <div>
        <GuardedButton
          icon={<ShieldCheckmarkRegular />}
          disabled={!tenant.linked || check.isPending}
          disabledReason={permissions.can("sync:run", tenant.id) ? null : missingPermission("sync:run")}
          onClick={() => check.mutate()}
        >
          {check.isPending ? "Checking consent…" : "Check consent"}
        </GuardedButton>
      </div>
      {check.isSuccess && <ConsentOutcome result={check.data} />}
      {check.isError && <ActionError error={check.error} title="The consent check failed" />}
    </div>
  );
}

function ConsentOutcome({ result }: { result: ConsentCheckResult }) {
  if (result.ok || !result.error) {
    return (
      <MessageBar intent="success">
        <MessageBarBody>
          <MessageBarTitle>Consent is in place</MessageBarTitle>
          Roster can read this tenant's directory (checked {formatDateTime(result.checkedAt)}).
        </MessageBarBody>
      </MessageBar>
    );
  }
  const { kind, message, hint, httpStatus } = result.error;
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{kindTitles[kind] ?? "Roster cannot read this tenant's directory"}</MessageBarTitle>
        {message}
        {httpStatus ? ` (HTTP ${httpStatus})` : ""}
        {hint && (
          <>
            <br />
            <strong>What to do:</strong> {hint}
          </>
        )}
      </MessageBarBody>
    </MessageBar>
  );
}
