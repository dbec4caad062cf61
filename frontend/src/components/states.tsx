import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { ReactNode } from "react";
import { isApiError } from "../api/errors";

const useStyles = makeStyles({
  centered: {
    display: "flex",
    flexDirection: "column",
    alignItems: "center",
    justifyContent: "center",
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingVerticalXXL,
    textAlign: "center",
  },
  requestId: { color: tokens.colorNeutralForeground3, fontFamily: tokens.fontFamilyMonospace },
});

export function LoadingState({ label }: { label: string }) {
  const styles = useStyles();
  return (
    <div className={styles.centered}>
      <Spinner label={label} />
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  const styles = useStyles();
  return (
    <div className={styles.centered} role="status">
      <Text weight="semibold" size={400}>
        {title}
      </Text>
      {children}
    </div>
  );
}

/** Shows the request id of a failed call so that an operator can find it in the server's log. */
export function RequestId({ id }: { id: string | null }) {
  const styles = useStyles();
  if (!id) {
    return null;
  }
  return <Text className={styles.requestId}>Request id: {id}</Text>;
}

/** Returns a heading and an explanation for a failure, in the words a signed-in person needs. */
export function describeError(error: unknown): { title: string; detail: string; requestId: string | null } {
  if (!isApiError(error)) {
    return { title: "Something went wrong", detail: error instanceof Error ? error.message : "", requestId: null };
  }
  // A refusal inside an impersonation session has its own title, such as "Read-only
  // impersonation", which is clearer than a generic lack of access.
  if (error.status === 403 && error.type.includes(":impersonation-")) {
    return { title: error.title, detail: error.detail, requestId: error.requestId };
  }
  switch (error.status) {
    case 403:
      return {
        title: "You don't have access",
        detail: error.detail || "Your roles do not include the permission this page needs. Ask an administrator.",
        requestId: error.requestId,
      };
    case 404:
      return {
        title: "Not found",
        detail: error.detail || "It may have been deleted, or you may not have access to its tenant.",
        requestId: error.requestId,
      };
    default:
      return { title: error.title, detail: error.detail, requestId: error.requestId };
  }
}

/** An inline error for one view, with its request id and an optional retry. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { title, detail, requestId } = describeError(error);
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {detail} <RequestId id={requestId} />
      </MessageBarBody>
      {onRetry && (
        <MessageBarActions>
          <Button onClick={onRetry}>Try again</Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}

/**
 * The failure of an action (a save, a grant, a delete) as the API explained it: its title and
 * detail, such as which permission the caller lacks or why a role cannot be deleted.
 */
export function ActionError({ error, title }: { error: unknown; title?: string }) {
  const heading = isApiError(error) ? error.title : (title ?? "Something went wrong");
  const detail = isApiError(error) ? error.detail : error instanceof Error ? error.message : "";
  const fieldErrors = isApiError(error) ? error.fieldErrors : [];
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{heading}</MessageBarTitle>
        {detail} <RequestId id={isApiError(error) ? error.requestId : null} />
        {fieldErrors.length > 0 && (
          <ul>
            {fieldErrors.map((fieldError) => (
              <li key={fieldError.field}>
                {fieldError.field}: {fieldError.message}
              </li>
            ))}
          </ul>
        )}
      </MessageBarBody>
    </MessageBar>
  );
}
