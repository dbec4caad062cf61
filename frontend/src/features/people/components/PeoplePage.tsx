import {
  Button,
  Checkbox,
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
import { useEffect, useState, type ReactNode } from "react";
import { useSearchParams } from "react-router";
import type { Person, PersonStatus } from "../../../api/types";
import { PageHeader } from "../../../components/PageHeader";
import { RouterLink } from "../../../components/RouterLink";
import { EmptyState, ErrorState, LoadingState } from "../../../components/states";
import { useDataTableStyles } from "../../../components/tableStyles";
import { useTenantScope } from "../../../lib/tenant-scope";
import { useCursorStack } from "../../../lib/useCursorStack";
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
  selectionBar: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalM,
    minHeight: "32px",
    marginBottom: tokens.spacingVerticalS,
  },
});

/**
 * Renders the actions for the people selected in the list; clearSelection empties the selection,
 * for example once the action is done.
 */
export type SelectionAction = (people: Person[], clearSelection: () => void) => ReactNode;

/** Delay between the last keystroke in the search box and the request, in milliseconds. */
export const searchDebounceMs = 300;

const validStatuses: readonly string[] = ["enabled", "disabled", "removed"] satisfies PersonStatus[];

/** The people list. With selectionAction, rows get checkboxes and the action acts on the selected people. */
export function PeoplePage({ selectionAction }: { selectionAction?: SelectionAction } = {}) {
  const styles = useStyles();
  const [selected, setSelected] = useState<ReadonlyMap<string, Person>>(new Map());
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
      {selectionAction && (
        <div className={styles.selectionBar} role="toolbar" aria-label="Selected people">
          <Text>{selected.size === 1 ? "1 person selected" : `${selected.size} people selected`}</Text>
          {selectionAction([...selected.values()], () => setSelected(new Map()))}
          {selected.size > 0 && (
            <Button appearance="subtle" onClick={() => setSelected(new Map())}>
              Clear selection
            </Button>
          )}
        </div>
      )}
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
            <PeopleTable
              people={people.data.items}
              selection={selectionAction ? { selected, onChange: setSelected } : undefined}
            />
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

interface Selection {
  selected: ReadonlyMap<string, Person>;
  onChange: (next: ReadonlyMap<string, Person>) => void;
}

function PeopleTable({ people, selection }: { people: Person[]; selection?: Selection | undefined }) {
  const styles = useStyles();
  const tableStyles = useDataTableStyles();

  const toggle = (person: Person, checked: boolean) => {
    if (!selection) {
      return;
    }
    const next = new Map(selection.selected);
    if (checked) {
      next.set(person.id, person);
    } else {
      next.delete(person.id);
    }
    selection.onChange(next);
  };
  const selectedOnPage = selection ? people.filter((person) => selection.selected.has(person.id)).length : 0;
  const toggleAll = (checked: boolean) => {
    if (!selection) {
      return;
    }
    const next = new Map(selection.selected);
    for (const person of people) {
      if (checked) {
        next.set(person.id, person);
      } else {
        next.delete(person.id);
      }
    }
    selection.onChange(next);
  };

  return (
    <div className={tableStyles.scroll}>
      <Table aria-label="People" size="small" className={tableStyles.table}>
        <TableHeader>
          <TableRow className={tableStyles.nowrap}>
            {selection && (
              <TableHeaderCell>
                <Checkbox
                  aria-label="Select everyone on this page"
                  checked={selectedOnPage === 0 ? false : selectedOnPage === people.length ? true : "mixed"}
                  onChange={(_, data) => toggleAll(data.checked === true)}
                />
              </TableHeaderCell>
            )}
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
              {selection && (
                <TableCell>
                  <Checkbox
                    aria-label={`Select ${person.displayName}`}
                    checked={selection.selected.has(person.id)}
                    onChange={(_, data) => toggle(person, data.checked === true)}
                  />
                </TableCell>
              )}
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
