import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Field,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useState, type FormEvent } from "react";
import type { Person, User } from "../../../api/types";
import { maxReasonLength } from "../../../components/ReasonDialog";
import {
  AssignmentFields,
  AssignmentOptionsState,
  draftProblem,
  draftRequests,
  useAssignmentOptions,
  type AssignmentDraft,
} from "../../../components/access/AssignmentFields";
import { ActionError } from "../../../components/states";
import { endOfLocalDay } from "../../../lib/expiry";
import { useGrantAccess } from "../api/useGrantAccess";
import { ExpiryField, expiryProblem } from "./ExpiryField";

const useStyles = makeStyles({
  surface: { maxWidth: "640px" },
  content: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  who: { color: tokens.colorNeutralForeground2 },
});

/** Number of names listed before "and N more". */
const namesShown = 5;

/**
 * Grants the selected people access: role assignments (scope and roles the caller may grant),
 * an optional expiry and a reason. The API grants all of them or none.
 */
export function GrantAccessDialog({
  people,
  open,
  onOpenChange,
  onGranted,
}: {
  people: Person[];
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onGranted: (users: User[]) => void;
}) {
  const styles = useStyles();
  return (
    <Dialog open={open} onOpenChange={(_, data) => onOpenChange(data.open)}>
      <DialogSurface className={styles.surface}>
        <GrantForm people={people} onGranted={onGranted} />
      </DialogSurface>
    </Dialog>
  );
}

function GrantForm({ people, onGranted }: { people: Person[]; onGranted: (users: User[]) => void }) {
  const styles = useStyles();
  const { options, error, retry } = useAssignmentOptions(
    "users:grant",
    people.map((person) => person.tenantId),
  );
  const grant = useGrantAccess();
  const [draft, setDraft] = useState<AssignmentDraft | null>(null);
  const [expiry, setExpiry] = useState("");
  const [reason, setReason] = useState("");
  const [problems, setProblems] = useState<{ roles?: string | undefined; expiry?: string | undefined }>({});

  const current = draft ?? options?.defaultDraft ?? null;
  const single = people.length === 1 ? people[0] : undefined;
  const tenantNames = [...new Set(people.map((person) => person.tenantName))];

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!options || !current) {
      return;
    }
    const next = { roles: draftProblem(current, options) ?? undefined, expiry: expiryProblem(expiry) };
    setProblems(next);
    if (next.roles || next.expiry) {
      return;
    }
    grant.mutate(
      {
        personIds: people.map((person) => person.id),
        assignments: draftRequests(current, ""),
        expiresAt: expiry ? endOfLocalDay(expiry) : undefined,
        reason: reason.trim() || undefined,
      },
      { onSuccess: (result) => onGranted(result.items) },
    );
  };

  const names = people.slice(0, namesShown).map((person) => person.displayName);
  const more = people.length - names.length;
  return (
    <form onSubmit={handleSubmit} noValidate>
      <DialogBody>
        <DialogTitle>
          {single ? `Grant access to ${single.displayName}` : `Grant access to ${people.length} people`}
        </DialogTitle>
        <DialogContent className={styles.content}>
          <Text className={styles.who}>
            {names.join(", ")}
            {more > 0 && ` and ${more} more`} ({tenantNames.join(", ")})
          </Text>
          {options && current ? (
            <>
              <AssignmentFields
                options={options}
                value={current}
                onChange={(next) => {
                  setDraft(next);
                  setProblems((old) => ({ ...old, roles: undefined }));
                }}
                ownTenantName={tenantNames.length === 1 ? tenantNames[0] : undefined}
                rolesError={problems.roles}
              />
              <ExpiryField value={expiry} onChange={setExpiry} validationMessage={problems.expiry} />
              <Field label="Reason" hint="Why these people need access. The audit trail records it.">
                <Textarea value={reason} onChange={(_, data) => setReason(data.value)} maxLength={maxReasonLength} />
              </Field>
              {grant.isError && <ActionError error={grant.error} />}
            </>
          ) : (
            <AssignmentOptionsState error={error} onRetry={retry} />
          )}
        </DialogContent>
        <DialogActions>
          <DialogTrigger disableButtonEnhancement>
            <Button appearance="secondary">Cancel</Button>
          </DialogTrigger>
          <Button type="submit" appearance="primary" disabled={!options || grant.isPending}>
            {grant.isPending ? "Granting…" : "Grant access"}
          </Button>
        </DialogActions>
      </DialogBody>
    </form>
  );
}
