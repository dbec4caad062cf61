package httpapi

import (
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/rosterhq/roster/api/internal/access"
	"github.com/rosterhq/roster/api/internal/impersonation"
	"github.com/rosterhq/roster/api/internal/problem"
)

// ImpersonationSessionView is one session.
type ImpersonationSessionView struct {
	ID               string     `json:"id" format:"uuid"`
	ImpersonatorID   string     `json:"impersonatorId"`
	ImpersonatorName string     `json:"impersonatorName"`
	TargetUserID     string     `json:"targetUserId" format:"uuid"`
	TargetName       string     `json:"targetName"`
	TenantID         string     `json:"tenantId" format:"uuid"`
	Reason           string     `json:"reason"`
	Mode             string     `json:"mode" enums:"read-only,full"`
	StartedAt        time.Time  `json:"startedAt"`
	ExpiresAt        time.Time  `json:"expiresAt"`
	EndedAt          *time.Time `json:"endedAt" extensions:"x-nullable"`
	EndReason        string     `json:"endReason,omitempty"`
	Active           bool       `json:"active"`
	// DurationSeconds is how long the session ran, or has run so far.
	DurationSeconds int64 `json:"durationSeconds"`
} // @name ImpersonationSession

// ImpersonationSessionList is a page of sessions, newest first.
type ImpersonationSessionList struct {
	Items      []ImpersonationSessionView `json:"items"`
	NextCursor *string                    `json:"nextCursor" extensions:"x-nullable"`
} // @name ImpersonationSessionList

// StartImpersonationRequest starts a session.
type StartImpersonationRequest struct {
	TargetUserID string `json:"targetUserId" format:"uuid"`
	Reason       string `json:"reason" example:"Ticket 4711: user cannot see their team"`
	// DurationMinutes defaults to, and may not exceed, the configured maximum.
	DurationMinutes int `json:"durationMinutes,omitempty" example:"30"`
} // @name StartImpersonationRequest

func sessionView(s *impersonation.Session) ImpersonationSessionView {
	now := time.Now().UTC()
	end := now
	if s.EndedAt != nil {
		end = *s.EndedAt
	} else if end.After(s.ExpiresAt) {
		end = s.ExpiresAt
	}
	return ImpersonationSessionView{
		ID: s.ID, ImpersonatorID: s.ImpersonatorID, ImpersonatorName: s.ImpersonatorName, TargetUserID: s.TargetUserID,
		TargetName: s.TargetName, TenantID: s.TenantID, Reason: s.Reason, Mode: s.Mode, StartedAt: s.StartedAt,
		ExpiresAt: s.ExpiresAt, EndedAt: s.EndedAt, EndReason: s.EndReason, Active: s.Active(now),
		DurationSeconds: int64(end.Sub(s.StartedAt).Seconds()),
	}
}

// startImpersonation godoc
//
//	@Summary		Start impersonating a user
//	@Description	Needs impersonation turned on in the settings, users:impersonate in the target's tenant, a reason, and a target whose permissions are all within the caller's. Then send the session id in the X-Roster-Impersonation header with your own token; the API acts with the target's permissions and records every request with both identities.
//	@Tags			impersonation
//	@Accept			json
//	@Produce		json
//	@Security		Bearer
//	@Param			body	body		StartImpersonationRequest	true	"whom and why"
//	@Success		201		{object}	ImpersonationSessionView
//	@Failure		403		{object}	problem.Problem
//	@Failure		404		{object}	problem.Problem
//	@Failure		409		{object}	problem.Problem
//	@Failure		422		{object}	problem.Problem
//	@Router			/api/v1/impersonation-sessions [post]
func (s *Server) startImpersonation(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	var req StartImpersonationRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	sess, err := s.deps.Impersonation.Start(c.Request().Context(), callerOf(c), req.TargetUserID, req.Reason, time.Duration(req.DurationMinutes)*time.Minute)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/impersonation-sessions/"+sess.ID)
	return c.JSON(http.StatusCreated, sessionView(sess))
}

// stopImpersonation godoc
//
//	@Summary	End an impersonation session
//	@Tags		impersonation
//	@Security	Bearer
//	@Param		id	path	string	true	"session id"	format(uuid)
//	@Success	204
//	@Failure	403	{object}	problem.Problem
//	@Failure	404	{object}	problem.Problem
//	@Router		/api/v1/impersonation-sessions/{id} [delete]
func (s *Server) stopImpersonation(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	if err := s.deps.Impersonation.Stop(c.Request().Context(), callerOf(c), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// listImpersonations godoc
//
//	@Summary		List impersonation sessions, newest first
//	@Description	Sessions whose target belongs to a tenant where the caller may read users: administrators see all, a tenant's administrators see those of their users.
//	@Tags			impersonation
//	@Produce		json
//	@Security		Bearer
//	@Param			limit	query		int		false	"page size, 1 to 200"	default(50)
//	@Param			cursor	query		string	false	"nextCursor of the previous page"
//	@Success		200		{object}	ImpersonationSessionList
//	@Failure		403		{object}	problem.Problem
//	@Router			/api/v1/impersonation-sessions [get]
func (s *Server) listImpersonations(c echo.Context) error {
	if err := onlyQuery(c, "limit", "cursor"); err != nil {
		return err
	}
	limit, err := parseLimit(c)
	if err != nil {
		return err
	}
	var before *time.Time
	if raw := c.QueryParam("cursor"); raw != "" {
		var cur struct {
			T time.Time `json:"t"`
		}
		if err := decodeCursor(raw, &cur); err != nil {
			return err
		}
		before = &cur.T
	}
	eff := callerOf(c).Effective
	var tenants []string
	if !eff.Everywhere(access.UsersRead) {
		tenants = eff.Tenants(access.UsersRead)
	}
	sessions, err := s.deps.Impersonation.List(c.Request().Context(), tenants, limit+1, before)
	if err != nil {
		return err
	}
	out := ImpersonationSessionList{Items: []ImpersonationSessionView{}}
	if len(sessions) > limit {
		sessions = sessions[:limit]
		out.NextCursor = encodeCursor(map[string]any{"t": sessions[len(sessions)-1].StartedAt})
	}
	for i := range sessions {
		out.Items = append(out.Items, sessionView(&sessions[i]))
	}
	return c.JSON(http.StatusOK, out)
}

func impersonationProblem(err error) *problem.Problem {
	switch {
	case errors.Is(err, impersonation.ErrDisabled):
		return problem.New(http.StatusForbidden, "impersonation-disabled", "Impersonation is off", err.Error()+".")
	case errors.Is(err, impersonation.ErrNested):
		return problem.New(http.StatusForbidden, "impersonation-nested", "Already impersonating", err.Error()+"; stop the current session first.")
	case errors.Is(err, impersonation.ErrSelf):
		return problem.New(http.StatusForbidden, "impersonation-self", "Cannot impersonate yourself", err.Error()+".")
	case errors.Is(err, impersonation.ErrTargetInvalid):
		return problem.New(http.StatusForbidden, "impersonation-target-inactive", "Target not active", err.Error()+".")
	case errors.Is(err, impersonation.ErrWider):
		return problem.New(http.StatusForbidden, "impersonation-wider-target", "Target has more rights than you", err.Error()+"; you can only impersonate users whose permissions are within yours.")
	case errors.Is(err, impersonation.ErrEnded):
		return problem.New(http.StatusForbidden, "impersonation-ended", "Impersonation session ended", err.Error()+"; drop the "+impersonation.Header+" header.")
	case errors.Is(err, impersonation.ErrNotFound):
		return problem.New(http.StatusNotFound, "not-found", "Impersonation session not found", err.Error()+", or it is not yours.")
	case errors.Is(err, impersonation.ErrActive):
		return problem.New(http.StatusConflict, "impersonation-active", "Session already running", err.Error()+"; stop it first.")
	case errors.Is(err, impersonation.ErrForbidden):
		return problem.New(http.StatusForbidden, "impersonation-forbidden", "Not allowed while impersonating", "Managing users, roles, grants, API clients and settings is not allowed while impersonating. Stop the session first.")
	case errors.Is(err, impersonation.ErrReadOnly):
		return problem.New(http.StatusForbidden, "impersonation-read-only", "Read-only impersonation", "This impersonation session is read-only: only GET requests are allowed. An administrator can allow full impersonation in the settings.")
	case errors.Is(err, impersonation.ErrNotAUser):
		return problem.New(http.StatusForbidden, "impersonation-not-a-user", "Only users can impersonate", err.Error()+".")
	}
	return nil
}
