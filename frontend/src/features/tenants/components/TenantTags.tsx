import {
  Button,
  Card,
  CardHeader,
  Field,
  Input,
  InteractionTag,
  InteractionTagPrimary,
  InteractionTagSecondary,
  Tag,
  TagGroup,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useState, type FormEvent } from "react";
import { isApiError } from "../../../api/errors";
import type { Tenant } from "../../../api/types";
import { ActionError } from "../../../components/states";
import { missingPermission, usePermissions } from "../../../lib/permissions";
import { useUpdateTenantTags } from "../api/useUpdateTenantTags";

const useStyles = makeStyles({
  card: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    marginBottom: tokens.spacingVerticalL,
  },
  add: { display: "flex", alignItems: "flex-start", gap: tokens.spacingHorizontalS },
  addButton: { marginTop: `calc(${tokens.lineHeightBase300} + ${tokens.spacingVerticalXXS})` },
  secondary: { color: tokens.colorNeutralForeground3 },
});

/** Maximum length of a tenant tag, as the API checks it. */
const maxTagLength = 64;

/**
 * Shows a tenant's tags. Role assignments scoped to a tag cover every tenant that carries it, so
 * only callers holding tenants:update in the tenant may change them. Others see them read-only.
 */
export function TenantTags({ tenant }: { tenant: Tenant }) {
  const styles = useStyles();
  const permissions = usePermissions();
  const canEdit = permissions.can("tenants:update", tenant.id);
  const updateTags = useUpdateTenantTags(tenant.id);
  const [draft, setDraft] = useState("");
  const [draftError, setDraftError] = useState<string | undefined>();
  const serverTagError = isApiError(updateTags.error) ? updateTags.error.fieldError("tags") : undefined;

  const handleAdd = (event: FormEvent) => {
    event.preventDefault();
    const tag = draft.trim();
    const problem = validateTenantTag(tag, tenant.tags);
    setDraftError(problem);
    if (!problem) {
      updateTags.mutate([...tenant.tags, tag], { onSuccess: () => setDraft("") });
    }
  };

  return (
    <Card className={styles.card}>
      <CardHeader
        header={<Text weight="semibold">Tags</Text>}
        description={
          <Text size={200} className={styles.secondary}>
            Role assignments scoped to a tag cover every tenant that carries it.
          </Text>
        }
      />
      {tenant.tags.length === 0 ? (
        <Text className={styles.secondary}>No tags yet.</Text>
      ) : canEdit ? (
        <TagGroup
          aria-label="Tenant tags"
          onDismiss={(_, data) => updateTags.mutate(tenant.tags.filter((tag) => tag !== data.value))}
        >
          {tenant.tags.map((tag) => (
            <InteractionTag key={tag} value={tag} appearance="brand">
              <InteractionTagPrimary hasSecondaryAction>{tag}</InteractionTagPrimary>
              <InteractionTagSecondary
                aria-label={`Remove tag ${tag}`}
                aria-labelledby={undefined}
                disabled={updateTags.isPending}
              />
            </InteractionTag>
          ))}
        </TagGroup>
      ) : (
        <TagGroup role="list" aria-label="Tenant tags">
          {tenant.tags.map((tag) => (
            <Tag key={tag} value={tag} appearance="brand" role="listitem">
              {tag}
            </Tag>
          ))}
        </TagGroup>
      )}
      {canEdit ? (
        <form className={styles.add} onSubmit={handleAdd} noValidate>
          <Field label="New tenant tag" validationMessage={draftError ?? serverTagError}>
            <Input value={draft} onChange={(_, data) => setDraft(data.value)} maxLength={maxTagLength} />
          </Field>
          <Button type="submit" className={styles.addButton} disabled={updateTags.isPending}>
            Add tag
          </Button>
        </form>
      ) : (
        <Text size={200} className={styles.secondary}>
          {missingPermission("tenants:update")}
        </Text>
      )}
      {updateTags.isError && !serverTagError && <ActionError error={updateTags.error} />}
    </Card>
  );
}

/** Returns why tag cannot be added to existing, or undefined when it can. */
export function validateTenantTag(tag: string, existing: string[]): string | undefined {
  if (tag === "") {
    return "Enter a tag.";
  }
  if (tag.length > maxTagLength) {
    return `Use at most ${maxTagLength} characters.`;
  }
  if (existing.some((current) => current.toLowerCase() === tag.toLowerCase())) {
    return `This tenant already has the tag "${tag}".`;
  }
  return undefined;
}
