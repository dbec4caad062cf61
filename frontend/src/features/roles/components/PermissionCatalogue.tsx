import { Badge, Checkbox, Field, SearchBox, Text, makeStyles, tokens } from "@fluentui/react-components";
import { CheckmarkCircleFilled, SubtractCircleRegular } from "@fluentui/react-icons";
import { useId, useState } from "react";
import type { PermissionCategory, PermissionInfo } from "../../../api/types";
import { EmptyState } from "../../../components/states";

const useStyles = makeStyles({
  catalogue: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  search: { maxWidth: "420px" },
  group: {
    margin: 0,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  legend: { fontWeight: tokens.fontWeightSemibold, padding: `0 ${tokens.spacingHorizontalXS}` },
  item: {
    display: "grid",
    gridTemplateColumns: "minmax(260px, 1fr) auto",
    alignItems: "start",
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalXS} 0`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke3}`,
    ":last-child": { borderBottom: "none" },
  },
  label: { display: "flex", flexDirection: "column" },
  code: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground3,
  },
  detail: { color: tokens.colorNeutralForeground2, paddingLeft: "32px" },
  refusal: { color: tokens.colorPaletteRedForeground1, paddingLeft: "32px" },
  badges: { display: "flex", gap: tokens.spacingHorizontalXS, paddingTop: tokens.spacingVerticalXS },
  list: { margin: 0, padding: 0, listStyleType: "none" },
  readOnly: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS, minHeight: "32px" },
  included: { color: tokens.colorPaletteGreenForeground1, fontSize: "20px", flexShrink: 0 },
  excluded: { color: tokens.colorNeutralForeground4, fontSize: "20px", flexShrink: 0 },
  excludedText: { color: tokens.colorNeutralForeground3 },
  readOnlyDetail: { color: tokens.colorNeutralForeground2, paddingLeft: "28px" },
  visuallyHidden: {
    position: "absolute",
    width: "1px",
    height: "1px",
    overflow: "hidden",
    clipPath: "inset(50%)",
    whiteSpace: "nowrap",
  },
});

const categoryLabels: Record<PermissionCategory, string> = { view: "View", core: "Core", advanced: "Advanced" };
const categoryColors = { view: "informative", core: "brand", advanced: "important" } as const;

/**
 * Renders the permission catalogue grouped by subject, with a search box. Each permission shows its
 * category and whether it is high-risk or MSP-only. When onToggle is given, permissions can be
 * ticked; refusal returns why the caller may not add one (the checkbox is then disabled). Without
 * onToggle, it is a read-only list that marks which permissions are included.
 */
export function PermissionCatalogue({
  catalogue,
  selected,
  onToggle,
  refusal,
}: {
  catalogue: PermissionInfo[];
  selected: ReadonlySet<string>;
  onToggle?: (permission: string, checked: boolean) => void;
  refusal?: (permission: string) => string | null;
}) {
  const styles = useStyles();
  const baseId = useId();
  const [search, setSearch] = useState("");
  const needle = search.trim().toLowerCase();
  const shown = catalogue.filter(
    (info) =>
      needle === "" ||
      [info.permission, info.displayName, info.description, info.subject].some((text) =>
        text.toLowerCase().includes(needle),
      ),
  );
  const subjects = [...new Set(shown.map((info) => info.subject))];

  return (
    <div className={styles.catalogue}>
      <Field label="Search permissions" className={styles.search}>
        <SearchBox
          placeholder="Name, description or resource"
          value={search}
          onChange={(_, data) => setSearch(data.value)}
        />
      </Field>
      {subjects.length === 0 && <EmptyState title="No permission matches the search" />}
      {!onToggle &&
        subjects.map((subject) => (
          <section key={subject} className={styles.group} aria-label={subject}>
            <Text weight="semibold">{subject}</Text>
            <ul className={styles.list} aria-label={`${subject} permissions`}>
              {shown
                .filter((info) => info.subject === subject)
                .map((info) => (
                  <ReadOnlyItem key={info.permission} info={info} included={selected.has(info.permission)} />
                ))}
            </ul>
          </section>
        ))}
      {onToggle &&
        subjects.map((subject) => (
          <fieldset key={subject} className={styles.group}>
            <legend className={styles.legend}>{subject}</legend>
            {shown
              .filter((info) => info.subject === subject)
              .map((info) => {
                const checked = selected.has(info.permission);
                // Removing a permission is always possible; adding one needs the caller to hold it.
                const reason = !checked && refusal ? refusal(info.permission) : null;
                const detailId = `${baseId}-${info.permission}`;
                return (
                  <div key={info.permission} className={styles.item}>
                    <div className={styles.label}>
                      <Checkbox
                        label={
                          <>
                            {info.displayName} <span className={styles.code}>{info.permission}</span>
                          </>
                        }
                        checked={checked}
                        disabled={reason !== null}
                        onChange={(_, data) => onToggle(info.permission, data.checked === true)}
                        input={{ "aria-describedby": detailId }}
                      />
                      <Text id={detailId} size={200} className={reason ? styles.refusal : styles.detail}>
                        {reason ?? info.description}
                      </Text>
                    </div>
                    <PermissionBadges info={info} />
                  </div>
                );
              })}
          </fieldset>
        ))}
    </div>
  );
}

function ReadOnlyItem({ info, included }: { info: PermissionInfo; included: boolean }) {
  const styles = useStyles();
  return (
    <li className={styles.item}>
      <div className={styles.label}>
        <span className={styles.readOnly}>
          {included ? (
            <CheckmarkCircleFilled className={styles.included} />
          ) : (
            <SubtractCircleRegular className={styles.excluded} />
          )}
          <span className={styles.visuallyHidden}>{included ? "Included: " : "Not included: "}</span>
          <span className={included ? undefined : styles.excludedText}>
            {info.displayName} <span className={styles.code}>{info.permission}</span>
          </span>
        </span>
        <Text size={200} className={styles.readOnlyDetail}>
          {info.description}
        </Text>
      </div>
      <PermissionBadges info={info} />
    </li>
  );
}

function PermissionBadges({ info }: { info: PermissionInfo }) {
  const styles = useStyles();
  return (
    <div className={styles.badges}>
      <Badge appearance="outline" color={categoryColors[info.category]}>
        {categoryLabels[info.category]}
      </Badge>
      {info.highRisk && (
        <Badge appearance="filled" color="danger">
          High risk
        </Badge>
      )}
      {info.mspOnly && (
        <Badge appearance="tint" color="informative">
          MSP only
        </Badge>
      )}
    </div>
  );
}
