import {
  Badge,
  Card,
  CardHeader,
  MessageBar,
  MessageBarBody,
  Tab,
  TabList,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { ReactNode } from "react";
import { useParams } from "react-router";
import { isApiError } from "../../../api/errors";
import type { Person } from "../../../api/types";
import { PageHeader } from "../../../components/PageHeader";
import { ProblemPage } from "../../../components/ProblemPage";
import { RouterLink } from "../../../components/RouterLink";
import { ErrorState, LoadingState } from "../../../components/states";
import { formatDateTime } from "../../../lib/format";
import { useTabParam } from "../../../lib/useTabParam";
import { usePerson } from "../api/person";
import { PersonStatusBadges } from "./PersonStatusBadges";
import { TagEditor } from "./TagEditor";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL, maxWidth: "960px" },
  facts: {
    display: "grid",
    gridTemplateColumns: "minmax(180px, max-content) 1fr",
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXL}`,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center", overflowWrap: "anywhere" },
});

/** The person fields that sync copies from Entra ID, in display order, with their labels. */
const entraFields: { key: keyof Person; label: string }[] = [
  { key: "displayName", label: "Display name" },
  { key: "givenName", label: "Given name" },
  { key: "surname", label: "Surname" },
  { key: "userPrincipalName", label: "User principal name" },
  { key: "mail", label: "Mail" },
  { key: "otherMails", label: "Other mails" },
  { key: "jobTitle", label: "Job title" },
  { key: "department", label: "Department" },
  { key: "officeLocation", label: "Office location" },
  { key: "mobilePhone", label: "Mobile phone" },
  { key: "businessPhones", label: "Business phones" },
  { key: "accountEnabled", label: "Account enabled" },
  { key: "userType", label: "User type" },
  { key: "onPremisesSyncEnabled", label: "Synced from on-premises" },
  { key: "objectId", label: "Object id" },
];

/** The Activity tab's contents, which another feature provides and the app composes. */
export interface PersonPageSlots {
  activity?: (person: Person) => ReactNode;
}

const personTabs = ["details", "activity"] as const;

export function PersonPage(slots: PersonPageSlots) {
  const styles = useStyles();
  const { personId = "" } = useParams();
  const person = usePerson(personId);
  const [tab, setTab] = useTabParam(personTabs);

  if (person.isPending) {
    return <LoadingState label="Loading person…" />;
  }
  if (person.isError) {
    if (isApiError(person.error) && (person.error.status === 404 || person.error.status === 403)) {
      return <ProblemPage error={person.error} />;
    }
    return <ErrorState error={person.error} onRetry={() => void person.refetch()} />;
  }

  const current = person.data.person;
  const synced = new Set(current.syncedFields);
  const subtitle = (
    <Text>
      {current.userPrincipalName || current.mail} ·{" "}
      <RouterLink to={`/tenants/${current.tenantId}`}>{current.tenantName}</RouterLink> ·{" "}
      <PersonStatusBadges person={current} />
    </Text>
  );

  return (
    <div className={styles.page}>
      <PageHeader title={current.displayName} subtitle={subtitle} />

      {slots.activity && (
        <TabList
          selectedValue={tab}
          onTabSelect={(_, data) => setTab(data.value === "activity" ? "activity" : "details")}
          aria-label="Person sections"
        >
          <Tab value="details">Details</Tab>
          <Tab value="activity">Activity</Tab>
        </TabList>
      )}
      {tab === "activity" && slots.activity ? (
        <div role="tabpanel" aria-label="Activity">
          {slots.activity(current)}
        </div>
      ) : (
        <>
          <Card role="region" aria-label="Tags">
            <CardHeader
              header={<Text weight="semibold">Tags</Text>}
              description="Kept in Roster. Sync never changes them."
            />
            <TagEditor versioned={person.data} onReload={() => void person.refetch()} />
          </Card>

          <Card role="region" aria-label="From Entra ID">
            <CardHeader header={<Text weight="semibold">From Entra ID</Text>} />
            {current.source === "entra" && (
              <MessageBar intent="info">
                <MessageBarBody>
                  These fields are read-only here. Change them in Entra ID: the hourly sync overwrites any other change.
                </MessageBarBody>
              </MessageBar>
            )}
            <dl className={styles.facts}>
              {entraFields.map(({ key, label }) => (
                <FieldRow key={key} label={label} value={current[key]} fromEntra={synced.has(key)} />
              ))}
            </dl>
          </Card>

          <Card role="region" aria-label="Record">
            <CardHeader header={<Text weight="semibold">Record</Text>} />
            <dl className={styles.facts}>
              <FieldRow label="Source" value={current.source === "entra" ? "Entra ID sync" : "Added in Roster"} />
              <FieldRow label="Entra tenant id" value={current.entraTenantId} />
              <FieldRow label="Last synced" value={formatDateTime(current.lastSyncedAt)} />
              {current.removedAt && <FieldRow label="Removed upstream" value={formatDateTime(current.removedAt)} />}
              <FieldRow label="Created" value={formatDateTime(current.createdAt)} />
              <FieldRow label="Updated" value={formatDateTime(current.updatedAt)} />
            </dl>
          </Card>
        </>
      )}
    </div>
  );
}

function FieldRow({ label, value, fromEntra = false }: { label: string; value: unknown; fromEntra?: boolean }) {
  const styles = useStyles();
  return (
    <>
      <dt className={styles.term}>{label}</dt>
      <dd className={styles.value}>
        <span>{displayValue(value)}</span>
        {fromEntra && (
          <Badge appearance="outline" size="small" color="informative" title="Synced from Entra ID; read-only">
            Entra ID
          </Badge>
        )}
      </dd>
    </>
  );
}

function displayValue(value: unknown): string {
  if (value === null || value === undefined || value === "") {
    return "—";
  }
  if (Array.isArray(value)) {
    return value.length > 0 ? value.join(", ") : "—";
  }
  if (typeof value === "boolean") {
    return value ? "Yes" : "No";
  }
  return typeof value === "string" || typeof value === "number" ? String(value) : "—";
}
