import { Field, Textarea, makeStyles, tokens } from "@fluentui/react-components";
import { useState, type FormEvent, type ReactNode } from "react";
import type { AccessRequest } from "../../../api/types";
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
import { usePermissions } from "../../../lib/permissions";
import { settingValue, useSettings } from "../../../lib/settings";
import type { useGrantAccessRequest } from "../api/useDecideAccessRequest";
import { GrantExpiryField } from "./GrantExpiryField";
import { expiryChoiceProblem, expiryPresets, expiryRequest, isExpiryPreset, type ExpiryChoice } from "./grantExpiry";

const useStyles = makeStyles({
  fields: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
});

/** The permission a reviewer needs, across each assignment's scope, to grant a request. */
export const decidePermission = "access-requests:decide";

/**
 * The grant part of a review: role assignments limited to what the caller may grant (a
 * customer-tenant requester only in their own tenant), an expiry defaulting to the setting, and
 * a note the requester sees. layout places the fields and the submit controls, so that the same
 * form serves the review page and the queue's dialog. The owner of grant keeps its outcome, such
 * as a 409 from a reviewer who decided first, after this form unmounts.
 */
export function GrantRequestForm({
  request,
  grant,
  onGranted,
  layout,
}: {
  request: AccessRequest;
  grant: ReturnType<typeof useGrantAccessRequest>;
  onGranted?: () => void;
  layout: (parts: { fields: ReactNode; ready: boolean; pending: boolean }) => ReactNode;
}) {
  const styles = useStyles();
  const permissions = usePermissions();
  const { options, error, retry } = useAssignmentOptions(decidePermission, [request.tenantId]);
  const settings = useSettings({ enabled: permissions.can("settings:read") });
  const [draft, setDraft] = useState<AssignmentDraft | null>(null);
  const [expiry, setExpiry] = useState<{ choice: ExpiryChoice; day: string } | null>(null);
  const [note, setNote] = useState("");
  const [problems, setProblems] = useState<{ roles?: string | undefined; expiry?: string | undefined }>({});

  const configured = settingValue(settings.data, "accessRequests.defaultGrantExpiry");
  const defaultPreset = isExpiryPreset(configured) ? configured : null;
  const current = draft ?? options?.defaultDraft ?? null;
  const currentExpiry = expiry ?? { choice: defaultPreset ?? "default", day: "" };
  const defaultLabel = expiryPresets.find((preset) => preset.value === defaultPreset)?.label ?? null;

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!options || !current) {
      return;
    }
    const next = {
      roles: draftProblem(current, options) ?? undefined,
      expiry: expiryChoiceProblem(currentExpiry.choice, currentExpiry.day),
    };
    setProblems(next);
    if (next.roles || next.expiry) {
      return;
    }
    grant.mutate(
      {
        requestId: request.id,
        grant: {
          assignments: draftRequests(current, ""),
          ...expiryRequest(currentExpiry.choice, currentExpiry.day),
          note: note.trim() || undefined,
        },
      },
      { onSuccess: onGranted },
    );
  };

  const fields =
    options && current ? (
      <div className={styles.fields}>
        <AssignmentFields
          options={options}
          value={current}
          onChange={(next) => {
            setDraft(next);
            setProblems((old) => ({ ...old, roles: undefined }));
          }}
          ownTenantName={request.tenantName || undefined}
          rolesError={problems.roles}
        />
        <GrantExpiryField
          choice={currentExpiry.choice}
          day={currentExpiry.day}
          onChange={(choice, day) => {
            setExpiry({ choice, day });
            setProblems((old) => ({ ...old, expiry: undefined }));
          }}
          defaultLabel={defaultLabel}
          validationMessage={problems.expiry}
        />
        <Field label="Note" hint={`Optional. Recorded with the grant, and ${request.displayName} sees it.`}>
          <Textarea value={note} onChange={(_, data) => setNote(data.value)} maxLength={maxReasonLength} />
        </Field>
        {grant.isError && <ActionError error={grant.error} />}
      </div>
    ) : (
      <AssignmentOptionsState error={error} onRetry={retry} />
    );

  return (
    <form onSubmit={handleSubmit} noValidate>
      {layout({ fields, ready: Boolean(options && current), pending: grant.isPending })}
    </form>
  );
}
