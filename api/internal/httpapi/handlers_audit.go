package httpapi

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/rosterhq/roster/api/internal/access"
	"github.com/rosterhq/roster/api/internal/audit"
)

// AuditEventView is one event of the trail.
type AuditEventView struct {
	ID                     string          `json:"id" format:"uuid"`
	Seq                    int64           `json:"seq"`
	OccurredAt             time.Time       `json:"occurredAt"`
	Action                 string          `json:"action" example:"user.expiry.changed"`
	ActorType              string          `json:"actorType" enums:"user,client,system"`
	ActorID                string          `json:"actorId"`
	ActorName              string          `json:"actorName"`
	ImpersonatorID         string          `json:"impersonatorId,omitempty"`
	ImpersonatorName       string          `json:"impersonatorName,omitempty"`
	ImpersonationSessionID string          `json:"impersonationSessionId,omitempty"`
	TargetType             string          `json:"targetType"`
	TargetID               string          `json:"targetId"`
	TargetName             string          `json:"targetName,omitempty"`
	TenantID               *string         `json:"tenantId" extensions:"x-nullable"`
	Before                 json.RawMessage `json:"before,omitempty" swaggertype:"object"`
	After                  json.RawMessage `json:"after,omitempty" swaggertype:"object"`
	Reason                 string          `json:"reason,omitempty"`
	RequestID              string          `json:"requestId,omitempty"`
	ClientIP               string          `json:"clientIp,omitempty"`
	UserAgent              string          `json:"userAgent,omitempty"`
	Hash                   string          `json:"hash"`
} // @name AuditEvent

// AuditEventList is a page of events, newest first.
type AuditEventList struct {
	Items      []AuditEventView `json:"items"`
	NextCursor *string          `json:"nextCursor" extensions:"x-nullable"`
} // @name AuditEventList

func auditEventView(ev *audit.Event) AuditEventView {
	v := AuditEventView{
		ID: ev.ID, Seq: ev.Seq, OccurredAt: ev.OccurredAt, Action: ev.Action, ActorType: ev.ActorType, ActorID: ev.ActorID,
		ActorName: ev.ActorName, ImpersonatorID: ev.ImpersonatorID, ImpersonatorName: ev.ImpersonatorName,
		ImpersonationSessionID: ev.ImpersonationSessionID, TargetType: ev.TargetType, TargetID: ev.TargetID,
		TargetName: ev.TargetName, TenantID: ev.TenantID, Reason: ev.Reason, RequestID: ev.RequestID,
		ClientIP: ev.ClientIP, UserAgent: ev.UserAgent, Hash: ev.Hash,
	}
	if ev.BeforeValue != nil {
		v.Before = json.RawMessage(*ev.BeforeValue)
	}
	if ev.AfterValue != nil {
		v.After = json.RawMessage(*ev.AfterValue)
	}
	return v
}

var auditQueryParams = []string{"actorId", "impersonatorId", "sessionId", "action", "targetType", "targetId", "tenantId", "from", "to", "q"}

// auditFilter reads the filters shared by the list and the export, scoped
// to the tenants where the caller may read the trail.
func auditFilter(c echo.Context) (audit.Filter, error) {
	f := audit.Filter{
		ActorID: c.QueryParam("actorId"), ImpersonatorID: c.QueryParam("impersonatorId"), SessionID: c.QueryParam("sessionId"),
		ActionPrefix: c.QueryParam("action"), TargetType: c.QueryParam("targetType"), TargetID: c.QueryParam("targetId"),
		TenantID: strings.ToLower(c.QueryParam("tenantId")), Query: strings.TrimSpace(c.QueryParam("q")),
	}
	for _, name := range []string{"from", "to"} {
		raw := c.QueryParam(name)
		if raw == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339, raw)
		if err != nil {
			return f, badParam(name, fmt.Sprintf("%q is not an RFC 3339 time such as 2026-12-01T00:00:00Z", raw))
		}
		if name == "from" {
			f.From = &t
		} else {
			f.To = &t
		}
	}
	if len(f.Query) > 200 {
		return f, badParam("q", "longer than 200 characters")
	}
	eff := callerOf(c).Effective
	if !eff.Everywhere(access.AuditRead) {
		f.Tenants = eff.Tenants(access.AuditRead)
	}
	f.IncludeUntenanted = eff.Everywhere(access.AuditRead)
	return f, nil
}

// listAuditEvents godoc
//
//	@Summary		Search the audit trail
//	@Description	Events of the tenants where the caller may read the trail, newest first. Events that concern no tenant (roles, settings) need audit:read in every tenant. action matches a prefix, such as user. or user.expiry.
//	@Tags			audit
//	@Produce		json
//	@Security		Bearer
//	@Param			actorId			query		string	false	"object id of a user, app:CLIENT_ID of an application, or a system actor"
//	@Param			impersonatorId	query		string	false	"object id of the impersonating user"
//	@Param			sessionId		query		string	false	"impersonation session id"
//	@Param			action			query		string	false	"action prefix"
//	@Param			targetType		query		string	false	"e.g. user, person, tenant, role"
//	@Param			targetId		query		string	false	"id of the target"
//	@Param			tenantId		query		string	false	"tenant"	format(uuid)
//	@Param			from			query		string	false	"from this time (RFC 3339), inclusive"
//	@Param			to				query		string	false	"until this time (RFC 3339), exclusive"
//	@Param			q				query		string	false	"free text"
//	@Param			limit			query		int		false	"page size, 1 to 200"	default(50)
//	@Param			cursor			query		string	false	"nextCursor of the previous page"
//	@Success		200				{object}	AuditEventList
//	@Failure		403				{object}	problem.Problem
//	@Router			/api/v1/audit-events [get]
func (s *Server) listAuditEvents(c echo.Context) error {
	if err := onlyQuery(c, append(auditQueryParams, "limit", "cursor")...); err != nil {
		return err
	}
	f, err := auditFilter(c)
	if err != nil {
		return err
	}
	limit, err := parseLimit(c)
	if err != nil {
		return err
	}
	var before int64
	if raw := c.QueryParam("cursor"); raw != "" {
		var cur struct {
			Seq int64 `json:"s"`
		}
		if err := decodeCursor(raw, &cur); err != nil {
			return err
		}
		before = cur.Seq
	}
	events, err := audit.List(c.Request().Context(), s.deps.DB.Gorm, f, before, limit+1)
	if err != nil {
		return err
	}
	out := AuditEventList{Items: []AuditEventView{}}
	if len(events) > limit {
		events = events[:limit]
		out.NextCursor = encodeCursor(map[string]int64{"s": events[len(events)-1].Seq})
	}
	for i := range events {
		out.Items = append(out.Items, auditEventView(&events[i]))
	}
	return c.JSON(http.StatusOK, out)
}

// exportAuditEvents godoc
//
//	@Summary		Export the audit trail as CSV or NDJSON
//	@Description	Streams every event matching the filters of GET /audit-events, newest first, without a page limit.
//	@Tags			audit
//	@Produce		text/csv
//	@Produce		application/x-ndjson
//	@Security		Bearer
//	@Param			format			query		string	true	"csv or ndjson"	Enums(csv, ndjson)
//	@Param			actorId			query		string	false	"actor"
//	@Param			impersonatorId	query		string	false	"impersonator"
//	@Param			sessionId		query		string	false	"impersonation session id"
//	@Param			action			query		string	false	"action prefix"
//	@Param			targetType		query		string	false	"target type"
//	@Param			targetId		query		string	false	"target id"
//	@Param			tenantId		query		string	false	"tenant"	format(uuid)
//	@Param			from			query		string	false	"from (RFC 3339)"
//	@Param			to				query		string	false	"to (RFC 3339)"
//	@Param			q				query		string	false	"free text"
//	@Success		200				{string}	string	"the events"
//	@Failure		403				{object}	problem.Problem
//	@Router			/api/v1/audit-events/export [get]
func (s *Server) exportAuditEvents(c echo.Context) error {
	if err := onlyQuery(c, append(auditQueryParams, "format")...); err != nil {
		return err
	}
	format := c.QueryParam("format")
	if format != "csv" && format != "ndjson" {
		return badParam("format", fmt.Sprintf("%q is not csv or ndjson", format))
	}
	f, err := auditFilter(c)
	if err != nil {
		return err
	}

	w := c.Response()
	stamp := time.Now().UTC().Format("20060102T150405Z")
	if format == "csv" {
		w.Header().Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	} else {
		w.Header().Set(echo.HeaderContentType, "application/x-ndjson")
	}
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="roster-audit-%s.%s"`, stamp, format))
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)

	var write func(*audit.Event) error
	if format == "csv" {
		cw := csv.NewWriter(w)
		_ = cw.Write([]string{"seq", "occurredAt", "action", "actorType", "actorId", "actorName", "impersonatorId", "impersonatorName",
			"impersonationSessionId", "targetType", "targetId", "targetName", "tenantId", "before", "after", "reason", "requestId", "clientIp", "userAgent", "hash"})
		write = func(ev *audit.Event) error {
			return cw.Write([]string{strconv.FormatInt(ev.Seq, 10), ev.OccurredAt.UTC().Format(time.RFC3339Nano), ev.Action, ev.ActorType, ev.ActorID,
				csvSafe(ev.ActorName), ev.ImpersonatorID, csvSafe(ev.ImpersonatorName), ev.ImpersonationSessionID, ev.TargetType, ev.TargetID,
				csvSafe(ev.TargetName), str(ev.TenantID), csvSafe(str(ev.BeforeValue)), csvSafe(str(ev.AfterValue)), csvSafe(ev.Reason),
				ev.RequestID, ev.ClientIP, csvSafe(ev.UserAgent), ev.Hash})
		}
		defer cw.Flush()
	} else {
		enc := json.NewEncoder(w)
		write = func(ev *audit.Event) error { return enc.Encode(auditEventView(ev)) }
	}
	n := 0
	err = audit.Stream(c.Request().Context(), s.deps.DB.Gorm, f, func(ev *audit.Event) error {
		if err := write(ev); err != nil {
			return err
		}
		n++
		if n%1000 == 0 {
			_ = rc.SetWriteDeadline(time.Now().Add(time.Minute))
			_ = rc.Flush()
		}
		return nil
	})
	if err != nil {
		// The status is sent; the truncated body and the log say it failed.
		s.deps.Logger.Error("audit export failed", "request_id", w.Header().Get(echo.HeaderXRequestID), "after_events", n, "error", err)
	}
	return nil
}

// csvSafe keeps a spreadsheet from running a value as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func str(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
