import {
  Button,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Tag,
  TagGroup,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { ChevronLeftRegular, ChevronRightRegular } from "@fluentui/react-icons";
import { useEffect, useState } from "react";
import { useSearchParams } from "react-router";
import type { Person, PersonStatus } from "../../../api/types";
import { PageHeader } from "../../../components/PageHeader";
import { RouterLink } from "../../../components/RouterLink";
import { EmptyState, ErrorState, LoadingState } from "../../../components/states";
import { useDataTableStyles } from "../../../components/tableStyles";
import { useTenantScope } from "../../../lib/tenant-scope";
import { useDebouncedValue } from "../../../lib/useDebouncedValue";
import type { PeopleFilter } from "../api/keys";
import { usePeople } from "../api/usePeople";
import { PeopleFilters } from "./PeopleFilters";
import { PersonStatusBadges } from "./PersonStatusBadges";

const useStyles = makeStyles({
  pager: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM, marginTop: tokens.spacingVerticalM },
  secondary: { color: tokens.colorNeutralForeground3 },
  stale: { opacity: 0.6 },
  // Long addresses are cut with an ellipsis so that the Tags column stays on screen.
  truncate: { display: "block", maxWidth: "260px", overflow: "hidden", textOverflow: "ellipsis" },
});

/** Delay between the last keystroke in the search box and the request, in milliseconds. */
export const searchDebounceMs = 300;

const validStatuses: readonly string[] = ["enabled", "disabled", "removed"] satisfies PersonStatus[];

export function PeoplePage() {
  const styles = useStyles();
  const [searchParams, setSearchParams] = useSearchParams();
  const [tenantId, setTenantId] = useTenantScope();
  const [search, setSearch] = useState(searchParams.get("q") ?? "");
  const debouncedSearch = useDebouncedValue(search.trim(), searchDebounceMs);
  const statusParam = searchParams.get("status");
  const status = statusParam && validStatuses.includes(statusParam) ? (statusParam as PersonStatus) : null;
  const filter: PeopleFilter = { q: debouncedSearch, tenantId, status };

  // Keep the search in the URL so that reload and the back button restore it.
  useEffect(() => {
    setSearchParams(
      (current) => {
        const params = new URLSearchParams(current);
        if (debouncedSearch) {
          params.set("q", debouncedSearch);
        } else {
          params.delete("q");
        }
        return params;
      },
      { replace: true },
    );
  }, [debouncedSearch, setSearchParams]);

  const setStatus = (next: PersonStatus | null) =>
    setSearchParams((current) => {
      const params = new URLSearchParams(current);
      if (next) {
        params.set("status", next);
      } else {
        params.delete("status");
      }
      return params;
    });

  const pager = useCursorStack(JSON.stringify(filter));
  const people = usePeople(filter, pager.cursor);

  return (
    <>
      <PageHeader title="People" subtitle={<Text>Everyone synced from your tenants' Entra ID directories.</Text>} />
      <PeopleFilters
        search={search}
        onSearchChange={setSearch}
        tenantId={tenantId}
        onTenantChange={setTenantId}
        status={status}
        onStatusChange={setStatus}
      />
      {people.isPending ? (
        <LoadingState label="Loading people…" />
      ) : people.isError ? (
        <ErrorState error={people.error} onRetry={() => void people.refetch()} />
      ) : people.data.items.length === 0 ? (
        <EmptyState title="No people found">
          <Text>
            {filter.q || filter.status || filter.tenantId
              ? "No one matches these filters. Change or clear them."
              : "Sync a tenant to see its people here."}
          </Text>
        </EmptyState>
      ) : (
        <>
          <div className={people.isPlaceholderData ? styles.stale : undefined} aria-busy={people.isPlaceholderData}>
            <PeopleTable people={people.data.items} />
          </div>
          <nav className={styles.pager} aria-label="Pages">
            <Button icon={<ChevronLeftRegular />} disabled={!pager.hasPrevious} onClick={pager.previous}>
              Previous
            </Button>
            <Text>Page {pager.page}</Text>
            <Button
              icon={<ChevronRightRegular />}
              iconPosition="after"
              disabled={!people.data.nextCursor || people.isPlaceholderData}
              onClick={() => people.data.nextCursor && pager.next(people.data.nextCursor)}
            >
              Next
            </Button>
          </nav>
        </>
      )}
    </>
  );
}

/**
 * Tracks the cursors of the pages visited since the filter last changed, so that Previous can
 * go back without the API supporting backward cursors.
 */
function useCursorStack(filterKey: string) {
  const [state, setState] = useState<{ filterKey: string; cursors: (string | undefined)[] }>({
    filterKey,
    cursors: [undefined],
  });
  const cursors = state.filterKey === filterKey ? state.cursors : [undefined];

  return {
    cursor: cursors.at(-1),
    page: cursors.length,
    hasPrevious: cursors.length > 1,
    next: (cursor: string) => setState({ filterKey, cursors: [...cursors, cursor] }),
    previous: () => setState({ filterKey, cursors: cursors.slice(0, -1) }),
  };
}

function PeopleTable({ people }: { people: Person[] }) {
  const styles = useStyles();
  const tableStyles = useDataTableStyles();
  return (
    <div className={tableStyles.scroll}>
      <Table aria-label="People" size="small" className={tableStyles.table}>
        <TableHeader>
          <TableRow className={tableStyles.nowrap}>
            <TableHeaderCell>Name</TableHeaderCell>
            <TableHeaderCell>Mail</TableHeaderCell>
            <TableHeaderCell>User principal name</TableHeaderCell>
            <TableHeaderCell>Tenant</TableHeaderCell>
            <TableHeaderCell>Job title</TableHeaderCell>
            <TableHeaderCell>Status</TableHeaderCell>
            <TableHeaderCell>Tags</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {people.map((person) => (
            <TableRow key={person.id} className={tableStyles.nowrap}>
              <TableCell>
                <RouterLink to={`/people/${person.id}`}>{person.displayName}</RouterLink>
              </TableCell>
              <TableCell>
                {person.mail ? (
                  <span className={styles.truncate} title={person.mail}>
                    {person.mail}
                  </span>
                ) : (
                  <span className={styles.secondary}>—</span>
                )}
              </TableCell>
              <TableCell>
                {person.userPrincipalName ? (
                  <span className={styles.truncate} title={person.userPrincipalName}>
                    {person.userPrincipalName}
                  </span>
                ) : (
                  <span className={styles.secondary}>—</span>
                )}
              </TableCell>
              <TableCell>{person.tenantName}</TableCell>
              <TableCell>{person.jobTitle || <span className={styles.secondary}>—</span>}</TableCell>
              <TableCell>
                <PersonStatusBadges person={person} />
              </TableCell>
              <TableCell>
                {person.tags.length > 0 && (
                  <TagGroup role="list" aria-label={`Tags of ${person.displayName}`} size="extra-small">
                    {person.tags.map((tag) => (
                      <Tag key={tag} value={tag} appearance="brand" role="listitem">
                        {tag}
                      </Tag>
                    ))}
                  </TagGroup>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
