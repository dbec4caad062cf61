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
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useState, type FormEvent } from "react";
import { isApiError } from "../../../api/errors";
import type { RegisteredClient } from "../../../api/types";
import { ActionError } from "../../../components/states";
import { useRegisterClient } from "../api/useRegisterClient";
import { parseRegisterClient, type RegisterClientErrors, type RegisterClientFields } from "./registerClientSchema";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
});

const emptyValues: Record<RegisterClientFields, string> = { clientId: "", displayName: "", owner: "" };
const fieldNames: RegisterClientFields[] = ["clientId", "displayName", "owner"];

/** Registers an Entra application so that its app-only tokens may call the API. */
export function RegisterClientDialog({
  open,
  onOpenChange,
  onRegistered,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onRegistered: (client: RegisteredClient) => void;
}) {
  const styles = useStyles();
  const register = useRegisterClient();
  const [values, setValues] = useState(emptyValues);
  const [errors, setErrors] = useState<RegisterClientErrors>({});

  const apiError = isApiError(register.error) ? register.error : null;
  const fieldError = (field: RegisterClientFields) => errors[field] ?? apiError?.fieldError(field);
  const bannerError =
    register.error && !(apiError && fieldNames.some((field) => apiError.fieldError(field))) ? register.error : null;

  const handleOpenChange = (next: boolean) => {
    if (!next) {
      setValues(emptyValues);
      setErrors({});
      register.reset();
    }
    onOpenChange(next);
  };

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseRegisterClient(values);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setErrors({});
    register.mutate(parsed.request, {
      onSuccess: (client) => {
        handleOpenChange(false);
        onRegistered(client);
      },
    });
  };

  const bind = (field: RegisterClientFields) => ({
    value: values[field],
    onChange: (_: unknown, data: { value: string }) => setValues((current) => ({ ...current, [field]: data.value })),
  });

  return (
    <Dialog open={open} onOpenChange={(_, data) => handleOpenChange(data.open)}>
      <DialogSurface>
        <form onSubmit={handleSubmit} noValidate>
          <DialogBody>
            <DialogTitle>Register API client</DialogTitle>
            <DialogContent className={styles.form}>
              {bannerError && <ActionError error={bannerError} />}
              <Field
                label="Application (client) id"
                required
                hint="From the Entra app registration's overview. Its app-only tokens name it in azp or appid."
                validationMessage={fieldError("clientId")}
              >
                <Input {...bind("clientId")} autoComplete="off" spellCheck={false} />
              </Field>
              <Field label="Display name" required validationMessage={fieldError("displayName")}>
                <Input {...bind("displayName")} autoComplete="off" />
              </Field>
              <Field
                label="Owner"
                hint="Who answers for this application, such as a team or a mail address."
                validationMessage={fieldError("owner")}
              >
                <Input {...bind("owner")} autoComplete="off" />
              </Field>
            </DialogContent>
            <DialogActions>
              <DialogTrigger disableButtonEnhancement>
                <Button appearance="secondary">Cancel</Button>
              </DialogTrigger>
              <Button type="submit" appearance="primary" disabled={register.isPending}>
                {register.isPending ? "Registering…" : "Register"}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
