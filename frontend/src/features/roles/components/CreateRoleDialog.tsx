import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Field,
  Input,
  Textarea,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useState, type FormEvent } from "react";
import { isApiError } from "../../../api/errors";
import type { Role } from "../../../api/types";
import { ActionError } from "../../../components/states";
import { useCloneRole } from "../api/useCloneRole";
import { useCreateRole } from "../api/useCreateRole";
import { parseRole, type RoleErrors } from "./roleSchema";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
});

/**
 * Creates a custom role with a name and description; its permissions are picked on the role's
 * page. With from, the new role is a copy of that role, permissions included.
 */
export function CreateRoleDialog({
  open,
  onOpenChange,
  onCreated,
  from,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated: (role: Role) => void;
  from?: Role | undefined;
}) {
  return (
    <Dialog open={open} onOpenChange={(_, data) => onOpenChange(data.open)}>
      <DialogSurface>
        {from ? <CloneForm from={from} onCreated={onCreated} /> : <CreateForm onCreated={onCreated} />}
      </DialogSurface>
    </Dialog>
  );
}

function CreateForm({ onCreated }: { onCreated: (role: Role) => void }) {
  const styles = useStyles();
  const createRole = useCreateRole();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [errors, setErrors] = useState<RoleErrors>({});
  const apiError = isApiError(createRole.error) ? createRole.error : null;

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseRole({ name, description, permissions: [] });
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setErrors({});
    createRole.mutate(parsed.request, { onSuccess: onCreated });
  };

  return (
    <form onSubmit={handleSubmit} noValidate>
      <DialogBody>
        <DialogTitle>Create role</DialogTitle>
        <DialogContent className={styles.form}>
          <Field label="Name" required validationMessage={errors.name ?? apiError?.fieldError("name")}>
            <Input value={name} onChange={(_, data) => setName(data.value)} autoComplete="off" />
          </Field>
          <Field
            label="Description"
            hint="What the role is for. You pick its permissions next."
            validationMessage={errors.description ?? apiError?.fieldError("description")}
          >
            <Textarea value={description} onChange={(_, data) => setDescription(data.value)} />
          </Field>
          {createRole.isError && !apiError?.fieldErrors.length && <ActionError error={createRole.error} />}
        </DialogContent>
        <DialogActions>
          <DialogTrigger disableButtonEnhancement>
            <Button appearance="secondary">Cancel</Button>
          </DialogTrigger>
          <Button type="submit" appearance="primary" disabled={createRole.isPending}>
            {createRole.isPending ? "Creating…" : "Create role"}
          </Button>
        </DialogActions>
      </DialogBody>
    </form>
  );
}

function CloneForm({ from, onCreated }: { from: Role; onCreated: (role: Role) => void }) {
  const styles = useStyles();
  const cloneRole = useCloneRole(from.id);
  const [name, setName] = useState(`${from.name} (copy)`);
  const [error, setError] = useState<string | undefined>();
  const apiError = isApiError(cloneRole.error) ? cloneRole.error : null;

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseRole({ name, description: "", permissions: [] });
    if (!parsed.ok) {
      setError(parsed.errors.name);
      return;
    }
    setError(undefined);
    cloneRole.mutate(parsed.request.name, { onSuccess: onCreated });
  };

  return (
    <form onSubmit={handleSubmit} noValidate>
      <DialogBody>
        <DialogTitle>Clone {from.name}</DialogTitle>
        <DialogContent className={styles.form}>
          <Field
            label="Name of the copy"
            required
            hint={`The copy is a custom role with the ${from.permissions.length} permissions of ${from.name}.`}
            validationMessage={error ?? apiError?.fieldError("name")}
          >
            <Input value={name} onChange={(_, data) => setName(data.value)} autoComplete="off" />
          </Field>
          {cloneRole.isError && !apiError?.fieldErrors.length && <ActionError error={cloneRole.error} />}
        </DialogContent>
        <DialogActions>
          <DialogTrigger disableButtonEnhancement>
            <Button appearance="secondary">Cancel</Button>
          </DialogTrigger>
          <Button type="submit" appearance="primary" disabled={cloneRole.isPending}>
            {cloneRole.isPending ? "Cloning…" : "Clone role"}
          </Button>
        </DialogActions>
      </DialogBody>
    </form>
  );
}
