import {
  Badge,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { DeleteRegular } from "@fluentui/react-icons";
import { useState } from "react";
import type { RoleAssignment } from "../../api/types";
import { useDeleteAssignment } from "../../lib/assignments";
import { formatDateTime } from "../../lib/format";
import { useMe } from "../../lib/me";
import { missingPermission, usePermissions, type Permissions } from "../../lib/permissions";
import { GuardedButton } from "../GuardedButton";
import { ReasonDialog } from "../ReasonDialog";
import { RouterLink } from "../RouterLink";
import { useDataTableStyles } from "../tableStyles";
import { describeScope, scopePhrase } from "./scopes";

const useStyles = makeStyles({
  secondary: { color: tokens.colorNeutralForeground3 },
  reason: { display: "block", maxWidth: "280px", overflow: "hidden", textOverflow: "ellipsis" },
});

const managePermission = "role-assignments:manage";

/**
 * Renders role assignments with their role, scope, effect and provenance, and a Remove action
 * that prompts for a reason. holderTenantId, when every row belongs to one holder, lets "own
 * tenant" scopes be checked before any request.
 */
export function AssignmentsTable({
  label,
  assignments,
  showHolder = false,
  showRole = true,
  holderTenantId,
}: {
  label: string;
  assignments: RoleAssignment[];
  showHolder?: boolean;
  showRole?: boolean;
  holderTenantId?: string;
}) {
  const styles = useStyles();
  const tableStyles = useDataTableStyles();
  const permissions = usePermissions();
  const me = useMe();
  const [removing, setRemoving] = useState<RoleAssignment | null>(null);
  const deleteAssignment = useDeleteAssignment();

  const closeDialog = (open: boolean) => {
    if (!open) {
      setRemoving(null);
      deleteAssignment.reset();
    }
  };

  return (
    <>
      <div className={tableStyles.scroll}>
        <Table aria-label={label} size="small" className={tableStyles.table}>
          <TableHeader>
            <TableRow className={tableStyles.nowrap}>
              {showHolder && <TableHeaderCell>Holder</TableHeaderCell>}
              {showRole && <TableHeaderCell>Role</TableHeaderCell>}
              <TableHeaderCell>Scope</TableHeaderCell>
              <TableHeaderCell>Effect</TableHeaderCell>
              <TableHeaderCell>Assigned by</TableHeaderCell>
              <TableHeaderCell>Assigned</TableHeaderCell>
              <TableHeaderCell>Reason</TableHeaderCell>
              <TableHeaderCell>
                <span className={styles.secondary}>Actions</span>
              </TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {assignments.map((assignment) => (
              <TableRow key={assignment.id} className={tableStyles.nowrap}>
                {showHolder && (
                  <TableCell>
                    <RouterLink to={holderPath(assignment)}>
                      {assignment.principalName || assignment.principalId}
                    </RouterLink>
                    {assignment.principalType === "client" && (
                      <Text size={200} className={styles.secondary}>
                        {" "}
                        (API client)
                      </Text>
                    )}
                  </TableCell>
                )}
                {showRole && (
                  <TableCell>
                    <RouterLink to={`/roles/${assignment.roleId}`}>{assignment.roleName}</RouterLink>
                  </TableCell>
                )}
                <TableCell>{describeScope(assignment.scope)}</TableCell>
                <TableCell>
                  <Badge appearance="tint" color={assignment.effect === "deny" ? "danger" : "success"}>
                    {assignment.effect === "deny" ? "Deny" : "Allow"}
                  </Badge>
                </TableCell>
                <TableCell>{assignment.assignedByName || assignment.assignedBy}</TableCell>
                <TableCell>{formatDateTime(assignment.assignedAt)}</TableCell>
                <TableCell>
                  {assignment.reason ? (
                    <span className={styles.reason} title={assignment.reason}>
                      {assignment.reason}
                    </span>
                  ) : (
                    <span className={styles.secondary}>—</span>
                  )}
                </TableCell>
                <TableCell>
                  <GuardedButton
                    size="small"
                    icon={<DeleteRegular />}
                    aria-label={`Remove ${assignment.roleName} from ${assignment.principalName || "holder"}, ${describeScope(assignment.scope)}`}
                    disabledReason={removalRefusal(assignment, permissions, me.data?.userId, holderTenantId)}
                    onClick={() => setRemoving(assignment)}
                  >
                    Remove
                  </GuardedButton>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <ReasonDialog
        open={removing !== null}
        onOpenChange={closeDialog}
        title="Remove role assignment"
        confirmLabel="Remove assignment"
        destructive
        pending={deleteAssignment.isPending}
        error={deleteAssignment.error}
        onConfirm={(reason) =>
          removing && deleteAssignment.mutate({ id: removing.id, reason }, { onSuccess: () => closeDialog(false) })
        }
      >
        {removing
          ? `${removing.principalName || "The holder"} loses the ${removing.effect} of the ${removing.roleName} role in ${scopePhrase(removing.scope)}.`
          : ""}
      </ReasonDialog>
    </>
  );
}

function holderPath(assignment: RoleAssignment): string {
  return assignment.principalType === "client"
    ? `/api-clients/${assignment.principalId}`
    : `/users/${assignment.principalId}`;
}

/** Returns why the caller may not remove assignment, or null when the API should allow it. */
export function removalRefusal(
  assignment: RoleAssignment,
  permissions: Permissions,
  myUserId: string | undefined,
  holderTenantId: string | undefined,
): string | null {
  if (assignment.principalType === "user" && assignment.principalId === myUserId) {
    return "You cannot change your own access. Ask another administrator.";
  }
  switch (assignment.scope.type) {
    case "all":
      return permissions.canEverywhere(managePermission) ? null : missingPermission(managePermission, "everywhere");
    case "tenant":
      return permissions.can(managePermission, assignment.scope.tenantId) ? null : missingPermission(managePermission);
    case "own":
      return permissions.can(managePermission, holderTenantId) ? null : missingPermission(managePermission);
    case "tag":
      // The tenants carrying the tag are not known here; the API checks each of them.
      return permissions.can(managePermission) ? null : missingPermission(managePermission, "anywhere");
  }
}
