package httpapi

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/rosterhq/roster/api/internal/audit"
	"github.com/rosterhq/roster/api/internal/auth"
	"github.com/rosterhq/roster/api/internal/dirsync"
	"github.com/rosterhq/roster/api/internal/iam"
	"github.com/rosterhq/roster/api/internal/person"
	"github.com/rosterhq/roster/api/internal/problem"
	"github.com/rosterhq/roster/api/internal/tenant"
)

// toProblem maps every error a handler can return to a problem document. It
// is the only place where errors become statuses.
func toProblem(err error) *problem.Problem {
	var p *problem.Problem
	if errors.As(err, &p) {
		return p
	}

	var authErr *auth.Error
	if errors.As(err, &authErr) {
		pr := problem.New(http.StatusUnauthorized, "token-"+strings.ReplaceAll(string(authErr.Check), "_", "-"),
			"Access token rejected", authErr.Detail)
		pr.Check = string(authErr.Check)
		return pr
	}
	if errors.Is(err, auth.ErrUnavailable) {
		return problem.New(http.StatusServiceUnavailable, "identity-provider-unavailable", "Identity provider unavailable",
			"The signing keys of the token's issuer could not be fetched. Retry shortly.")
	}

	var verr *tenant.ValidationError
	if errors.As(err, &verr) {
		return validationProblem(verr.Fields)
	}
	if p := iamProblem(err); p != nil {
		return p
	}
	if p := impersonationProblem(err); p != nil {
		return p
	}
	var tagErr *person.InvalidTagsError
	if errors.As(err, &tagErr) {
		return validationProblem(map[string]string{"tags": tagErr.Reason})
	}

	switch {
	case errors.Is(err, tenant.ErrNotFound):
		return problem.New(http.StatusNotFound, "not-found", "Tenant not found", "No tenant with this id exists, or it is outside your access.")
	case errors.Is(err, person.ErrNotFound):
		return problem.New(http.StatusNotFound, "not-found", "Person not found", "No person with this id exists, or it is outside your access.")
	case errors.Is(err, dirsync.ErrRunNotFound):
		return problem.New(http.StatusNotFound, "not-found", "Sync run not found", "No sync run with this id exists, or it is outside your access.")
	case errors.Is(err, tenant.ErrAlreadyLinked), errors.Is(err, tenant.ErrHomeTenantLinked):
		return problem.New(http.StatusConflict, "tenant-already-linked", "Entra tenant already linked", err.Error()+". An Entra tenant can be linked to one Roster tenant only.")
	case errors.Is(err, tenant.ErrNameTaken):
		return problem.New(http.StatusConflict, "tenant-name-taken", "Tenant name already used", err.Error()+". Choose another name.")
	case errors.Is(err, dirsync.ErrNotLinked):
		return problem.New(http.StatusConflict, "tenant-not-linked", "Tenant has no Entra directory", err.Error()+"; only linked tenants can be synced.")
	case errors.Is(err, tenant.ErrStale):
		return problem.New(http.StatusPreconditionFailed, "stale-etag", "Tenant changed since you read it",
			"The If-Match ETag no longer matches: someone changed this tenant. Read it again and reapply your change.")
	case errors.Is(err, person.ErrVersionMismatch):
		return problem.New(http.StatusPreconditionFailed, "stale-etag", "Person changed since you read it",
			"The If-Match ETag no longer matches: someone (or the directory sync) changed this person. Read it again and reapply your change.")
	}
	return nil
}

func validationProblem(fields map[string]string) *problem.Problem {
	p := problem.New(http.StatusUnprocessableEntity, "validation", "Request validation failed", "")
	var details []string
	for _, name := range sortedKeys(fields) {
		p.Errors = append(p.Errors, problem.FieldError{Field: name, Message: fields[name]})
		details = append(details, name+": "+fields[name])
	}
	p.Detail = strings.Join(details, "; ")
	return p
}

// errorHandler writes problem documents for every error and logs server
// errors once, with the request id; 4xx are logged at debug level.
func errorHandler(log *slog.Logger, record func(echo.Context, *problem.Problem)) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		p := toProblem(err)
		if p == nil {
			p = echoProblem(err)
		}
		p.Instance = c.Request().URL.Path
		p.RequestID = c.Response().Header().Get(echo.HeaderXRequestID)

		if p.Status >= 500 {
			log.ErrorContext(c.Request().Context(), "request failed", "request_id", p.RequestID,
				"method", c.Request().Method, "route", c.Path(), "error", err)
		} else {
			log.DebugContext(c.Request().Context(), "request rejected", "request_id", p.RequestID,
				"status", p.Status, "type", p.Type, "error", err)
		}
		record(c, p)
		writeProblem(c, p)
	}
}

// auditedRefusals are the refusals of a change that the audit trail keeps:
// attempts to reach beyond one's rights, as opposed to plain mistakes.
var auditedRefusals = map[string]bool{
	"privilege-escalation": true, "self-change": true, "last-administrator": true, "customer-scope": true,
	"impersonation-forbidden": true, "impersonation-read-only": true, "impersonation-nested": true,
	"impersonation-wider-target": true, "impersonation-self": true,
}

// recordRefusal writes an access.refused event for an audited refusal.
func (s *Server) recordRefusal(c echo.Context, p *problem.Problem) {
	if s.deps.DB == nil || !auditedRefusals[strings.TrimPrefix(p.Type, problem.TypePrefix)] {
		return
	}
	err := audit.RecordNow(c.Request().Context(), s.deps.DB.Gorm, audit.Entry{
		Action: "access.refused", TargetType: "request", TargetID: c.Request().Method + " " + c.Path(),
		After: map[string]any{"path": c.Request().URL.Path, "type": p.Type, "detail": p.Detail, "status": p.Status},
	})
	if err != nil {
		s.deps.Logger.Error("recording a refused request failed", "request_id", p.RequestID, "error", err)
	}
}

func writeProblem(c echo.Context, p *problem.Problem) {
	c.Response().Header().Set(echo.HeaderContentType, problem.ContentType)
	if p.Status == http.StatusUnauthorized {
		c.Response().Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
	}
	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(p.Status)
		return
	}
	_ = c.JSON(p.Status, p)
}

// echoProblem maps Echo's own errors (unknown route, wrong method, body too
// large) and anything unexpected, which becomes an opaque 500.
func echoProblem(err error) *problem.Problem {
	var he *echo.HTTPError
	if !errors.As(err, &he) {
		return problem.New(http.StatusInternalServerError, "internal", "Internal server error",
			"The server failed to process the request. Report the request id to the operators.")
	}
	switch he.Code {
	case http.StatusNotFound:
		return problem.New(http.StatusNotFound, "not-found", "Not found", "No resource at this path. See /openapi.yaml for the API.")
	case http.StatusMethodNotAllowed:
		return problem.New(http.StatusMethodNotAllowed, "method-not-allowed", "Method not allowed", "This path does not accept this method. See /openapi.yaml.")
	case http.StatusRequestEntityTooLarge:
		return problem.New(http.StatusRequestEntityTooLarge, "body-too-large", "Request body too large", "The request body exceeds the server's limit (ROSTER_BODY_LIMIT).")
	case http.StatusServiceUnavailable:
		return problem.New(http.StatusServiceUnavailable, "unavailable", "Service unavailable", "The server is shutting down or overloaded. Retry shortly.")
	}
	if he.Code >= 500 {
		return problem.New(he.Code, "internal", http.StatusText(he.Code), "Report the request id to the operators.")
	}
	return problem.New(he.Code, "bad-request", http.StatusText(he.Code), strings.TrimSpace(stringOf(he.Message)))
}

func stringOf(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return ""
}

func iamProblem(err error) *problem.Problem {
	var verr *iam.ValidationError
	if errors.As(err, &verr) {
		return validationProblem(verr.Fields)
	}
	var esc *iam.EscalationError
	if errors.As(err, &esc) {
		return problem.New(http.StatusForbidden, "privilege-escalation", "Cannot grant what you do not hold", esc.Error()+".")
	}
	var inUse *iam.RoleInUseError
	if errors.As(err, &inUse) {
		return problem.New(http.StatusConflict, "role-in-use", "Role is assigned", inUse.Error())
	}
	var already *iam.AlreadyUserError
	if errors.As(err, &already) {
		return problem.New(http.StatusConflict, "already-user", "Already a user", already.Error()+"; change that user instead.")
	}
	switch {
	case errors.Is(err, iam.ErrRoleNotFound), errors.Is(err, iam.ErrUserNotFound), errors.Is(err, iam.ErrClientNotFound), errors.Is(err, iam.ErrAssignmentNotFound):
		return problem.New(http.StatusNotFound, "not-found", "Not found", err.Error()+", or it is outside your access.")
	case errors.Is(err, iam.ErrBuiltinRole):
		return problem.New(http.StatusConflict, "builtin-role", "Built-in role", err.Error()+"; clone it to make a custom role.")
	case errors.Is(err, iam.ErrRoleNameTaken), errors.Is(err, iam.ErrClientExists), errors.Is(err, iam.ErrAssignmentExists):
		return problem.New(http.StatusConflict, "conflict", "Already exists", err.Error()+".")
	case errors.Is(err, iam.ErrStale):
		return problem.New(http.StatusPreconditionFailed, "stale-etag", "Changed since you read it",
			err.Error()+": the If-Match ETag no longer matches. Read it again and reapply your change.")
	case errors.Is(err, iam.ErrLastAdministrator):
		return problem.New(http.StatusConflict, "last-administrator", "Would leave no administrator", err.Error()+".")
	case errors.Is(err, iam.ErrCustomerScope):
		return problem.New(http.StatusUnprocessableEntity, "customer-scope", "Outside the holder's tenant", err.Error()+".")
	case errors.Is(err, iam.ErrSelfChange):
		return problem.New(http.StatusForbidden, "self-change", "Cannot change your own access", err.Error()+".")
	}
	return nil
}
