import { Button, Text, makeStyles, tokens } from "@fluentui/react-components";
import { ArrowDownloadRegular } from "@fluentui/react-icons";
import { useEffect, useMemo, useState } from "react";
import { useSearchParams } from "react-router";
import { PageHeader } from "../../../components/PageHeader";
import { Pager } from "../../../components/Pager";
import { ActionError, EmptyState, ErrorState, LoadingState } from "../../../components/states";
import { useTenantList, useTenantScope } from "../../../lib/tenant-scope";
import { useCursorStack } from "../../../lib/useCursorStack";
import { useDebouncedValue } from "../../../lib/useDebouncedValue";
import type { AuditFilter } from "../api/keys";
import { useAuditEvents } from "../api/useAuditEvents";
import { useExportAuditEvents, type ExportFormat } from "../api/useExportAuditEvents";
import { AuditEventTable, type IdFilter } from "./AuditEventTable";
import { AuditFilters, type AuditFormValues, type IdFilterTag } from "./AuditFilters";
import { saveFile } from "./download";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  actions: { display: "flex", gap: tokens.spacingHorizontalS },
  stale: { opacity: 0.6 },
});

/** Delay between the last keystroke in a text filter and the request, in milliseconds. */
const typingDebounceMs = 300;

/** Filters on one id, each with the URL parameter of the id and the one of its display name. */
const idParams = [
  { param: "actorId", nameParam: "actorName", label: "Actor" },
  { param: "impersonatorId", nameParam: "impersonatorName", label: "Impersonated by" },
  { param: "sessionId", nameParam: null, label: "Impersonation session" },
  { param: "targetId", nameParam: "targetName", label: "Target" },
] as const;

/** Returns the RFC 3339 instant of local midnight at the start of date (yyyy-mm-dd), plus days. */
function startOfDay(date: string, days = 0): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    return "";
  }
  const [year, month, day] = date.split("-").map(Number);
  return new Date(year ?? 0, (month ?? 1) - 1, (day ?? 1) + days).toISOString();
}

/**
 * The audit trail: every recorded change and decision the caller may see, newest first, with
 * filters kept in the address and exports of the filtered events as CSV or NDJSON.
 */
export function AuditPage() {
  const styles = useStyles();
  const [searchParams, setSearchParams] = useSearchParams();
  const [tenantId, setTenantId] = useTenantScope();
  const [search, setSearch] = useState(searchParams.get("q") ?? "");
  const [action, setAction] = useState(searchParams.get("action") ?? "");
  const debouncedSearch = useDebouncedValue(search.trim(), typingDebounceMs);
  const debouncedAction = useDebouncedValue(action.trim(), typingDebounceMs);
  const param = (name: string) => searchParams.get(name) ?? "";

  const setParams = (changes: Record<string, string | null>) =>
    setSearchParams(
      (current) => {
        const params = new URLSearchParams(current);
        for (const [name, value] of Object.entries(changes)) {
          if (value) {
            params.set(name, value);
          } else {
            params.delete(name);
          }
        }
        return params;
      },
      { replace: true },
    );

  // Keep the typed filters in the address, so that reload, back and shared links restore them.
  useEffect(() => {
    setSearchParams(
      (current) => {
        const params = new URLSearchParams(current);
        for (const [name, value] of [
          ["q", debouncedSearch],
          ["action", debouncedAction],
        ] as const) {
          if (value) {
            params.set(name, value);
          } else {
            params.delete(name);
          }
        }
        return params;
      },
      { replace: true },
    );
  }, [debouncedSearch, debouncedAction, setSearchParams]);

  const filter: AuditFilter = {
    q: debouncedSearch,
    action: debouncedAction,
    actorId: param("actorId"),
    impersonatorId: param("impersonatorId"),
    sessionId: param("sessionId"),
    targetType: param("targetType"),
    targetId: param("targetId"),
    tenantId: tenantId ?? "",
    from: startOfDay(param("from")),
    to: startOfDay(param("to"), 1),
  };
  const pager = useCursorStack(JSON.stringify(filter));
  const events = useAuditEvents(filter, pager.cursor);
  const exporter = useExportAuditEvents();
  const tenants = useTenantList();
  const tenantNames = useMemo(
    () => new Map((tenants.data?.tenants ?? []).map((tenant) => [tenant.id, tenant.name])),
    [tenants.data],
  );

  const formValues: AuditFormValues = {
    search,
    action,
    targetType: param("targetType"),
    tenantId,
    fromDate: param("from"),
    toDate: param("to"),
  };
  const handleChange = (next: Partial<AuditFormValues>) => {
    if (next.search !== undefined) {
      setSearch(next.search);
    }
    if (next.action !== undefined) {
      setAction(next.action);
    }
    if (next.tenantId !== undefined) {
      setTenantId(next.tenantId);
    }
    const changes: Record<string, string | null> = {};
    if (next.targetType !== undefined) {
      changes.targetType = next.targetType;
    }
    if (next.fromDate !== undefined) {
      changes.from = next.fromDate;
    }
    if (next.toDate !== undefined) {
      changes.to = next.toDate;
    }
    if (Object.keys(changes).length > 0) {
      setParams(changes);
    }
  };

  const idFilters: IdFilterTag[] = idParams.flatMap(({ param: name, nameParam, label }) => {
    const id = param(name);
    if (!id) {
      return [];
    }
    const displayName = (nameParam && searchParams.get(nameParam)) || id;
    return [{ param: name, label: `${label}: ${displayName}` }];
  });
  const removeIdFilter = (name: string) => {
    const entry = idParams.find((candidate) => candidate.param === name);
    setParams({ [name]: null, ...(entry?.nameParam ? { [entry.nameParam]: null } : {}) });
  };
  const addIdFilter = ({ field, id, name }: IdFilter) => {
    const entry = idParams.find((candidate) => candidate.param === field);
    setParams({ [field]: id, ...(entry?.nameParam ? { [entry.nameParam]: name } : {}) });
  };

  const handleExport = (format: ExportFormat) =>
    exporter.mutate({ filter, format }, { onSuccess: ({ blob, fileName }) => saveFile(blob, fileName) });

  const exportButtons = (
    <div className={styles.actions}>
      <Button icon={<ArrowDownloadRegular />} disabled={exporter.isPending} onClick={() => handleExport("csv")}>
        Export CSV
      </Button>
      <Button icon={<ArrowDownloadRegular />} disabled={exporter.isPending} onClick={() => handleExport("ndjson")}>
        Export NDJSON
      </Button>
    </div>
  );

  let body;
  if (events.isPending) {
    body = <LoadingState label="Loading audit events…" />;
  } else if (events.isError) {
    body = <ErrorState error={events.error} onRetry={() => void events.refetch()} />;
  } else if (events.data.items.length === 0) {
    body = (
      <EmptyState title="No audit events match">
        <Text>Change or remove filters to see more events.</Text>
      </EmptyState>
    );
  } else {
    body = (
      <>
        <div className={events.isPlaceholderData ? styles.stale : undefined}>
          <AuditEventTable
            label="Audit events"
            events={events.data.items}
            tenantNames={tenantNames}
            onFilter={addIdFilter}
          />
        </div>
        <Pager
          page={pager.page}
          hasPrevious={pager.hasPrevious}
          nextCursor={events.data.nextCursor}
          busy={events.isPlaceholderData}
          onPrevious={pager.previous}
          onNext={pager.next}
        />
      </>
    );
  }

  return (
    <div className={styles.page}>
      <PageHeader
        title="Audit trail"
        subtitle={<Text>Who did what, as whom, and when. Exports contain every event that matches the filters.</Text>}
        actions={exportButtons}
      />
      <AuditFilters
        values={formValues}
        onChange={handleChange}
        idFilters={idFilters}
        onRemoveIdFilter={removeIdFilter}
      />
      {exporter.isError && <ActionError error={exporter.error} title="Export failed" />}
      {body}
    </div>
  );
}
