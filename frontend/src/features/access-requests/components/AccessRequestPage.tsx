import {
  Button,
  Card,
  CardHeader,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Text,
  Title3,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { CheckmarkRegular, DismissRegular } from "@fluentui/react-icons";
import { useState } from "react";
import { useParams } from "react-router";
import { isApiError } from "../../../api/errors";
import type { AccessRequest, AccessRequestDetail } from "../../../api/types";
import { PageHeader } from "../../../components/PageHeader";
import { ProblemPage } from "../../../components/ProblemPage";
import { RouterLink } from "../../../components/RouterLink";
import { ActionError, ErrorState, LoadingState } from "../../../components/states";
import { formatDateTime, formatRelative } from "../../../lib/format";
import { missingPermission, usePermissions } from "../../../lib/permissions";
import { useAccessRequest } from "../api/useAccessRequest";
import { useDenyAccessRequest, useGrantAccessRequest } from "../api/useDecideAccessRequest";
import { AccessRequestStatusBadge } from "./AccessRequestStatusBadge";
import { describeDecision, isProblem } from "./decision";
import { DenyRequestDialog } from "./DenyRequestDialog";
import { GrantRequestForm, decidePermission } from "./GrantRequestForm";
import { RequesterRecords } from "./RequesterRecords";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXL, maxWidth: "1200px" },
  columns: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(420px, 1fr))",
    gap: tokens.spacingHorizontalXL,
    alignItems: "start",
  },
  column: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  facts: {
    display: "grid",
    gridTemplateColumns: "minmax(140px, max-content) 1fr",
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXL}`,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, overflowWrap: "anywhere", whiteSpace: "pre-line" },
  secondary: { color: tokens.colorNeutralForeground3 },
  actions: { display: "flex", gap: tokens.spacingHorizontalS, marginTop: tokens.spacingVerticalL },
  cardTitle: { margin: 0 },
});

/** The review panel: who asked, from where, when and why, what Roster records of them, and the decision. */
export function AccessRequestPage() {
  const { requestId = "" } = useParams();
  const detail = useAccessRequest(requestId);

  if (detail.isPending) {
    return <LoadingState label="Loading access request…" />;
  }
  if (detail.isError) {
    if (isApiError(detail.error) && (detail.error.status === 404 || detail.error.status === 403)) {
      return <ProblemPage error={detail.error} />;
    }
    return <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />;
  }
  return <ReviewView detail={detail.data} />;
}

function ReviewView({ detail }: { detail: AccessRequestDetail }) {
  const styles = useStyles();
  const { request } = detail;
  const subtitle = (
    <Text>
      <AccessRequestStatusBadge status={request.status} /> {request.userPrincipalName} ·{" "}
      <RouterLink to={`/tenants/${request.tenantId}`}>{request.tenantName}</RouterLink> · asked{" "}
      {formatRelative(request.createdAt)}
    </Text>
  );

  return (
    <div className={styles.page}>
      <PageHeader title={`Access request from ${request.displayName}`} subtitle={subtitle} />
      <div className={styles.columns}>
        <div className={styles.column}>
          <RequestFacts request={request} />
          <Decision request={request} />
        </div>
        <div className={styles.column}>
          <RequesterRecords detail={detail} />
        </div>
      </div>
    </div>
  );
}

function RequestFacts({ request }: { request: AccessRequest }) {
  const styles = useStyles();
  return (
    <Card>
      <CardHeader
        header={
          <Title3 as="h2" className={styles.cardTitle}>
            Request
          </Title3>
        }
      />
      <dl className={styles.facts}>
        <dt className={styles.term}>Requester</dt>
        <dd className={styles.value}>{request.displayName}</dd>
        <dt className={styles.term}>User principal name</dt>
        <dd className={styles.value}>{request.userPrincipalName}</dd>
        <dt className={styles.term}>Tenant</dt>
        <dd className={styles.value}>{request.tenantName}</dd>
        <dt className={styles.term}>Asked</dt>
        <dd className={styles.value}>{formatDateTime(request.createdAt)}</dd>
        <dt className={styles.term}>Justification</dt>
        <dd className={styles.value}>
          {request.justification || <span className={styles.secondary}>None given</span>}
        </dd>
        <dt className={styles.term}>Entra object id</dt>
        <dd className={styles.value}>{request.objectId}</dd>
      </dl>
    </Card>
  );
}

/**
 * The decision: the grant form and Deny for a pending request, or what was decided. The
 * mutations live here, above the form, so that a 409 from a reviewer who decided first is still
 * shown once the reloaded request replaces the form with the decision.
 */
function Decision({ request }: { request: AccessRequest }) {
  const styles = useStyles();
  const permissions = usePermissions();
  const grant = useGrantAccessRequest();
  const deny = useDenyAccessRequest();
  const [denying, setDenying] = useState(false);

  if (request.status !== "pending") {
    const conflict = [grant.error, deny.error].find((error) => isProblem(error, "access-request-decided"));
    return (
      <>
        {conflict !== undefined && <ActionError error={conflict} />}
        <DecisionSummary request={request} />
      </>
    );
  }
  const refusal = permissions.can(decidePermission, request.tenantId) ? null : missingPermission(decidePermission);
  if (refusal) {
    return (
      <MessageBar intent="info" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>You can read this request but not decide it</MessageBarTitle>
          {refusal}
        </MessageBarBody>
      </MessageBar>
    );
  }

  return (
    <Card>
      <CardHeader
        header={
          <Title3 as="h2" className={styles.cardTitle}>
            Decide
          </Title3>
        }
      />
      <GrantRequestForm
        request={request}
        grant={grant}
        layout={({ fields, ready, pending }) => (
          <>
            {fields}
            <div className={styles.actions}>
              <Button type="submit" appearance="primary" icon={<CheckmarkRegular />} disabled={!ready || pending}>
                {pending ? "Granting…" : "Grant access"}
              </Button>
              <Button icon={<DismissRegular />} onClick={() => setDenying(true)}>
                Deny…
              </Button>
            </div>
          </>
        )}
      />
      <DenyRequestDialog request={request} deny={deny} open={denying} onOpenChange={setDenying} />
    </Card>
  );
}

const summaryIntents = {
  pending: "info",
  granted: "success",
  denied: "warning",
  withdrawn: "info",
  expired: "info",
} as const satisfies Record<AccessRequest["status"], string>;

function DecisionSummary({ request }: { request: AccessRequest }) {
  const intent = summaryIntents[request.status];
  const reasonLabel = request.status === "granted" ? "Note" : "Reason";
  return (
    <MessageBar intent={intent} layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>This request is no longer pending</MessageBarTitle>
        {describeDecision(request)}{" "}
        {request.decisionReason && `${reasonLabel}: ${request.decisionReason.replace(/[.!?]?$/, ".")}`}{" "}
        {request.userId && <RouterLink to={`/users/${request.userId}`}>Open the user</RouterLink>}
      </MessageBarBody>
    </MessageBar>
  );
}
