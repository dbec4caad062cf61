import { isApiError } from "../../../api/errors";
import type { AccessRequest } from "../../../api/types";
import { formatDateTime } from "../../../lib/format";

/** Reports whether error is the API's problem with this slug, such as "access-request-decided". */
export function isProblem(error: unknown, slug: string): boolean {
  return isApiError(error) && error.type.endsWith(`:${slug}`);
}

/**
 * Describes what became of a request in one sentence, such as "Denied by Megan Bowen on
 * 5 Mar 2026, 10:00." A pending request has no decision and yields "".
 */
export function describeDecision(request: AccessRequest): string {
  const when = formatDateTime(request.decidedAt);
  const by = request.decidedByName || request.decidedBy || "a reviewer";
  switch (request.status) {
    case "pending":
      return "";
    case "granted":
      return request.grantExpiresAt
        ? `Granted by ${by} on ${when}, until ${formatDateTime(request.grantExpiresAt)}.`
        : `Granted by ${by} on ${when}, with no expiry.`;
    case "denied":
      return `Denied by ${by} on ${when}.`;
    case "withdrawn":
      return `Withdrawn by the requester on ${when}.`;
    case "expired":
      return `Expired without a decision on ${when}.`;
  }
}
