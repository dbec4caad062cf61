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
import { AddRegular } from "@fluentui/react-icons";
import { useState } from "react";
import { useNavigate } from "react-router";
import type { PermissionInfo, Role } from "../../../api/types";
import { GuardedButton } from "../../../components/GuardedButton";
import { PageHeader } from "../../../components/PageHeader";
import { RouterLink } from "../../../components/RouterLink";
import { EmptyState, ErrorState, LoadingState } from "../../../components/states";
import { useDataTableStyles } from "../../../components/tableStyles";
import { missingPermission, usePermissions } from "../../../lib/permissions";
import { usePermissionCatalogue, useRoleList } from "../../../lib/roles";
import { CreateRoleDialog } from "./CreateRoleDialog";

const useStyles = makeStyles({
  secondary: { color: tokens.colorNeutralForeground3 },
  description: { whiteSpace: "normal", minWidth: "280px" },
});

export function RolesPage() {
  const navigate = useNavigate();
  const permissions = usePermissions();
  const roles = useRoleList();
  const catalogue = usePermissionCatalogue();
  const [creating, setCreating] = useState(false);

  const createButton = (
    <GuardedButton
      appearance="primary"
      icon={<AddRegular />}
      disabledReason={
        permissions.canEverywhere("roles:manage") ? null : missingPermission("roles:manage", "everywhere")
      }
      onClick={() => setCreating(true)}
    >
      Create role
    </GuardedButton>
  );

  return (
    <>
      <PageHeader
        title="Roles"
        subtitle={<Text>Named sets of permissions. Built-in roles cannot be changed; clone one to adapt it.</Text>}
        actions={createButton}
      />
      <CreateRoleDialog
        open={creating}
        onOpenChange={setCreating}
        onCreated={(role) => void navigate(`/roles/${role.id}`)}
      />
      {roles.isPending ? (
        <LoadingState label="Loading roles…" />
      ) : roles.isError ? (
        <ErrorState error={roles.error} onRetry={() => void roles.refetch()} />
      ) : roles.data.length === 0 ? (
        <EmptyState title="No roles" />
      ) : (
        <RolesTable roles={roles.data} catalogue={catalogue.data ?? []} />
      )}
    </>
  );
}

function RolesTable({ roles, catalogue }: { roles: Role[]; catalogue: PermissionInfo[] }) {
  const styles = useStyles();
  const tableStyles = useDataTableStyles();
  const highRisk = new Set(catalogue.filter((info) => info.highRisk).map((info) => info.permission));
  return (
    <div className={tableStyles.scroll}>
      <Table aria-label="Roles" size="small" className={tableStyles.table}>
        <TableHeader>
          <TableRow className={tableStyles.nowrap}>
            <TableHeaderCell>Name</TableHeaderCell>
            <TableHeaderCell>Type</TableHeaderCell>
            <TableHeaderCell>Description</TableHeaderCell>
            <TableHeaderCell>Permissions</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {roles.map((role) => {
            const risky = role.permissions.filter((permission) => highRisk.has(permission)).length;
            return (
              <TableRow key={role.id}>
                <TableCell className={tableStyles.nowrap}>
                  <RouterLink to={`/roles/${role.id}`}>{role.name}</RouterLink>
                </TableCell>
                <TableCell>
                  {role.builtin ? (
                    <Badge appearance="tint" color="informative">
                      Built-in
                    </Badge>
                  ) : (
                    <Badge appearance="outline">Custom</Badge>
                  )}
                </TableCell>
                <TableCell className={styles.description}>
                  {role.description || <span className={styles.secondary}>—</span>}
                </TableCell>
                <TableCell className={tableStyles.nowrap}>
                  {role.permissions.length}
                  {risky > 0 && <span className={styles.secondary}> ({risky} high risk)</span>}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}
