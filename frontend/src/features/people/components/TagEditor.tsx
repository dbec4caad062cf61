import {
  Button,
  Field,
  Input,
  InteractionTag,
  InteractionTagPrimary,
  InteractionTagSecondary,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Tag,
  TagGroup,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useState, type FormEvent } from "react";
import { isApiError } from "../../../api/errors";
import { ErrorState } from "../../../components/states";
import { missingPermission, usePermissions } from "../../../lib/permissions";
import { useUpdateTags, type VersionedPerson } from "../api/person";

const useStyles = makeStyles({
  editor: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  add: { display: "flex", alignItems: "flex-start", gap: tokens.spacingHorizontalS },
  empty: { color: tokens.colorNeutralForeground3 },
  // Lines the button up with the input, below the field's label.
  addButton: { marginTop: `calc(${tokens.lineHeightBase300} + ${tokens.spacingVerticalXXS})` },
});

/** Maximum tag length accepted here. NOTE: a guess until the API documents its own limit. */
const maxTagLength = 64;

/**
 * Edits a person's local tags; every add or remove is saved at once with If-Match. Callers
 * without people:tag in the person's tenant see the tags read-only.
 */
export function TagEditor({ versioned, onReload }: { versioned: VersionedPerson; onReload: () => void }) {
  const styles = useStyles();
  const permissions = usePermissions();
  const { person } = versioned;

  if (!permissions.can("people:tag", person.tenantId)) {
    return (
      <div className={styles.editor}>
        {person.tags.length === 0 ? (
          <Text className={styles.empty}>No tags yet.</Text>
        ) : (
          <TagGroup role="list" aria-label="Tags">
            {person.tags.map((tag) => (
              <Tag key={tag} value={tag} appearance="brand" role="listitem">
                {tag}
              </Tag>
            ))}
          </TagGroup>
        )}
        <Text size={200} className={styles.empty}>
          {missingPermission("people:tag")}
        </Text>
      </div>
    );
  }
  return <EditableTags versioned={versioned} onReload={onReload} />;
}

function EditableTags({ versioned, onReload }: { versioned: VersionedPerson; onReload: () => void }) {
  const styles = useStyles();
  const { person, etag } = versioned;
  const updateTags = useUpdateTags(person.id);
  const [draft, setDraft] = useState("");
  const [draftError, setDraftError] = useState<string | undefined>();

  const save = (tags: string[]) => updateTags.mutate({ tags, etag });
  const conflict = isApiError(updateTags.error) && updateTags.error.status === 412;
  const serverTagError = isApiError(updateTags.error) ? updateTags.error.fieldError("tags") : undefined;

  const handleAdd = (event: FormEvent) => {
    event.preventDefault();
    const tag = draft.trim();
    const problem = validateTag(tag, person.tags);
    if (problem) {
      setDraftError(problem);
      return;
    }

    setDraftError(undefined);
    updateTags.mutate({ tags: [...person.tags, tag], etag }, { onSuccess: () => setDraft("") });
  };

  return (
    <div className={styles.editor}>
      {person.tags.length === 0 ? (
        <Text className={styles.empty}>No tags yet.</Text>
      ) : (
        <TagGroup aria-label="Tags" onDismiss={(_, data) => save(person.tags.filter((tag) => tag !== data.value))}>
          {person.tags.map((tag) => (
            <InteractionTag key={tag} value={tag} appearance="brand">
              <InteractionTagPrimary hasSecondaryAction>{tag}</InteractionTagPrimary>
              {/* The label names the tag itself, so Fluent's default labelledby (tag text + label) would repeat it. */}
              <InteractionTagSecondary
                aria-label={`Remove tag ${tag}`}
                aria-labelledby={undefined}
                disabled={updateTags.isPending}
              />
            </InteractionTag>
          ))}
        </TagGroup>
      )}
      <form className={styles.add} onSubmit={handleAdd} noValidate>
        <Field label="New tag" validationMessage={draftError ?? serverTagError}>
          <Input value={draft} onChange={(_, data) => setDraft(data.value)} maxLength={maxTagLength} />
        </Field>
        <Button type="submit" className={styles.addButton} disabled={updateTags.isPending}>
          Add tag
        </Button>
      </form>
      {conflict ? (
        <MessageBar intent="warning">
          <MessageBarBody>
            <MessageBarTitle>Someone else changed this person; reload</MessageBarTitle>
            Your change was not saved. Reload to see the current tags, then make your change again.
          </MessageBarBody>
          <MessageBarActions>
            <Button
              onClick={() => {
                updateTags.reset();
                onReload();
              }}
            >
              Reload
            </Button>
          </MessageBarActions>
        </MessageBar>
      ) : (
        updateTags.isError && !serverTagError && <ErrorState error={updateTags.error} />
      )}
    </div>
  );
}

/** Returns why tag cannot be added to existing, or undefined when it can. */
export function validateTag(tag: string, existing: string[]): string | undefined {
  if (tag === "") {
    return "Enter a tag.";
  }
  if (tag.length > maxTagLength) {
    return `Use at most ${maxTagLength} characters.`;
  }
  if (existing.some((current) => current.toLowerCase() === tag.toLowerCase())) {
    return `This person already has the tag "${tag}".`;
  }
  return undefined;
}
