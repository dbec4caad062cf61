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
  Textarea,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useState, type FormEvent } from "react";
import { useCreateAssignments } from "../../lib/assignments";
import { maxReasonLength } from "../ReasonDialog";
import { ActionError } from "../states";
import {
  AssignmentFields,
  AssignmentOptionsState,
  draftProblem,
  draftRequests,
  useAssignmentOptions,
  type AssignmentDraft,
} from "./AssignmentFields";

const useStyles = makeStyles({
  content: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
});

/** Adds role assignments to one user or API client: scope, roles, allow or deny, and a reason. */
export function AddAssignmentDialog({
  open,
  onOpenChange,
  principalType,
  principalId,
  holderName,
  holderTenantId,
  ownTenantName,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  principalType: "user" | "client";
  principalId: string;
  holderName: string;
  holderTenantId: string;
  ownTenantName?: string | undefined;
}) {
  return (
    <Dialog open={open} onOpenChange={(_, data) => onOpenChange(data.open)}>
      <DialogSurface>
        <AddAssignmentForm
          principalType={principalType}
          principalId={principalId}
          holderName={holderName}
          holderTenantId={holderTenantId}
          ownTenantName={ownTenantName}
          onDone={() => onOpenChange(false)}
        />
      </DialogSurface>
    </Dialog>
  );
}

function AddAssignmentForm({
  principalType,
  principalId,
  holderName,
  holderTenantId,
  ownTenantName,
  onDone,
}: {
  principalType: "user" | "client";
  principalId: string;
  holderName: string;
  holderTenantId: string;
  ownTenantName?: string | undefined;
  onDone: () => void;
}) {
  const styles = useStyles();
  const { options, error, retry } = useAssignmentOptions("role-assignments:manage", [holderTenantId]);
  const [draft, setDraft] = useState<AssignmentDraft | null>(null);
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState<string | undefined>();
  const create = useCreateAssignments();

  const current = draft ?? options?.defaultDraft ?? null;

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!options || !current) {
      return;
    }
    const blocker = draftProblem(current, options);
    if (blocker) {
      setProblem(blocker);
      return;
    }
    setProblem(undefined);
    const items = draftRequests(current, reason.trim()).map((item) => ({ ...item, principalType, principalId }));
    create.mutate(items, { onSuccess: onDone });
  };

  return (
    <form onSubmit={handleSubmit} noValidate>
      <DialogBody>
        <DialogTitle>Add role assignment for {holderName}</DialogTitle>
        <DialogContent className={styles.content}>
          {options && current ? (
            <>
              <AssignmentFields
                options={options}
                value={current}
                onChange={(next) => {
                  setDraft(next);
                  setProblem(undefined);
                }}
                showEffect
                ownTenantName={ownTenantName}
                rolesError={problem}
              />
              <Field label="Reason" hint="Optional. The audit trail records it.">
                <Textarea value={reason} onChange={(_, data) => setReason(data.value)} maxLength={maxReasonLength} />
              </Field>
              {create.isError && <ActionError error={create.error} />}
            </>
          ) : (
            <AssignmentOptionsState error={error} onRetry={retry} />
          )}
        </DialogContent>
        <DialogActions>
          <DialogTrigger disableButtonEnhancement>
            <Button appearance="secondary">Cancel</Button>
          </DialogTrigger>
          <Button type="submit" appearance="primary" disabled={!options || create.isPending}>
            {create.isPending ? "Adding…" : "Add assignment"}
          </Button>
        </DialogActions>
      </DialogBody>
    </form>
  );
}
