package httpapi

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/rosterhq/roster/api/internal/access"
	"github.com/rosterhq/roster/api/internal/dirsync"
	"github.com/rosterhq/roster/api/internal/tenant"
)

// startSync godoc
//
//	@Summary		Start a sync of a tenant's people
//	@Description	Queues a sync run and answers 202 with it. If a run of this tenant is already queued or running, that run is returned instead, so pressing "Sync" twice starts one run. Poll Location until status is succeeded or failed.
//	@Tags			sync
//	@Produce		json
//	@Security		Bearer
//	@Param			id	path		string	true	"tenant id"	format(uuid)
//	@Success		202	{object}	SyncRunView
//	@Header			202	{string}	Location	"URL of the run"
//	@Failure		401	{object}	problem.Problem
//	@Failure		403	{object}	problem.Problem
//	@Failure		404	{object}	problem.Problem
//	@Failure		409	{object}	problem.Problem	"tenant not linked to Entra ID"
//	@Router			/api/v1/tenants/{id}/sync [post]
func (s *Server) startSync(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	t, err := s.deps.Tenants.Get(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	if err := checkTenant(c, t.ID, access.SyncRun, notFoundErr(tenant.ErrNotFound, t.ID)); err != nil {
		return err
	}
	run, _, err := s.deps.Sync.Start(c.Request().Context(), t.ID, dirsync.TriggerAPI)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/sync-runs/"+run.ID)
	return c.JSON(http.StatusAccepted, syncRunView(run))
}

// listSyncRuns godoc
//
//	@Summary	List a tenant's sync runs, newest first
//	@Tags		sync
//	@Produce	json
//	@Security	Bearer
//	@Param		id		path		string	true	"tenant id"	format(uuid)
//	@Param		limit	query		int		false	"page size, 1 to 200"	default(50)
//	@Param		cursor	query		string	false	"nextCursor of the previous page"
//	@Success	200		{object}	SyncRunList
//	@Failure	400		{object}	problem.Problem
//	@Failure	401		{object}	problem.Problem
//	@Failure	403		{object}	problem.Problem
//	@Failure	404		{object}	problem.Problem
//	@Router		/api/v1/tenants/{id}/sync-runs [get]
func (s *Server) listSyncRuns(c echo.Context) error {
	if err := onlyQuery(c, "limit", "cursor"); err != nil {
		return err
	}
	limit, err := parseLimit(c)
	if err != nil {
		return err
	}
	var after *dirsync.RunCursor
	if raw := c.QueryParam("cursor"); raw != "" {
		var cur struct {
			T time.Time `json:"t"`
			I string    `json:"i"`
		}
		if err := decodeCursor(raw, &cur); err != nil {
			return err
		}
		after = &dirsync.RunCursor{QueuedAt: cur.T, ID: cur.I}
	}

	ctx := c.Request().Context()
	t, err := s.deps.Tenants.Get(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	if err := checkTenant(c, t.ID, access.SyncRead, notFoundErr(tenant.ErrNotFound, t.ID)); err != nil {
		return err
	}
	runs, next, err := s.deps.Sync.Runs().List(ctx, t.ID, after, limit)
	if err != nil {
		return err
	}
	out := SyncRunList{Items: make([]SyncRunView, len(runs))}
	for i := range runs {
		out.Items[i] = syncRunView(&runs[i])
	}
	if next != nil {
		out.NextCursor = encodeCursor(map[string]any{"t": next.QueuedAt, "i": next.ID})
	}
	return c.JSON(http.StatusOK, out)
}

// getSyncRun godoc
//
//	@Summary	Read a sync run
//	@Tags		sync
//	@Produce	json
//	@Security	Bearer
//	@Param		id	path		string	true	"run id"	format(uuid)
//	@Success	200	{object}	SyncRunView
//	@Failure	401	{object}	problem.Problem
//	@Failure	403	{object}	problem.Problem
//	@Failure	404	{object}	problem.Problem
//	@Router		/api/v1/sync-runs/{id} [get]
func (s *Server) getSyncRun(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	run, err := s.deps.Sync.Runs().Get(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	if err := checkTenant(c, run.TenantID, access.SyncRead, notFoundErr(dirsync.ErrRunNotFound, run.ID)); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, syncRunView(run))
}
