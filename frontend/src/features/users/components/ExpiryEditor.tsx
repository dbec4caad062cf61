import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useState, type FormEvent } from "react";
import { isApiError } from "../../../api/errors";
import { GuardedButton } from "../../../components/GuardedButton";
import { ActionError } from "../../../components/states";
import { endOfLocalDay, localDay, viewerTimeZone } from "../../../lib/expiry";
import { formatDateTime } from "../../../lib/format";
import { useSetExpiry, type VersionedUser } from "../api/user";
import { ExpiryField, expiryProblem } from "./ExpiryField";

const useStyles = makeStyles({
  editor: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  buttons: { display: "flex", gap: tokens.spacingHorizontalS },
});

/**
 * Shows and changes a user's access expiry. Every save sends the user's ETag in If-Match, so a
 * change made meanwhile by someone else is reported instead of overwritten.
 */
export function ExpiryEditor({
  versioned,
  disabledReason,
  onReload,
}: {
  versioned: VersionedUser;
  disabledReason: string | null;
  onReload: () => void;
}) {
  const styles = useStyles();
  const { user, etag } = versioned;
  const setExpiry = useSetExpiry(user.id);
  const [day, setDay] = useState(user.expiresAt ? localDay(user.expiresAt) : "");
  const [problem, setProblem] = useState<string | undefined>();
  const conflict = isApiError(setExpiry.error) && setExpiry.error.status === 412;

  const save = (expiresAt: string | null) =>
    setExpiry.mutate(
      { expiresAt, etag },
      { onSuccess: (updated) => setDay(updated.user.expiresAt ? localDay(updated.user.expiresAt) : "") },
    );

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    const invalid = day === "" ? "Choose a day, or remove the expiry." : expiryProblem(day);
    setProblem(invalid);
    if (!invalid) {
      save(endOfLocalDay(day));
    }
  };

  return (
    <div className={styles.editor}>
      <Text>
        {user.expiresAt
          ? `Access ends ${formatDateTime(user.expiresAt)} (${viewerTimeZone()}).`
          : "Access does not expire."}
      </Text>
      <form className={styles.form} onSubmit={handleSubmit} noValidate>
        <ExpiryField label="New expiry" value={day} onChange={setDay} validationMessage={problem} />
        <div className={styles.buttons}>
          <GuardedButton type="submit" disabledReason={disabledReason} disabled={setExpiry.isPending}>
            Save expiry
          </GuardedButton>
          {user.expiresAt && (
            <GuardedButton
              appearance="subtle"
              disabledReason={disabledReason}
              disabled={setExpiry.isPending}
              onClick={() => save(null)}
            >
              Remove expiry
            </GuardedButton>
          )}
        </div>
      </form>
      {conflict ? (
        <MessageBar intent="warning">
          <MessageBarBody>
            <MessageBarTitle>Someone else changed this user</MessageBarTitle>
            Your change was not saved. Reload to see the current expiry, then make your change again.
          </MessageBarBody>
          <MessageBarActions>
            <Button
              onClick={() => {
                setExpiry.reset();
                onReload();
              }}
            >
              Reload
            </Button>
          </MessageBarActions>
        </MessageBar>
      ) : (
        setExpiry.isError && <ActionError error={setExpiry.error} />
      )}
    </div>
  );
}
