package httpapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/rosterhq/roster/api/internal/access"
	"github.com/rosterhq/roster/api/internal/config"
	"github.com/rosterhq/roster/api/internal/directory"
	"github.com/rosterhq/roster/api/internal/dirsync"
	"github.com/rosterhq/roster/api/internal/person"
	"github.com/rosterhq/roster/api/internal/problem"
	"github.com/rosterhq/roster/api/internal/tenant"
)

// SyncRunOperations are the fields of a run about retries, the schedule and
// the guard.
type SyncRunOperations struct {
	// FullRequested is set for a run that enumerates everyone on purpose
	// (the periodic full reconciliation). Full reports whether it did.
	FullRequested bool `json:"fullRequested"`
	// ScheduledAt is when a queued retry may start, null for at once.
	ScheduledAt *time.Time `json:"scheduledAt" extensions:"x-nullable"`
	// Attempt is 1, or one more than the previous run's after each
	// consecutive failure.
	Attempt int `json:"attempt" example:"1"`
	// Pending counts who the run would disable or remove, for a run that
	// stopped for confirmation or was discarded.
	Pending *SyncPending `json:"pending" extensions:"x-nullable"`
	// DecidedBy is who confirmed or discarded the run.
	DecidedBy     string     `json:"decidedBy,omitempty"`
	DecidedByName string     `json:"decidedByName,omitempty"`
	DecidedAt     *time.Time `json:"decidedAt" extensions:"x-nullable"`
}

// SyncPending holds the counts the guard stopped: the disables and removals
// a run found, and the number of people it compared them with.
type SyncPending struct {
	Disable int `json:"disable" example:"3"`
	Remove  int `json:"remove" example:"118"`
	// People is the number of the tenant's people who had not left the
	// directory when the run ended.
	People int `json:"people" example:"120"`
} // @name SyncPending

func syncRunOperations(r *dirsync.Run) SyncRunOperations {
	ops := SyncRunOperations{
		FullRequested: r.FullRequested, ScheduledAt: r.ScheduledAt, Attempt: max(r.Attempt, 1),
		DecidedBy: r.DecidedBy, DecidedByName: r.DecidedByName, DecidedAt: r.DecidedAt,
	}
	if r.Status == dirsync.StatusNeedsConfirmation || r.Status == dirsync.StatusDiscarded {
		ops.Pending = &SyncPending{Disable: r.PendingDisables, Remove: r.PendingRemovals, People: r.GuardPopulation}
	}
	return ops
}

// PendingChangeView is a person whom a run would disable or remove.
type PendingChangeView struct {
	Change            string `json:"change" enums:"disable,remove"`
	PersonID          string `json:"personId" format:"uuid"`
	ObjectID          string `json:"objectId" format:"uuid"`
	DisplayName       string `json:"displayName" example:"Adele Vance"`
	UserPrincipalName string `json:"userPrincipalName" example:"adele.vance@fabrikam.example"`
	ContactEmail      string `json:"contactEmail" example:"adele.vance@fabrikam.example"`
	JobTitle          string `json:"jobTitle"`
	Department        string `json:"department"`
	// Status is the person's status now, before the change.
	Status string `json:"status" enums:"enabled,disabled,removed"`
	Guest  bool   `json:"guest"`
} // @name PendingChange

// PendingChangeList is a page of pending changes in display-name order.
type PendingChangeList struct {
	Items      []PendingChangeView `json:"items"`
	NextCursor *string             `json:"nextCursor" extensions:"x-nullable"`
} // @name PendingChangeList

// StartedSyncList lists the runs that "sync all now" started or found active.
type StartedSyncList struct {
	Items []SyncRunView `json:"items"`
} // @name StartedSyncList

// confirmSyncRun godoc
//
//	@Summary		Confirm a run that stopped for confirmation
//	@Description	Applies the disables and removals that the guard held back, stores the run's delta link and marks the run succeeded; the audit trail records who confirmed. Only a run in status needs_confirmation can be confirmed (409 otherwise).
//	@Tags			sync
//	@Produce		json
//	@Security		Bearer
//	@Param			id	path		string	true	"run id"	format(uuid)
//	@Success		200	{object}	SyncRunView
//	@Failure		401	{object}	problem.Problem
//	@Failure		403	{object}	problem.Problem
//	@Failure		404	{object}	problem.Problem
//	@Failure		409	{object}	problem.Problem	"the run is not awaiting confirmation"
//	@Router			/api/v1/sync-runs/{id}/confirm [post]
func (s *Server) confirmSyncRun(c echo.Context) error {
	return s.decideSyncRun(c, s.deps.Sync.Confirm)
}

// discardSyncRun godoc
//
//	@Summary		Discard a run that stopped for confirmation
//	@Description	Rejects the disables and removals that the guard held back: nothing more is applied and the delta link is not stored, so the tenant's next run reads the same changes and stops again unless the directory was fixed. Only a run in status needs_confirmation can be discarded (409 otherwise).
//	@Tags			sync
//	@Produce		json
//	@Security		Bearer
//	@Param			id	path		string	true	"run id"	format(uuid)
//	@Success		200	{object}	SyncRunView
//	@Failure		401	{object}	problem.Problem
//	@Failure		403	{object}	problem.Problem
//	@Failure		404	{object}	problem.Problem
//	@Failure		409	{object}	problem.Problem	"the run is not awaiting confirmation"
//	@Router			/api/v1/sync-runs/{id}/discard [post]
func (s *Server) discardSyncRun(c echo.Context) error {
	return s.decideSyncRun(c, s.deps.Sync.Discard)
}

func (s *Server) decideSyncRun(c echo.Context, decide func(ctx context.Context, runID string) (*dirsync.Run, error)) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	ctx := c.Request().Context()
	run, err := s.deps.Sync.Runs().Get(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	if err := checkTenant(c, run.TenantID, access.SyncConfirm, notFoundErr(dirsync.ErrRunNotFound, run.ID)); err != nil {
		return err
	}
	decided, err := decide(ctx, run.ID)
	if errors.Is(err, dirsync.ErrNotAwaitingDecision) {
		return problem.New(http.StatusConflict, "sync-run-not-awaiting-confirmation", "Sync run is not awaiting confirmation",
			"Run "+run.ID+" is "+run.Status+". Only a run in status needs_confirmation can be confirmed or discarded, once.")
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, syncRunView(decided))
}

// listPendingChanges godoc
//
//	@Summary		List who a run would disable or remove
//	@Description	Lists the disables and removals a run found, with each person as they are now, in display-name order. For a run awaiting confirmation this is who would go on confirm; for a succeeded run, who went.
//	@Tags			sync
//	@Produce		json
//	@Security		Bearer
//	@Param			id		path		string	true	"run id"	format(uuid)
//	@Param			limit	query		int		false	"page size, 1 to 200"	default(50)
//	@Param			cursor	query		string	false	"nextCursor of the previous page"
//	@Success		200		{object}	PendingChangeList
//	@Failure		400		{object}	problem.Problem
//	@Failure		401		{object}	problem.Problem
//	@Failure		403		{object}	problem.Problem
//	@Failure		404		{object}	problem.Problem
//	@Router			/api/v1/sync-runs/{id}/pending-changes [get]
func (s *Server) listPendingChanges(c echo.Context) error {
	if err := onlyQuery(c, "limit", "cursor"); err != nil {
		return err
	}
	limit, err := parseLimit(c)
	if err != nil {
		return err
	}
	var after *person.Cursor
	if raw := c.QueryParam("cursor"); raw != "" {
		if after, err = person.DecodeCursor(raw); err != nil {
			return badParam("cursor", "not a cursor returned by this list; omit it to start from the first page")
		}
	}

	ctx := c.Request().Context()
	run, err := s.deps.Sync.Runs().Get(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	if err := checkTenant(c, run.TenantID, access.SyncRead, notFoundErr(dirsync.ErrRunNotFound, run.ID)); err != nil {
		return err
	}
	rows, next, err := s.deps.Sync.PendingChanges(ctx, run.ID, after, limit)
	if err != nil {
		return err
	}
	out := PendingChangeList{Items: make([]PendingChangeView, len(rows))}
	for i, r := range rows {
		p := r.Person
		out.Items[i] = PendingChangeView{
			Change: r.Change, PersonID: p.ID, ObjectID: deref(p.ObjectID), DisplayName: p.DisplayName,
			UserPrincipalName: p.UserPrincipalName, ContactEmail: p.ContactEmail(), JobTitle: p.JobTitle,
			Department: p.Department, Status: p.Status, Guest: p.Guest(),
		}
	}
	if next != nil {
		cur := next.Encode()
		out.NextCursor = &cur
	}
	return c.JSON(http.StatusOK, out)
}

// startAllSyncs godoc
//
//	@Summary		Sync all now
//	@Description	Starts a sync of every linked tenant in which the caller may run syncs, and returns 202 with one run per tenant: the new run, or the run already queued, running or awaiting confirmation, which blocks a new one until an administrator decides it.
//	@Tags			sync
//	@Produce		json
//	@Security		Bearer
//	@Success		202	{object}	StartedSyncList
//	@Failure		401	{object}	problem.Problem
//	@Failure		403	{object}	problem.Problem
//	@Router			/api/v1/sync [post]
func (s *Server) startAllSyncs(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	allowed := visibleTenants(c, access.SyncRun, nil)
	runs, err := s.deps.Sync.StartAll(c.Request().Context(), dirsync.TriggerAPI, allowed)
	if err != nil {
		return err
	}
	out := StartedSyncList{Items: make([]SyncRunView, len(runs))}
	for i, r := range runs {
		out.Items[i] = syncRunView(r)
	}
	return c.JSON(http.StatusAccepted, out)
}

// SyncHealthView is the sync state of one linked tenant.
type SyncHealthView struct {
	TenantID   string `json:"tenantId" format:"uuid"`
	TenantName string `json:"tenantName" example:"Fabrikam Manufacturing"`
	// State is, from the most urgent: needs_confirmation (a run waits for
	// an administrator), failing (the latest finished run failed), stale
	// (no success within two schedule periods), running, ok.
	State string `json:"state" enums:"needs_confirmation,failing,stale,running,ok"`
	// ConsecutiveFailures counts the failed runs since the last run that
	// did not fail.
	ConsecutiveFailures int          `json:"consecutiveFailures"`
	LastRun             *SyncRunView `json:"lastRun" extensions:"x-nullable"`
	LastSuccessAt       *time.Time   `json:"lastSuccessAt" extensions:"x-nullable"`
} // @name SyncHealth

// SyncHealthList is the sync state of every linked tenant the caller may see.
type SyncHealthList struct {
	Items []SyncHealthView `json:"items"`
	// Counts holds the number of tenants in each state.
	Counts map[string]int `json:"counts"`
	// StaleAfterSeconds is how long a tenant may go without a success
	// before it counts as stale.
	StaleAfterSeconds int64         `json:"staleAfterSeconds" example:"7200"`
	Guard             SyncGuardView `json:"guard"`
} // @name SyncHealthList

// SyncGuardView is the guard in force: a run stops for confirmation when it
// would disable or remove more than percent percent of a tenant's people and
// more than min people.
type SyncGuardView struct {
	Percent int `json:"percent" example:"20"`
	Min     int `json:"min" example:"10"`
} // @name SyncGuard

// getSyncHealth godoc
//
//	@Summary		Sync health of every linked tenant
//	@Description	Lists every linked tenant the caller may see with its latest run and a state, most urgent first: needs_confirmation, failing, stale, running, ok. Live progress of a running sync is in lastRun (pagesRead, peopleWritten).
//	@Tags			sync
//	@Produce		json
//	@Security		Bearer
//	@Success		200	{object}	SyncHealthList
//	@Failure		401	{object}	problem.Problem
//	@Failure		403	{object}	problem.Problem
//	@Router			/api/v1/sync-health [get]
func (s *Server) getSyncHealth(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	ctx := c.Request().Context()
	health, err := s.deps.Sync.Health(ctx, visibleTenants(c, access.SyncRead, nil))
	if err != nil {
		return err
	}
	ids := make([]string, len(health))
	for i, h := range health {
		ids[i] = h.TenantID
	}
	names, err := s.deps.Tenants.Names(ctx, ids)
	if err != nil {
		return err
	}

	policy := s.deps.Sync.Policy()
	out := SyncHealthList{
		Items: make([]SyncHealthView, 0, len(health)), Counts: map[string]int{},
		StaleAfterSeconds: int64(policy.StaleAfter() / time.Second),
		Guard:             SyncGuardView{Percent: policy.GuardPercent, Min: policy.GuardMin},
	}
	for _, state := range healthOrder {
		out.Counts[state] = 0
	}
	for _, h := range health {
		v := SyncHealthView{TenantID: h.TenantID, TenantName: names[h.TenantID], State: h.State, ConsecutiveFailures: h.Failures}
		if h.Latest != nil {
			rv := syncRunView(h.Latest)
			v.LastRun = &rv
		}
		if h.LastSuccess != nil {
			v.LastSuccessAt = h.LastSuccess.FinishedAt
		}
		out.Counts[h.State]++
		out.Items = append(out.Items, v)
	}
	sortHealth(out.Items)
	return c.JSON(http.StatusOK, out)
}

// healthOrder lists the states from the most to the least urgent.
var healthOrder = []string{dirsync.HealthNeedsConfirmation, dirsync.HealthFailing, dirsync.HealthStale, dirsync.HealthRunning, dirsync.HealthOK}

func sortHealth(items []SyncHealthView) {
	rank := map[string]int{}
	for i, s := range healthOrder {
		rank[s] = i
	}
	slices.SortStableFunc(items, func(a, b SyncHealthView) int {
		if d := rank[a.State] - rank[b.State]; d != 0 {
			return d
		}
		return strings.Compare(strings.ToLower(a.TenantName), strings.ToLower(b.TenantName))
	})
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// CustomerView is a customer tenant of the home tenant, as Microsoft Graph
// lists it, and the Roster tenant linked to it.
type CustomerView struct {
	EntraTenantID string `json:"entraTenantId" format:"uuid" example:"2b8e6f4d-1c3a-4e7b-8f90-3d5a7c9e2b02"`
	DisplayName   string `json:"displayName" example:"Fabrikam Manufacturing"`
	DefaultDomain string `json:"defaultDomain" example:"fabrikam.example"`
	// Relationship names the Graph list the customer came from: gdap
	// (delegatedAdminCustomers) or contract (contracts).
	Relationship string             `json:"relationship" enums:"gdap,contract"`
	Linked       bool               `json:"linked"`
	Tenant       *TenantSummaryView `json:"tenant" extensions:"x-nullable"`
} // @name Customer

// TenantSummaryView names a tenant.
type TenantSummaryView struct {
	ID   string `json:"id" format:"uuid"`
	Name string `json:"name" example:"Fabrikam Manufacturing"`
} // @name TenantSummary

// CustomerDiscoveryView lists the home tenant's customers. When Graph failed
// or listed none, items is empty and warning says why; nothing was changed.
type CustomerDiscoveryView struct {
	Items   []CustomerView `json:"items"`
	Warning string         `json:"warning,omitempty"`
	Error   *SyncError     `json:"error" extensions:"x-nullable"`
} // @name CustomerDiscovery

// LinkCustomersRequest selects the customers to link: the Entra tenant ids
// in tenantIds, or every customer not linked yet with all.
type LinkCustomersRequest struct {
	TenantIDs []string `json:"tenantIds" example:"2b8e6f4d-1c3a-4e7b-8f90-3d5a7c9e2b02"`
	All       bool     `json:"all"`
} // @name LinkCustomersRequest

// LinkSkippedView is a requested customer that was not linked.
type LinkSkippedView struct {
	EntraTenantID string `json:"entraTenantId"`
	Reason        string `json:"reason" example:"already linked to tenant \"Fabrikam Manufacturing\""`
} // @name LinkSkipped

// LinkCustomersResult lists the tenants created and the customers skipped.
type LinkCustomersResult struct {
	Linked  []TenantView      `json:"linked"`
	Skipped []LinkSkippedView `json:"skipped"`
	Warning string            `json:"warning,omitempty"`
} // @name LinkCustomersResult

// ConsentCheckView is the outcome of a consent check.
type ConsentCheckView struct {
	TenantID      string    `json:"tenantId" format:"uuid"`
	EntraTenantID string    `json:"entraTenantId" format:"uuid"`
	OK            bool      `json:"ok"`
	CheckedAt     time.Time `json:"checkedAt"`
	// Error says what is missing and what to do, null when ok.
	Error *SyncError `json:"error" extensions:"x-nullable"`
} // @name ConsentCheck

func directoryErrorView(de *directory.Error) *SyncError {
	if de == nil {
		return nil
	}
	return &SyncError{Kind: string(de.Kind), Message: de.Error(), Hint: de.Hint(), HTTPStatus: de.HTTPStatus}
}

// discoverCustomers godoc
//
//	@Summary		List the home tenant's customers from Microsoft Graph
//	@Description	Reads the MSP's customers from Microsoft Graph (GDAP delegatedAdminCustomers, or the older contracts list when that fails or is empty) and shows which are linked to a Roster tenant. A failed or empty answer returns 200 with no items and a warning.
//	@Tags			tenants
//	@Produce		json
//	@Security		Bearer
//	@Success		200	{object}	CustomerDiscoveryView
//	@Failure		401	{object}	problem.Problem
//	@Failure		403	{object}	problem.Problem
//	@Router			/api/v1/customer-discovery [get]
func (s *Server) discoverCustomers(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	found, err := s.deps.Sync.DiscoverCustomers(c.Request().Context(), s.deps.HomeEntraTenantID)
	if err != nil {
		return err
	}
	out := CustomerDiscoveryView{Items: make([]CustomerView, 0, len(found.Customers)), Warning: found.Warning, Error: directoryErrorView(found.Err)}
	for _, dc := range found.Customers {
		v := CustomerView{
			EntraTenantID: dc.TenantID, DisplayName: dc.DisplayName, DefaultDomain: dc.DefaultDomain,
			Relationship: dc.Relationship, Linked: dc.Tenant != nil,
		}
		if dc.Tenant != nil {
			v.Tenant = &TenantSummaryView{ID: dc.Tenant.ID, Name: dc.Tenant.Name}
		}
		out.Items = append(out.Items, v)
	}
	return c.JSON(http.StatusOK, out)
}

// linkCustomers godoc
//
//	@Summary		Link customers of the home tenant
//	@Description	Creates a linked customer tenant for each Entra tenant id in tenantIds, or for every customer not linked yet with all: true, named after the customer. The customers are listed from Graph again first, so only current customers are linked; a failed or empty list links nothing and returns a warning. Customers already linked or not listed are returned in skipped with the reason.
//	@Tags			tenants
//	@Accept			json
//	@Produce		json
//	@Security		Bearer
//	@Param			body	body		LinkCustomersRequest	true	"the customers to link"
//	@Success		200		{object}	LinkCustomersResult
//	@Failure		400		{object}	problem.Problem
//	@Failure		401		{object}	problem.Problem
//	@Failure		403		{object}	problem.Problem
//	@Failure		422		{object}	problem.Problem	"neither or both of tenantIds and all, or an id that is not a GUID"
//	@Router			/api/v1/customer-discovery/link [post]
func (s *Server) linkCustomers(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	var req LinkCustomersRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if req.All == (len(req.TenantIDs) > 0) {
		return validationProblem(map[string]string{"tenantIds": "give either tenantIds (Entra tenant ids of customers) or all: true"})
	}
	for _, id := range req.TenantIDs {
		if !config.IsGUID(strings.TrimSpace(id)) {
			return validationProblem(map[string]string{"tenantIds": fmt.Sprintf("%q is not a GUID", id)})
		}
	}

	res, err := s.deps.Sync.LinkCustomers(c.Request().Context(), s.deps.HomeEntraTenantID, req.TenantIDs, req.All)
	if err != nil {
		return err
	}
	out := LinkCustomersResult{Linked: []TenantView{}, Skipped: []LinkSkippedView{}, Warning: res.Warning}
	for _, l := range res.Linked {
		out.Linked = append(out.Linked, tenantView(l.Tenant, nil))
	}
	for _, sk := range res.Skipped {
		out.Skipped = append(out.Skipped, LinkSkippedView{EntraTenantID: sk.TenantID, Reason: sk.Reason})
	}
	return c.JSON(http.StatusOK, out)
}

// checkConsent godoc
//
//	@Summary		Check Roster's access to a tenant's directory
//	@Description	Gets a token for the tenant and reads one user through Microsoft Graph. ok is true when Roster's application is present in the tenant with permission to read users; otherwise error says what is missing (consent_missing, app_not_in_tenant, bad_credentials, tenant_not_found, ...) and what to do.
//	@Tags			tenants
//	@Produce		json
//	@Security		Bearer
//	@Param			id	path		string	true	"tenant id"	format(uuid)
//	@Success		200	{object}	ConsentCheckView
//	@Failure		401	{object}	problem.Problem
//	@Failure		403	{object}	problem.Problem
//	@Failure		404	{object}	problem.Problem
//	@Failure		409	{object}	problem.Problem	"tenant not linked to Entra ID"
//	@Router			/api/v1/tenants/{id}/check-consent [post]
func (s *Server) checkConsent(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	ctx := c.Request().Context()
	t, err := s.deps.Tenants.Get(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	if err := checkTenant(c, t.ID, access.SyncRun, notFoundErr(tenant.ErrNotFound, t.ID)); err != nil {
		return err
	}
	res, err := s.deps.Sync.CheckConsent(ctx, t.ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ConsentCheckView{
		TenantID: res.TenantID, EntraTenantID: res.EntraTenantID, OK: res.Err == nil,
		CheckedAt: res.CheckedAt, Error: directoryErrorView(res.Err),
	})
}
