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
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useState, type FormEvent } from "react";
import { isApiError } from "../../../api/errors";
import type { Tenant } from "../../../api/types";
import { RequestId } from "../../../components/states";
import { useCreateTenant } from "../api/useCreateTenant";
import { parseCreateTenant, type CreateTenantErrors, type CreateTenantFields } from "./createTenantSchema";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
});

const emptyValues: Record<CreateTenantFields, string> = { name: "", entraTenantId: "", primaryDomain: "" };
const fieldNames: CreateTenantFields[] = ["name", "entraTenantId", "primaryDomain"];

/** The "Add customer tenant" dialog; calls onCreated with the new tenant. */
export function AddTenantDialog({
  open,
  onOpenChange,
  onCreated,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated: (tenant: Tenant) => void;
}) {
  const styles = useStyles();
  const createTenant = useCreateTenant();
  const [values, setValues] = useState(emptyValues);
  const [clientErrors, setClientErrors] = useState<CreateTenantErrors>({});

  const apiError = isApiError(createTenant.error) ? createTenant.error : null;
  const fieldError = (field: CreateTenantFields) => clientErrors[field] ?? apiError?.fieldError(field);
  // Field errors are shown beside their inputs; anything else goes in the banner.
  const bannerError =
    createTenant.error && !(apiError && fieldNames.some((field) => apiError.fieldError(field)))
      ? createTenant.error
      : null;

  const handleOpenChange = (next: boolean) => {
    if (!next) {
      setValues(emptyValues);
      setClientErrors({});
      createTenant.reset();
    }
    onOpenChange(next);
  };

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseCreateTenant(values);
    if (!parsed.ok) {
      setClientErrors(parsed.errors);
      return;
    }

    setClientErrors({});
    createTenant.mutate(parsed.request, {
      onSuccess: (tenant) => {
        handleOpenChange(false);
        onCreated(tenant);
      },
    });
  };

  const bind = (field: CreateTenantFields) => ({
    value: values[field],
    onChange: (_: unknown, data: { value: string }) => setValues((current) => ({ ...current, [field]: data.value })),
  });

  return (
    <Dialog open={open} onOpenChange={(_, data) => handleOpenChange(data.open)}>
      <DialogSurface>
        <form onSubmit={handleSubmit} noValidate>
          <DialogBody>
            <DialogTitle>Add customer tenant</DialogTitle>
            <DialogContent className={styles.form}>
              {bannerError && <CreateError error={bannerError} />}
              <Field label="Name" required validationMessage={fieldError("name")}>
                <Input {...bind("name")} autoComplete="off" autoFocus />
              </Field>
              <Field
                label="Entra tenant id"
                required
                hint="The directory (tenant) id from the customer's Entra admin center."
                validationMessage={fieldError("entraTenantId")}
              >
                <Input {...bind("entraTenantId")} autoComplete="off" spellCheck={false} />
              </Field>
              <Field label="Primary domain" required validationMessage={fieldError("primaryDomain")}>
                <Input {...bind("primaryDomain")} autoComplete="off" spellCheck={false} />
              </Field>
            </DialogContent>
            <DialogActions>
              <DialogTrigger disableButtonEnhancement>
                <Button appearance="secondary">Cancel</Button>
              </DialogTrigger>
              <Button type="submit" appearance="primary" disabled={createTenant.isPending}>
                {createTenant.isPending ? "Adding…" : "Add tenant"}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

function CreateError({ error }: { error: unknown }) {
  const title = isApiError(error) ? error.title : "The tenant could not be added";
  const detail = isApiError(error) ? error.detail : "";
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {detail} <RequestId id={isApiError(error) ? error.requestId : null} />
      </MessageBarBody>
    </MessageBar>
  );
}
