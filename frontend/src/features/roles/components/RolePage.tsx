import {
  Badge,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Text,
  Title3,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { CopyRegular, DeleteRegular } from "@fluentui/react-icons";
import { useState } from "react";
import { useNavigate, useParams } from "react-router";
import { isApiError } from "../../../api/errors";
import type { Role } from "../../../api/types";
import { AssignmentsTable } from "../../../components/access/AssignmentsTable";
import { GuardedButton } from "../../../components/GuardedButton";
import { PageHeader } from "../../../components/PageHeader";
import { ProblemPage } from "../../../components/ProblemPage";
import { RouterLink } from "../../../components/RouterLink";
import { ActionError, EmptyState, ErrorState, LoadingState } from "../../../components/states";
import { missingPermission, usePermissions } from "../../../lib/permissions";
import { usePermissionCatalogue } from "../../../lib/roles";
import { useRole, type VersionedRole } from "../api/role";
import { useDeleteRole } from "../api/useDeleteRole";
import { CreateRoleDialog } from "./CreateRoleDialog";
import { PermissionCatalogue } from "./PermissionCatalogue";
import { RoleEditor } from "./RoleEditor";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXL, maxWidth: "1100px" },
  actions: { display: "flex", gap: tokens.spacingHorizontalS },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  subtitle: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center" },
});

export function RolePage() {
  const { roleId = "" } = useParams();
  const role = useRole(roleId);

  if (role.isPending) {
    return <LoadingState label="Loading role…" />;
  }
  if (role.isError) {
    if (isApiError(role.error) && (role.error.status === 404 || role.error.status === 403)) {
      return <ProblemPage error={role.error} />;
    }
    return <ErrorState error={role.error} onRetry={() => void role.refetch()} />;
  }
  return <RoleView versioned={role.data} onReload={() => void role.refetch()} />;
}

function RoleView({ versioned, onReload }: { versioned: VersionedRole; onReload: () => void }) {
  const styles = useStyles();
  const navigate = useNavigate();
  const permissions = usePermissions();
  const catalogue = usePermissionCatalogue();
  const { role } = versioned;
  const [dialog, setDialog] = useState<"clone" | "delete" | null>(null);
  const manageRefusal = permissions.canEverywhere("roles:manage")
    ? null
    : missingPermission("roles:manage", "everywhere");

  const actions = (
    <div className={styles.actions}>
      <GuardedButton icon={<CopyRegular />} disabledReason={manageRefusal} onClick={() => setDialog("clone")}>
        Clone
      </GuardedButton>
      {!role.builtin && (
        <GuardedButton icon={<DeleteRegular />} disabledReason={manageRefusal} onClick={() => setDialog("delete")}>
          Delete
        </GuardedButton>
      )}
    </div>
  );
  const subtitle = (
    <span className={styles.subtitle}>
      {role.builtin ? (
        <Badge appearance="tint" color="informative">
          Built-in
        </Badge>
      ) : (
        <Badge appearance="outline">Custom</Badge>
      )}
      <Text>{role.description}</Text>
    </span>
  );

  return (
    <div className={styles.page}>
      <PageHeader title={role.name} subtitle={subtitle} actions={actions} />
      {role.builtin && (
        <MessageBar intent="info">
          <MessageBarBody>
            <MessageBarTitle>Built-in roles cannot be changed or deleted</MessageBarTitle>
            Clone this role to make a custom role that you can edit.
          </MessageBarBody>
        </MessageBar>
      )}

      <section className={styles.section} aria-labelledby="role-permissions">
        <Title3 as="h2" id="role-permissions">
          Permissions
        </Title3>
        {catalogue.isPending ? (
          <LoadingState label="Loading permissions…" />
        ) : catalogue.isError ? (
          <ErrorState error={catalogue.error} onRetry={() => void catalogue.refetch()} />
        ) : !role.builtin && !manageRefusal ? (
          <RoleEditor key={versioned.etag} versioned={versioned} catalogue={catalogue.data} onReload={onReload} />
        ) : (
          <>
            {!role.builtin && <Text>{manageRefusal}</Text>}
            <PermissionCatalogue catalogue={catalogue.data} selected={new Set(role.permissions)} />
          </>
        )}
      </section>

      <section className={styles.section} aria-labelledby="role-holders">
        <Title3 as="h2" id="role-holders">
          Holders
        </Title3>
        <Holders role={role} canRead={permissions.can("role-assignments:read")} />
      </section>

      <CreateRoleDialog
        open={dialog === "clone"}
        from={role}
        onOpenChange={(open) => !open && setDialog(null)}
        onCreated={(created) => {
          setDialog(null);
          void navigate(`/roles/${created.id}`);
        }}
      />
      <DeleteRoleDialog
        role={role}
        open={dialog === "delete"}
        onOpenChange={(open) => !open && setDialog(null)}
        onDeleted={() => void navigate("/roles")}
      />
    </div>
  );
}

function Holders({ role, canRead }: { role: Role; canRead: boolean }) {
  if (!canRead) {
    return <Text>{missingPermission("role-assignments:read", "anywhere")}</Text>;
  }
  const assignments = role.assignments ?? [];
  if (assignments.length === 0) {
    return <EmptyState title="Nobody holds this role" />;
  }
  return <AssignmentsTable label={`Holders of ${role.name}`} assignments={assignments} showHolder showRole={false} />;
}

function DeleteRoleDialog({
  role,
  open,
  onOpenChange,
  onDeleted,
}: {
  role: Role;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onDeleted: () => void;
}) {
  const deleteRole = useDeleteRole(role.id);
  const inUse = isApiError(deleteRole.error) && deleteRole.error.status === 409;

  return (
    <Dialog
      open={open}
      onOpenChange={(_, data) => {
        if (!data.open) {
          deleteRole.reset();
        }
        onOpenChange(data.open);
      }}
    >
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Delete {role.name}</DialogTitle>
          <DialogContent>
            <Text>A role can be deleted only while nobody holds it. This cannot be undone.</Text>
            {deleteRole.isError && <ActionError error={deleteRole.error} />}
            {inUse && (
              <RouterLink to={{ pathname: "/role-assignments", search: `?role=${role.id}` }}>
                See who holds {role.name}
              </RouterLink>
            )}
          </DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button appearance="secondary">Cancel</Button>
            </DialogTrigger>
            <Button
              appearance="primary"
              disabled={deleteRole.isPending}
              onClick={() => deleteRole.mutate(undefined, { onSuccess: onDeleted })}
            >
              Delete role
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
