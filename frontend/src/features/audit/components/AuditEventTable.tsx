import {
  Button,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Tooltip,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { ChevronDownRegular, ChevronRightRegular, FilterRegular } from "@fluentui/react-icons";
import { Fragment, useState } from "react";
import type { AuditEvent } from "../../../api/types";
import { RouterLink } from "../../../components/RouterLink";
import { useDataTableStyles } from "../../../components/tableStyles";
import { formatDateTime } from "../../../lib/format";
import { AuditEventDetails } from "./AuditEventDetails";
import { targetPath } from "./targets";

const useStyles = makeStyles({
  action: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  cell: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
  line: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalXXS },
  impersonated: { color: tokens.colorPaletteDarkOrangeForeground2, fontWeight: tokens.fontWeightSemibold },
  secondary: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  reason: { display: "block", maxWidth: "280px", overflowWrap: "anywhere" },
  details: { backgroundColor: tokens.colorNeutralBackground2 },
});

/** The columns a table shows; an activity list leaves out the target, which is its subject. */
export type AuditColumn = "target" | "tenant";

/** Narrows the list to one actor or one impersonator, with the name to show for the filter. */
export type IdFilter = { field: "actorId" | "impersonatorId"; id: string; name: string };

/**
 * Audit events, newest first, each with a Details button that opens what changed and where the
 * request came from. tenantNames maps tenant ids to names for the tenant column. With onFilter,
 * actors and impersonators get a button that narrows the list to their events.
 */
export function AuditEventTable({
  label,
  events,
  columns = ["target", "tenant"],
  tenantNames = new Map(),
  onFilter,
}: {
  label: string;
  events: AuditEvent[];
  columns?: AuditColumn[];
  tenantNames?: ReadonlyMap<string, string>;
  onFilter?: (filter: IdFilter) => void;
}) {
  const styles = useStyles();
  const tableStyles = useDataTableStyles();
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const columnCount = 5 + columns.length;

  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(id)) {
        next.add(id);
      }
      return next;
    });

  return (
    <div className={tableStyles.scroll}>
      <Table aria-label={label} size="small" className={tableStyles.table}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Time</TableHeaderCell>
            <TableHeaderCell>Action</TableHeaderCell>
            <TableHeaderCell>Actor</TableHeaderCell>
            {columns.includes("target") && <TableHeaderCell>Target</TableHeaderCell>}
            {columns.includes("tenant") && <TableHeaderCell>Tenant</TableHeaderCell>}
            <TableHeaderCell>Reason</TableHeaderCell>
            <TableHeaderCell>
              <span className={tableStyles.nowrap}>Details</span>
            </TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {events.map((event) => {
            const expanded = open.has(event.id);
            return (
              <Fragment key={event.id}>
                <TableRow>
                  <TableCell className={tableStyles.nowrap}>
                    <time dateTime={event.occurredAt}>{formatDateTime(event.occurredAt)}</time>
                  </TableCell>
                  <TableCell>
                    <span className={styles.cell}>
                      <span className={styles.action}>{event.action}</span>
                      {requestSummary(event) && <span className={styles.secondary}>{requestSummary(event)}</span>}
                    </span>
                  </TableCell>
                  <TableCell>
                    <Actor event={event} onFilter={onFilter} />
                  </TableCell>
                  {columns.includes("target") && (
                    <TableCell>
                      <Target event={event} />
                    </TableCell>
                  )}
                  {columns.includes("tenant") && (
                    <TableCell className={tableStyles.nowrap}>
                      {event.tenantId ? (tenantNames.get(event.tenantId) ?? event.tenantId) : "—"}
                    </TableCell>
                  )}
                  <TableCell>
                    <span className={styles.reason}>{event.reason || "—"}</span>
                  </TableCell>
                  <TableCell>
                    <Button
                      appearance="subtle"
                      size="small"
                      icon={expanded ? <ChevronDownRegular /> : <ChevronRightRegular />}
                      aria-expanded={expanded}
                      aria-label={`Details of ${event.action} at ${formatDateTime(event.occurredAt)}`}
                      onClick={() => toggle(event.id)}
                    />
                  </TableCell>
                </TableRow>
                {expanded && (
                  <TableRow className={styles.details}>
                    <TableCell colSpan={columnCount}>
                      <AuditEventDetails event={event} />
                    </TableCell>
                  </TableRow>
                )}
              </Fragment>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}

function Actor({ event, onFilter }: { event: AuditEvent; onFilter?: (filter: IdFilter) => void }) {
  const styles = useStyles();
  const name = event.actorName || event.actorId;
  const impersonator = event.impersonatorName || event.impersonatorId || "";
  return (
    <span className={styles.cell}>
      <span className={styles.line}>
        <Text>
          {name}
          {event.actorType !== "user" && (
            <span className={styles.secondary}> ({actorTypeLabels[event.actorType]})</span>
          )}
        </Text>
        {onFilter && (
          <FilterButton
            label={`Only events by ${name}`}
            onClick={() => onFilter({ field: "actorId", id: event.actorId, name })}
          />
        )}
      </span>
      {event.impersonatorId && (
        <span className={styles.line}>
          <Text size={200} className={styles.impersonated}>
            Impersonated by {impersonator}
          </Text>
          {onFilter && (
            <FilterButton
              label={`Only events impersonated by ${impersonator}`}
              onClick={() => onFilter({ field: "impersonatorId", id: event.impersonatorId ?? "", name: impersonator })}
            />
          )}
        </span>
      )}
    </span>
  );
}

function FilterButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Tooltip content={label} relationship="label" withArrow>
      <Button appearance="transparent" size="small" icon={<FilterRegular />} onClick={onClick} />
    </Tooltip>
  );
}

const actorTypeLabels: Record<AuditEvent["actorType"], string> = {
  user: "user",
  client: "API client",
  system: "system",
};

function Target({ event }: { event: AuditEvent }) {
  const styles = useStyles();
  const path = targetPath(event);
  const name = event.targetName || event.targetId;
  return (
    <span className={styles.cell}>
      {path ? <RouterLink to={path}>{name}</RouterLink> : <Text>{name}</Text>}
      <span className={styles.secondary}>{event.targetType}</span>
    </span>
  );
}

/**
 * Returns "PATCH /api/v1/people/:id → 403" for an event that records an HTTP request, such as
 * each request made while impersonating, or null for other events.
 */
function requestSummary(event: AuditEvent): string | null {
  const after: unknown = event.after;
  if (typeof after !== "object" || after === null) {
    return null;
  }
  const { method, route, status } = after as Record<string, unknown>;
  if (typeof method !== "string" || typeof route !== "string") {
    return null;
  }
  return typeof status === "number" ? `${method} ${route} → ${status}` : `${method} ${route}`;
}
