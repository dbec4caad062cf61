import { Link } from "@fluentui/react-components";
import type { ReactNode } from "react";
import { useHref, useLinkClickHandler, type To } from "react-router";

/** A Fluent UI link that navigates inside the SPA, keeping middle-click and new-tab behaviour. */
export function RouterLink({ to, children, className }: { to: To; children: ReactNode; className?: string }) {
  const href = useHref(to);
  const handleClick = useLinkClickHandler<HTMLAnchorElement>(to);
  return (
    <Link as="a" href={href} className={className} onClick={handleClick}>
      {children}
    </Link>
  );
}
