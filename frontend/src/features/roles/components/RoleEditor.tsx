import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useState, type FormEvent } from "react";
import { isApiError } from "../../../api/errors";
import type { PermissionInfo } from "../../../api/types";
import { ActionError } from "../../../components/states";
import { usePermissions } from "../../../lib/permissions";
import { useUpdateRole, type VersionedRole } from "../api/role";
import { PermissionCatalogue } from "./PermissionCatalogue";
import { parseRole, type RoleErrors } from "./roleSchema";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  fields: { display: "grid", gridTemplateColumns: "minmax(240px, 1fr) 2fr", gap: tokens.spacingHorizontalL },
  bar: {
    position: "sticky",
    bottom: 0,
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalM} 0`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  secondary: { color: tokens.colorNeutralForeground3 },
});

/**
 * Edits a custom role: name, description and permissions. Only permissions the caller holds in
 * every tenant can be added, because a custom role can be assigned anywhere.
 */
export function RoleEditor({
  versioned,
  catalogue,
  onReload,
}: {
  versioned: VersionedRole;
  catalogue: PermissionInfo[];
  onReload: () => void;
}) {
  const styles = useStyles();
  const permissions = usePermissions();
  const { role, etag } = versioned;
  const updateRole = useUpdateRole(role.id);
  const [name, setName] = useState(role.name);
  const [description, setDescription] = useState(role.description);
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set(role.permissions));
  const [errors, setErrors] = useState<RoleErrors>({});

  const apiError = isApiError(updateRole.error) ? updateRole.error : null;
  const conflict = apiError?.status === 412;
  const dirty =
    name !== role.name ||
    description !== role.description ||
    selected.size !== role.permissions.length ||
    role.permissions.some((permission) => !selected.has(permission));

  const toggle = (permission: string, checked: boolean) => {
    const next = new Set(selected);
    if (checked) {
      next.add(permission);
    } else {
      next.delete(permission);
    }
    setSelected(next);
  };

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    // Catalogue order keeps the request stable whatever order the boxes were ticked in.
    const ordered = catalogue.map((info) => info.permission).filter((permission) => selected.has(permission));
    const parsed = parseRole({ name, description, permissions: ordered });
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setErrors({});
    updateRole.mutate({ request: parsed.request, etag });
  };

  const reset = () => {
    setName(role.name);
    setDescription(role.description);
    setSelected(new Set(role.permissions));
    setErrors({});
    updateRole.reset();
  };

  return (
    <form className={styles.form} onSubmit={handleSubmit} noValidate aria-label={`Edit ${role.name}`}>
      <div className={styles.fields}>
        <Field label="Name" required validationMessage={errors.name ?? apiError?.fieldError("name")}>
          <Input value={name} onChange={(_, data) => setName(data.value)} autoComplete="off" />
        </Field>
        <Field label="Description" validationMessage={errors.description ?? apiError?.fieldError("description")}>
          <Textarea value={description} onChange={(_, data) => setDescription(data.value)} resize="vertical" />
        </Field>
      </div>
      <PermissionCatalogue
        catalogue={catalogue}
        selected={selected}
        onToggle={toggle}
        refusal={(permission) =>
          permissions.canEverywhere(permission)
            ? null
            : `You do not hold ${permission} in every tenant, so you cannot add it to a role.`
        }
      />
      {conflict ? (
        <MessageBar intent="warning">
          <MessageBarBody>
            <MessageBarTitle>Someone else changed this role</MessageBarTitle>
            Your changes were not saved. Reload to see the current role, then make your changes again.
          </MessageBarBody>
          <MessageBarActions>
            <Button
              onClick={() => {
                updateRole.reset();
                onReload();
              }}
            >
              Reload
            </Button>
          </MessageBarActions>
        </MessageBar>
      ) : (
        updateRole.isError && !apiError?.fieldErrors.length && <ActionError error={updateRole.error} />
      )}
      <div className={styles.bar}>
        <Button type="submit" appearance="primary" disabled={!dirty || updateRole.isPending}>
          {updateRole.isPending ? "Saving…" : "Save role"}
        </Button>
        <Button disabled={!dirty || updateRole.isPending} onClick={reset}>
          Discard changes
        </Button>
        <Text className={styles.secondary}>
          {selected.size} of {catalogue.length} permissions
          {dirty ? " · unsaved changes" : ""}
        </Text>
      </div>
    </form>
  );
}
