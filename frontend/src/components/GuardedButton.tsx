import { Button, Tooltip, type ButtonProps } from "@fluentui/react-components";

/**
 * A button that, when disabledReason is set, stays focusable but inert and carries the reason as
 * its accessible description and tooltip, so that people learn why they cannot use it.
 */
export function GuardedButton({ disabledReason, ...props }: ButtonProps & { disabledReason?: string | null }) {
  if (!disabledReason) {
    return <Button {...props} />;
  }
  return (
    <Tooltip content={disabledReason} relationship="description" withArrow>
      <Button {...props} disabled={false} disabledFocusable />
    </Tooltip>
  );
}
