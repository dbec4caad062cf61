import {
  Button,
  Card,
  CardFooter,
  CardHeader,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Persona,
  Text,
  Textarea,
  Title1,
  Title3,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { PersonSwapRegular, SignOutRegular } from "@fluentui/react-icons";
import { useId, useState, type FormEvent } from "react";
import { isApiError } from "../../../api/errors";
import type { AccessRequest, Me, MyAccessRequests } from "../../../api/types";
import { ActionError, ErrorState, LoadingState } from "../../../components/states";
import { useAuth } from "../../../lib/auth/AuthProvider";
import { viewerTimeZone } from "../../../lib/expiry";
import { formatDateTime, formatRelative } from "../../../lib/format";
import { useAccessRequestEvents } from "../api/useAccessRequestEvents";
import { useCreateAccessRequest } from "../api/useCreateAccessRequest";
import { useMyAccessRequests } from "../api/useMyAccessRequests";
import { useWithdrawAccessRequest } from "../api/useWithdrawAccessRequest";
import { AccessRequestStatusBadge } from "./AccessRequestStatusBadge";
import { describeDecision, isProblem } from "./decision";

const useStyles = makeStyles({
  page: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalL,
    maxWidth: "720px",
    padding: `${tokens.spacingVerticalXXXL} ${tokens.spacingHorizontalXXL}`,
  },
  facts: {
    display: "grid",
    gridTemplateColumns: "max-content 1fr",
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, overflowWrap: "anywhere" },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, alignItems: "flex-start" },
  justification: { width: "100%" },
  history: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, margin: 0, padding: 0 },
  historyItem: { listStyleType: "none", display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
  secondary: { color: tokens.colorNeutralForeground3 },
});

/** Maximum length of a justification, in characters, as the API accepts it. */
const maxJustificationLength = 2000;

/**
 * Reports whether me may ask for access from the request page: a person signed in with no
 * user, or whose access expired. Disabled and suspended users may not, since an administrator
 * must enable them, and applications never may.
 */
export function mayRequestAccess(me: Me): boolean {
  return me.kind === "user" && (me.access.status === "none" || me.access.status === "user-expired");
}

/**
 * The page a signed-in person without access sees: who they are signed in as, their request
 * and its status, the decisions on earlier ones, and sign-out or switching account. A grant
 * arriving over the live event stream reloads /me, which replaces this page with the app.
 */
export function RequestAccessPage({ me }: { me: Me }) {
  const styles = useStyles();
  const auth = useAuth();
  const mine = useMyAccessRequests();
  const headingId = useId();
  useAccessRequestEvents({ refreshMeOnGrant: true });

  const expired = me.access.status === "user-expired";
  const expiresAt = me.access.expiresAt;
  let intro = "You signed in, but you don't have access to Roster yet. Ask for it here: a reviewer decides.";
  if (expired) {
    intro = expiresAt
      ? `Your access ended on ${formatDateTime(expiresAt)} (${viewerTimeZone()}). Ask for it again here.`
      : "Your access ended. Ask for it again here.";
  }

  return (
    <main className={styles.page}>
      <Title1 as="h1">{expired ? "Your access to Roster has expired" : "Request access to Roster"}</Title1>
      <Text>{intro}</Text>
      <Identity
        me={me}
        onSignOut={() => void auth.signOut()}
        onSwitchAccount={() => void auth.signIn(window.location.href, { selectAccount: true })}
      />
      <section className={styles.section} aria-labelledby={headingId}>
        <Title3 as="h2" id={headingId}>
          Your request
        </Title3>
        {mine.isPending ? (
          <LoadingState label="Loading your requests…" />
        ) : mine.isError ? (
          <ErrorState error={mine.error} onRetry={() => void mine.refetch()} />
        ) : (
          <RequestState mine={mine.data} />
        )}
      </section>
      {mine.data && <History requests={mine.data.items.filter((request) => request.status !== "pending")} />}
    </main>
  );
}

/** Who the caller is signed in as, with sign-out and switching to another account. */
function Identity({ me, onSignOut, onSwitchAccount }: { me: Me; onSignOut: () => void; onSwitchAccount: () => void }) {
  const styles = useStyles();
  return (
    <Card>
      <CardHeader header={<Persona name={me.name} secondaryText={me.username} size="large" />} />
      <dl className={styles.facts}>
        <dt className={styles.term}>Username</dt>
        <dd className={styles.value}>{me.username}</dd>
        <dt className={styles.term}>Organisation</dt>
        <dd className={styles.value}>{me.tenant?.name ?? "Not managed by Roster"}</dd>
        <dt className={styles.term}>Entra tenant id</dt>
        <dd className={styles.value}>{me.tenantId}</dd>
      </dl>
      <CardFooter>
        <Button icon={<SignOutRegular />} onClick={onSignOut}>
          Sign out
        </Button>
        <Button icon={<PersonSwapRegular />} onClick={onSwitchAccount}>
          Switch account
        </Button>
      </CardFooter>
    </Card>
  );
}

/** Shows the pending request, or the form, or why the caller cannot ask now. */
function RequestState({ mine }: { mine: MyAccessRequests }) {
  const pending = mine.items.find((request) => request.status === "pending");
  if (pending) {
    return <PendingRequest request={pending} />;
  }
  const latest = mine.items[0];
  return (
    <>
      {latest && <LatestDecision request={latest} />}
      {mine.canRequest ? <RequestForm /> : <CannotRequest mine={mine} />}
      {mine.requestsEnabled && mine.contact && <Text>Questions about access? Contact {mine.contact}.</Text>}
    </>
  );
}

function PendingRequest({ request }: { request: AccessRequest }) {
  const styles = useStyles();
  const withdraw = useWithdrawAccessRequest();
  return (
    <Card>
      <CardHeader
        header={<Text weight="semibold">Your request is waiting for a reviewer</Text>}
        action={<AccessRequestStatusBadge status={request.status} />}
      />
      <Text>
        Sent {formatRelative(request.createdAt)} ({formatDateTime(request.createdAt)}). This page updates when it is
        decided.
      </Text>
      {request.justification && <Text className={styles.secondary}>Your justification: {request.justification}</Text>}
      {withdraw.isError && <ActionError error={withdraw.error} />}
      <div>
        <Button disabled={withdraw.isPending} onClick={() => withdraw.mutate(request.id)}>
          {withdraw.isPending ? "Withdrawing…" : "Withdraw request"}
        </Button>
      </div>
    </Card>
  );
}

/** The outcome of the caller's latest request, so that a decision is seen on the next sign-in. */
function LatestDecision({ request }: { request: AccessRequest }) {
  const when = formatDateTime(request.decidedAt);
  switch (request.status) {
    case "denied":
      return (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Your request was denied</MessageBarTitle>
            {request.decidedByName || "A reviewer"} denied it on {when}.{" "}
            {request.decisionReason && `Reason: ${request.decisionReason}`}
          </MessageBarBody>
        </MessageBar>
      );
    case "expired":
      return (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Your request expired</MessageBarTitle>
            Nobody decided on it in time, so it expired on {when}. You can ask again.
          </MessageBarBody>
        </MessageBar>
      );
    default:
      return null;
  }
}

function RequestForm() {
  const styles = useStyles();
  const create = useCreateAccessRequest();
  const [justification, setJustification] = useState("");

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(justification.trim());
  };

  // A rejection that the reloaded state explains (pending already, switched off, rate limited)
  // needs no second message. Anything else is shown with the API's words.
  const explained =
    isProblem(create.error, "access-request-pending") ||
    isProblem(create.error, "access-requests-disabled") ||
    isProblem(create.error, "access-requests-rate-limited");
  const fieldError = isApiError(create.error) ? create.error.fieldError("justification") : undefined;
  return (
    <form className={styles.form} onSubmit={handleSubmit} noValidate>
      <Field
        className={styles.justification}
        label="Justification"
        hint="Optional. Tell the reviewer why you need access, such as your role or a ticket number."
        validationMessage={fieldError}
      >
        <Textarea
          value={justification}
          onChange={(_, data) => setJustification(data.value)}
          maxLength={maxJustificationLength}
          resize="vertical"
          rows={4}
        />
      </Field>
      {create.isError && !explained && !fieldError && <ActionError error={create.error} />}
      <Button type="submit" appearance="primary" disabled={create.isPending}>
        {create.isPending ? "Sending…" : "Request access"}
      </Button>
    </form>
  );
}

function CannotRequest({ mine }: { mine: MyAccessRequests }) {
  if (!mine.requestsEnabled) {
    return (
      <MessageBar intent="info" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>Requesting access is switched off</MessageBarTitle>
          {mine.contact ? `Contact ${mine.contact}.` : "Ask your Roster administrator for access."}
        </MessageBarBody>
      </MessageBar>
    );
  }
  if (mine.requestsLeft === 0 && mine.nextRequestAt) {
    return (
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>You have sent the most requests allowed in 24 hours</MessageBarTitle>
          You can ask again {formatRelative(mine.nextRequestAt)}, on {formatDateTime(mine.nextRequestAt)}.
        </MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <MessageBar intent="info" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>You cannot request access now</MessageBarTitle>
        {mine.reason}
      </MessageBarBody>
    </MessageBar>
  );
}

/** The caller's decided, withdrawn and expired requests, newest first, with each reviewer's reason. */
function History({ requests }: { requests: AccessRequest[] }) {
  const styles = useStyles();
  const headingId = useId();
  if (requests.length === 0) {
    return null;
  }
  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <Title3 as="h2" id={headingId}>
        Earlier requests
      </Title3>
      <ul className={styles.history} aria-labelledby={headingId}>
        {requests.map((request) => (
          <li key={request.id} className={styles.historyItem}>
            <Text>
              <AccessRequestStatusBadge status={request.status} /> Sent {formatDateTime(request.createdAt)}.{" "}
              {describeDecision(request)}
            </Text>
            {request.decisionReason && (
              <Text className={styles.secondary}>
                {request.status === "granted" ? "Note" : "Reason"}: {request.decisionReason}
              </Text>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
