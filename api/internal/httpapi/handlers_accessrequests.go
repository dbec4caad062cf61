package httpapi

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/rosterhq/roster/api/internal/access"
	"github.com/rosterhq/roster/api/internal/accessrequest"
	"github.com/rosterhq/roster/api/internal/iam"
	"github.com/rosterhq/roster/api/internal/problem"
	"github.com/rosterhq/roster/api/internal/settings"
)

// createAccessRequest godoc
//
//	@Summary		Ask for access
//	@Description	Any signed-in person of the home tenant or a linked tenant who is not a user, or whose access expired or was removed, may ask. The request carries the name and user principal name from the token, so the person need not have been synced. One request may be pending per person, and a person may make at most 3 in 24 hours (429 with Retry-After). Users whose access is disabled or suspended get 409: an administrator must enable them.
//	@Tags			access-requests
//	@Accept			json
//	@Produce		json
//	@Security		Bearer
//	@Param			body	body		CreateAccessRequestRequest	false	"why the person needs access"
//	@Success		201		{object}	AccessRequestView
//	@Failure		403		{object}	problem.Problem	"requests are switched off (detail says whom to contact), or the caller is an application"
//	@Failure		409		{object}	problem.Problem	"a request is pending (detail names it), or the caller has access or is disabled or suspended"
//	@Failure		422		{object}	problem.Problem
//	@Failure		429		{object}	problem.Problem	"too many requests in 24 hours; Retry-After gives the seconds to wait"
//	@Router			/api/v1/access-requests [post]
func (s *Server) createAccessRequest(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	var req CreateAccessRequestRequest
	if c.Request().ContentLength != 0 {
		if err := decodeJSON(c, &req); err != nil {
			return err
		}
	}
	r, err := s.deps.AccessRequests.Create(c.Request().Context(), callerOf(c), req.Justification)
	if err != nil {
		var limited *accessrequest.RateLimitError
		if errors.As(err, &limited) {
			c.Response().Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(limited.RetryAfter.Seconds()))))
		}
		return accessRequestProblem(err)
	}
	names, err := s.deps.Tenants.Names(c.Request().Context(), []string{r.TenantID})
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/access-requests/"+r.ID)
	return c.JSON(http.StatusCreated, accessRequestView(r, names))
}

// myAccessRequests godoc
//
//	@Summary		The caller's own access requests
//	@Description	Newest first, with each decision and its reason, and whether the caller may make a request now. When requests are switched off, contact names whom to ask instead. Any valid token may call it.
//	@Tags			access-requests
//	@Produce		json
//	@Security		Bearer
//	@Success		200	{object}	MyAccessRequests
//	@Router			/api/v1/access-requests/mine [get]
func (s *Server) myAccessRequests(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	ctx := c.Request().Context()
	snap, err := s.deps.Settings.Snapshot(ctx)
	if err != nil {
		return err
	}
	out := MyAccessRequests{
		Items: []AccessRequestView{}, RequestsEnabled: snap.Bool(settings.AccessRequestsEnabled),
		Contact: snap.String(settings.AccessRequestsContact),
	}
	caller := callerOf(c)
	id, err := accessrequest.IdentityOf(caller)
	if err != nil {
		out.Reason = err.Error()
		return c.JSON(http.StatusOK, out)
	}

	rows, err := s.deps.AccessRequests.Mine(ctx, id, 20)
	if err != nil {
		return err
	}
	names, err := s.requestTenantNames(c, rows)
	if err != nil {
		return err
	}
	for i := range rows {
		out.Items = append(out.Items, accessRequestView(&rows[i], names))
	}
	if out.RequestsLeft, out.NextRequestAt, err = s.deps.AccessRequests.Quota(ctx, id); err != nil {
		return err
	}
	out.Reason = whyNoRequest(caller, out, rows)
	out.CanRequest = out.Reason == ""
	return c.JSON(http.StatusOK, out)
}

// whyNoRequest returns why the caller cannot make a request now, or "".
func whyNoRequest(caller *iam.Caller, mine MyAccessRequests, rows []accessrequest.Request) string {
	if err := accessrequest.CheckEligible(caller, time.Now().UTC()); err != nil {
		return err.Error()
	}
	if !mine.RequestsEnabled {
		return (&accessrequest.DisabledError{Contact: mine.Contact}).Error()
	}
	for i := range rows {
		if rows[i].Status == accessrequest.StatusPending {
			return (&accessrequest.OpenRequestError{ID: rows[i].ID, CreatedAt: rows[i].CreatedAt}).Error()
		}
	}
	if mine.RequestsLeft == 0 {
		return (&accessrequest.RateLimitError{RetryAfter: time.Until(*mine.NextRequestAt)}).Error()
	}
	return ""
}

// withdrawAccessRequest godoc
//
//	@Summary		Withdraw one's own pending request
//	@Description	Only the requester may withdraw; another person's request is 404.
//	@Tags			access-requests
//	@Produce		json
//	@Security		Bearer
//	@Param			id	path		string	true	"access request id"	format(uuid)
//	@Success		200	{object}	AccessRequestView
//	@Failure		404	{object}	problem.Problem
//	@Failure		409	{object}	problem.Problem	"no longer pending"
//	@Router			/api/v1/access-requests/{id}/withdraw [post]
func (s *Server) withdrawAccessRequest(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	r, err := s.deps.AccessRequests.Withdraw(c.Request().Context(), callerOf(c), c.Param("id"))
	if err != nil {
		return accessRequestProblem(err)
	}
	return s.writeAccessRequest(c, r)
}

// listAccessRequests godoc
//
//	@Summary		List access requests
//	@Description	Requests of the tenants where the caller holds access-requests:read. olderThan and newerThan take a duration such as 24h or 7d, measured back from now.
//	@Tags			access-requests
//	@Produce		json
//	@Security		Bearer
//	@Param			status		query		string	false	"only requests with this status"	Enums(pending, granted, denied, withdrawn, expired)
//	@Param			tenantId	query		string	false	"only requests of this tenant"	format(uuid)
//	@Param			olderThan	query		string	false	"only requests made longer ago than this, e.g. 7d"
//	@Param			newerThan	query		string	false	"only requests made within this, e.g. 24h"
//	@Param			sort		query		string	false	"createdAt for oldest first, -createdAt for newest first"	Enums(createdAt, -createdAt)	default(-createdAt)
//	@Param			limit		query		int		false	"page size, 1 to 200"	default(50)
//	@Param			cursor		query		string	false	"nextCursor of the previous page"
//	@Success		200			{object}	AccessRequestList
//	@Failure		403			{object}	problem.Problem
//	@Router			/api/v1/access-requests [get]
func (s *Server) listAccessRequests(c echo.Context) error {
	if err := onlyQuery(c, "status", "tenantId", "olderThan", "newerThan", "sort", "limit", "cursor"); err != nil {
		return err
	}
	f, err := accessRequestFilter(c)
	if err != nil {
		return err
	}

	limit, err := parseLimit(c)
	if err != nil {
		return err
	}
	var after *accessrequest.Cursor
	if raw := c.QueryParam("cursor"); raw != "" {
		after = &accessrequest.Cursor{}
		if err := decodeCursor(raw, after); err != nil {
			return err
		}
	}

	rows, next, err := s.deps.AccessRequests.List(c.Request().Context(), f, after, limit)
	if err != nil {
		return err
	}
	names, err := s.requestTenantNames(c, rows)
	if err != nil {
		return err
	}
	out := AccessRequestList{Items: make([]AccessRequestView, len(rows))}
	for i := range rows {
		out.Items[i] = accessRequestView(&rows[i], names)
	}
	if next != nil {
		out.NextCursor = encodeCursor(next)
	}
	return c.JSON(http.StatusOK, out)
}

func accessRequestFilter(c echo.Context) (accessrequest.Filter, error) {
	f := accessrequest.Filter{Status: c.QueryParam("status")}
	if f.Status != "" && !slices.Contains(accessrequest.Statuses, f.Status) {
		return f, badParam("status", fmt.Sprintf("%q is not one of %s", f.Status, strings.Join(accessrequest.Statuses, ", ")))
	}
	var requested []string
	if raw := c.QueryParam("tenantId"); raw != "" {
		if _, err := uuid.Parse(raw); err != nil {
			return f, badParam("tenantId", fmt.Sprintf("%q is not a tenant id", raw))
		}
		requested = []string{strings.ToLower(raw)}
	}
	now := time.Now().UTC()
	for name, dst := range map[string]**time.Time{"olderThan": &f.CreatedBefore, "newerThan": &f.CreatedAfter} {
		raw := c.QueryParam(name)
		if raw == "" {
			continue
		}
		d, err := parseDays(raw)
		if err != nil {
			return f, badParam(name, err.Error())
		}
		at := now.Add(-d)
		*dst = &at
	}
	switch c.QueryParam("sort") {
	case "", "-createdAt":
	case "createdAt":
		f.OldestFirst = true
	default:
		return f, badParam("sort", fmt.Sprintf("%q is not createdAt or -createdAt", c.QueryParam("sort")))
	}
	f.TenantIDs = visibleTenants(c, access.AccessRequestsRead, requested)
	return f, nil
}

// countPendingAccessRequests godoc
//
//	@Summary		Count the pending requests the caller may decide
//	@Description	For the pending indicator: pending requests of the tenants where the caller holds access-requests:decide.
//	@Tags			access-requests
//	@Produce		json
//	@Security		Bearer
//	@Success		200	{object}	PendingCount
//	@Failure		403	{object}	problem.Problem
//	@Router			/api/v1/access-requests/pending-count [get]
func (s *Server) countPendingAccessRequests(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	tenants := callerOf(c).Effective.Tenants(access.AccessRequestsDecide)
	n, err := s.deps.AccessRequests.CountPending(c.Request().Context(), tenants)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, PendingCount{Count: n})
}

// getAccessRequest godoc
//
//	@Summary		Read a request with Roster's records of the requester
//	@Description	The requester's synced person (with people:read in the tenant), their current user and earlier removals (with users:read), and their earlier requests.
//	@Tags			access-requests
//	@Produce		json
//	@Security		Bearer
//	@Param			id	path		string	true	"access request id"	format(uuid)
//	@Success		200	{object}	AccessRequestDetail
//	@Failure		403	{object}	problem.Problem
//	@Failure		404	{object}	problem.Problem
//	@Router			/api/v1/access-requests/{id} [get]
func (s *Server) getAccessRequest(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	ctx := c.Request().Context()
	r, err := s.deps.AccessRequests.Get(ctx, c.Param("id"))
	if err != nil {
		return accessRequestProblem(err)
	}
	if err := checkTenant(c, r.TenantID, access.AccessRequestsRead, accessRequestProblem(notFoundErr(accessrequest.ErrNotFound, r.ID))); err != nil {
		return err
	}
	earlier, err := s.deps.AccessRequests.History(ctx, r, 20)
	if err != nil {
		return err
	}
	names, err := s.requestTenantNames(c, append(earlier, *r))
	if err != nil {
		return err
	}
	out := AccessRequestDetail{Request: accessRequestView(r, names), EarlierRequests: []AccessRequestView{}, Removals: []AccessRemovalView{}}
	for i := range earlier {
		out.EarlierRequests = append(out.EarlierRequests, accessRequestView(&earlier[i], names))
	}
	if err := s.describeRequester(c, r, names[r.TenantID], &out); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

// describeRequester fills in the requester's person, user and removals, as
// far as the caller may read them.
func (s *Server) describeRequester(c echo.Context, r *accessrequest.Request, tenantName string, out *AccessRequestDetail) error {
	ctx := c.Request().Context()
	eff := callerOf(c).Effective
	personID, err := s.deps.AccessRequests.PersonID(ctx, r)
	if err != nil || personID == "" {
		return err
	}

	if eff.Allowed(access.PeopleRead, r.TenantID) {
		p, err := s.deps.People.Get(ctx, personID)
		if err != nil {
			return err
		}
		pv := personView(p, tenantName)
		out.Person = &pv
	}

	if !eff.Allowed(access.UsersRead, r.TenantID) {
		return nil
	}
	u, err := s.deps.IAM.Users.ByPerson(ctx, personID)
	switch {
	case err == nil:
		uv := userView(u, time.Now().UTC())
		out.User = &uv
	case !errors.Is(err, iam.ErrUserNotFound):
		return err
	}
	removals, err := s.deps.AccessRequests.Removals(ctx, personID, 20)
	if err != nil {
		return err
	}
	for _, rm := range removals {
		out.Removals = append(out.Removals, AccessRemovalView{UserID: rm.UserID, RemovedAt: rm.RemovedAt,
			RemovedBy: rm.RemovedBy, RemovedByName: rm.RemovedByName, Reason: rm.Reason})
	}
	return nil
}

// grantAccessRequest godoc
//
//	@Summary		Grant a pending request
//	@Description	Atomically creates the requester's person if sync has not brought it yet, creates their user or reactivates one whose access expired (replacing its old role assignments), adds the role assignments and marks the request granted. The caller needs access-requests:decide in the requester's tenant. Across each assignment's scope the caller must hold that permission and every permission of the role, and a customer-tenant requester can only get assignments in their own tenant. Without expiresAt and expiresIn the default grant expiry setting applies. Of two reviewers deciding at once, one gets 200 and the other 409.
//	@Tags			access-requests
//	@Accept			json
//	@Produce		json
//	@Security		Bearer
//	@Param			id		path		string						true	"access request id"	format(uuid)
//	@Param			body	body		GrantAccessRequestRequest	true	"roles, expiry and note"
//	@Success		200		{object}	AccessRequestView
//	@Failure		403		{object}	problem.Problem
//	@Failure		404		{object}	problem.Problem
//	@Failure		409		{object}	problem.Problem	"already decided, or the requester is a user already or is disabled or suspended"
//	@Failure		422		{object}	problem.Problem
//	@Router			/api/v1/access-requests/{id}/grant [post]
func (s *Server) grantAccessRequest(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	var req GrantAccessRequestRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	in := accessrequest.GrantInput{ExpiresAt: req.ExpiresAt, ExpiresIn: req.ExpiresIn, Note: req.Note}
	for i, a := range req.Assignments {
		if a.PrincipalType != "" || a.PrincipalID != "" {
			field := fmt.Sprintf("assignments[%d]", i)
			return validationProblem(map[string]string{field: "leave out principalType and principalId: the assignment is for the requester"})
		}
		in.Assignments = append(in.Assignments, a.input())
	}
	r, err := s.deps.AccessRequests.Grant(c.Request().Context(), callerOf(c), c.Param("id"), in)
	if err != nil {
		return accessRequestProblem(err)
	}
	return s.writeAccessRequest(c, r)
}

// denyAccessRequest godoc
//
//	@Summary		Deny a pending request, with a reason the requester sees
//	@Description	The caller needs access-requests:decide in the requester's tenant. Of two reviewers deciding at once, one gets 200 and the other 409.
//	@Tags			access-requests
//	@Accept			json
//	@Produce		json
//	@Security		Bearer
//	@Param			id		path		string						true	"access request id"	format(uuid)
//	@Param			body	body		DenyAccessRequestRequest	true	"why"
//	@Success		200		{object}	AccessRequestView
//	@Failure		403		{object}	problem.Problem
//	@Failure		404		{object}	problem.Problem
//	@Failure		409		{object}	problem.Problem	"already decided"
//	@Failure		422		{object}	problem.Problem
//	@Router			/api/v1/access-requests/{id}/deny [post]
func (s *Server) denyAccessRequest(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	var req DenyAccessRequestRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	r, err := s.deps.AccessRequests.Deny(c.Request().Context(), callerOf(c), c.Param("id"), req.Reason)
	if err != nil {
		return accessRequestProblem(err)
	}
	return s.writeAccessRequest(c, r)
}

func (s *Server) writeAccessRequest(c echo.Context, r *accessrequest.Request) error {
	names, err := s.deps.Tenants.Names(c.Request().Context(), []string{r.TenantID})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, accessRequestView(r, names))
}

func (s *Server) requestTenantNames(c echo.Context, rows []accessrequest.Request) (map[string]string, error) {
	var ids []string
	for _, r := range rows {
		if !slices.Contains(ids, r.TenantID) {
			ids = append(ids, r.TenantID)
		}
	}
	return s.deps.Tenants.Names(c.Request().Context(), ids)
}

// accessRequestProblem maps the errors of access requests to problems and
// returns any other error unchanged for the error handler.
func accessRequestProblem(err error) error {
	var (
		verr     *accessrequest.ValidationError
		disabled *accessrequest.DisabledError
		open     *accessrequest.OpenRequestError
		limited  *accessrequest.RateLimitError
		decided  *accessrequest.DecidedError
		blocked  *accessrequest.BlockedError
	)
	switch {
	case errors.As(err, &verr):
		return validationProblem(verr.Fields)
	case errors.As(err, &disabled):
		return problem.New(http.StatusForbidden, "access-requests-disabled", "Access requests are switched off",
			"Requesting access is switched off: "+accessrequest.ContactSentence(disabled.Contact)+".")
	case errors.As(err, &open):
		return problem.New(http.StatusConflict, "access-request-pending", "Access request already pending", "Your "+open.Error()+".")
	case errors.As(err, &limited):
		return problem.New(http.StatusTooManyRequests, "access-requests-rate-limited", "Too many access requests", limited.Error()+".")
	case errors.As(err, &decided):
		return problem.New(http.StatusConflict, "access-request-decided", "Access request already decided", decided.Error()+"; reload it.")
	case errors.As(err, &blocked):
		return problem.New(http.StatusConflict, "access-blocked", "Your access is blocked", strings.ToUpper(blocked.Error()[:1])+blocked.Error()[1:]+".")
	case errors.Is(err, accessrequest.ErrActiveUser):
		return problem.New(http.StatusConflict, "already-user", "You already have access", err.Error()+".")
	case errors.Is(err, accessrequest.ErrApplication):
		return problem.New(http.StatusForbidden, "not-a-person", "Applications cannot request access", err.Error()+".")
	case errors.Is(err, accessrequest.ErrNotPermitted):
		return forbidden(access.AccessRequestsDecide)
	case errors.Is(err, accessrequest.ErrNotFound):
		return problem.New(http.StatusNotFound, "not-found", "Access request not found", "No access request with this id exists, or it is outside your access.")
	case errors.Is(err, iam.ErrUserDisabled), errors.Is(err, iam.ErrUserSuspended):
		return problem.New(http.StatusConflict, "user-blocked", "The requester's user is disabled or suspended",
			err.Error()+". Enable the user under Users instead, and deny this request.")
	}
	return err
}
