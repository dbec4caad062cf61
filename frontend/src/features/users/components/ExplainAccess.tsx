import {
  Badge,
  Dropdown,
  Field,
  Option,
  Switch,
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
import { useState } from "react";
import type { PermissionExplanation, PermissionInfo, RoleAssignment } from "../../../api/types";
import { scopePhrase } from "../../../components/access/scopes";
import { EmptyState, ErrorState, LoadingState } from "../../../components/states";
import { useDataTableStyles } from "../../../components/tableStyles";
import { usePermissions } from "../../../lib/permissions";
import { usePermissionCatalogue } from "../../../lib/roles";
import { useTenantList } from "../../../lib/tenant-scope";
import { useExplainAccess } from "../api/useExplainAccess";

const useStyles = makeStyles({
  explain: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  controls: { display: "flex", alignItems: "flex-end", gap: tokens.spacingHorizontalL, flexWrap: "wrap" },
  secondary: { color: tokens.colorNeutralForeground3 },
  list: { margin: 0, padding: 0, listStyleType: "none", display: "flex", flexDirection: "column" },
  wrap: { whiteSpace: "normal", minWidth: "220px" },
});

/**
 * "Explain access": for a tenant the viewer picks, whether the user holds each permission there,
 * which role assignments allow or deny it, and which one decides (a deny wins).
 */
export function ExplainAccess({ userId, defaultTenantId }: { userId: string; defaultTenantId: string }) {
  const styles = useStyles();
  const tenants = useTenantList();
  const permissions = usePermissions();
  const catalogue = usePermissionCatalogue({ enabled: permissions.can("roles:read") });
  const options = tenants.data?.tenants ?? [];
  const [chosen, setChosen] = useState<string | null>(null);
  const tenantId =
    chosen ?? (options.some((tenant) => tenant.id === defaultTenantId) ? defaultTenantId : (options[0]?.id ?? null));
  const [onlyAllowed, setOnlyAllowed] = useState(false);
  const explanation = useExplainAccess(userId, tenantId);

  const tenantName = options.find((tenant) => tenant.id === tenantId)?.name ?? "";
  const rows = (explanation.data?.permissions ?? []).filter((row) => !onlyAllowed || row.allowed);

  return (
    <div className={styles.explain}>
      <div className={styles.controls}>
        <Field label="Tenant to explain">
          <Dropdown
            value={tenantName}
            selectedOptions={tenantId ? [tenantId] : []}
            onOptionSelect={(_, data) => setChosen(data.optionValue ?? null)}
            disabled={tenants.isPending || tenants.isError}
          >
            {options.map((tenant) => (
              <Option key={tenant.id} value={tenant.id}>
                {tenant.name}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Switch
          label="Only allowed permissions"
          checked={onlyAllowed}
          onChange={(_, data) => setOnlyAllowed(data.checked)}
        />
      </div>
      {tenants.isError ? (
        <ErrorState error={tenants.error} onRetry={() => void tenants.refetch()} />
      ) : tenantId === null ? (
        tenants.isPending ? (
          <LoadingState label="Loading tenants…" />
        ) : (
          <EmptyState title="No tenant to explain" />
        )
      ) : explanation.isPending ? (
        <LoadingState label="Explaining access…" />
      ) : explanation.isError ? (
        <ErrorState error={explanation.error} onRetry={() => void explanation.refetch()} />
      ) : (
        <>
          {explanation.data.status !== "active" && (
            <Text>
              This user is {explanation.data.status}, so they hold nothing now; the table shows what their assignments
              would give them.
            </Text>
          )}
          <ExplanationTable tenantName={tenantName} rows={rows} catalogue={catalogue.data ?? []} />
        </>
      )}
    </div>
  );
}

function ExplanationTable({
  tenantName,
  rows,
  catalogue,
}: {
  tenantName: string;
  rows: PermissionExplanation[];
  catalogue: PermissionInfo[];
}) {
  const styles = useStyles();
  const tableStyles = useDataTableStyles();
  return (
    <div className={tableStyles.scroll}>
      <Table aria-label={`Access in ${tenantName}`} size="small" className={tableStyles.table}>
        <TableHeader>
          <TableRow className={tableStyles.nowrap}>
            <TableHeaderCell>Permission</TableHeaderCell>
            <TableHeaderCell>Decision</TableHeaderCell>
            <TableHeaderCell>Decided by</TableHeaderCell>
            <TableHeaderCell>Allowed by</TableHeaderCell>
            <TableHeaderCell>Denied by</TableHeaderCell>
            <TableHeaderCell>Why</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((row) => {
            const info = catalogue.find((entry) => entry.permission === row.permission);
            const winner = [...row.denies, ...row.allows].find((assignment) => assignment.id === row.winner);
            return (
              <TableRow key={row.permission}>
                <TableCell className={tableStyles.nowrap}>
                  <Text weight="semibold">{row.permission}</Text>
                  {info && (
                    <Text size={200} className={styles.secondary}>
                      {" "}
                      {info.displayName}
                    </Text>
                  )}
                </TableCell>
                <TableCell>
                  <Badge appearance="tint" color={row.allowed ? "success" : "danger"}>
                    {row.allowed ? "Allowed" : "Denied"}
                  </Badge>
                </TableCell>
                <TableCell>{winner ? assignmentLabel(winner) : <span className={styles.secondary}>—</span>}</TableCell>
                <TableCell>
                  <AssignmentList assignments={row.allows} />
                </TableCell>
                <TableCell>
                  <AssignmentList assignments={row.denies} />
                </TableCell>
                <TableCell className={styles.wrap}>{row.reason}</TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}

function AssignmentList({ assignments }: { assignments: RoleAssignment[] }) {
  const styles = useStyles();
  if (assignments.length === 0) {
    return <span className={styles.secondary}>—</span>;
  }
  return (
    <ul className={styles.list}>
      {assignments.map((assignment) => (
        <li key={assignment.id}>{assignmentLabel(assignment)}</li>
      ))}
    </ul>
  );
}

function assignmentLabel(assignment: RoleAssignment): string {
  return `${assignment.roleName} in ${scopePhrase(assignment.scope)} (${assignment.effect})`;
}
