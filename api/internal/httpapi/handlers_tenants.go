package httpapi

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	"gorm.io/gorm"

	"github.com/rosterhq/roster/api/internal/access"
	"github.com/rosterhq/roster/api/internal/audit"
	"github.com/rosterhq/roster/api/internal/dirsync"
	"github.com/rosterhq/roster/api/internal/iam"
	"github.com/rosterhq/roster/api/internal/problem"
	"github.com/rosterhq/roster/api/internal/tenant"
)

// getMe godoc
//
//	@Summary		Who the caller is and what they may do
//	@Description	Returns the identity in the token, the caller's tenant, whether they are a user (or registered API client) and their effective permissions: those held in every tenant, and per tenant those held beyond them. Any valid token may call it, including people without access, whose access field then says why.
//	@Tags			me
//	@Produce		json
//	@Security		Bearer
//	@Success		200	{object}	MeView
//	@Router			/api/v1/me [get]
func (s *Server) getMe(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	caller := callerOf(c)
	p := caller.Principal
	v := MeView{
		ObjectID: p.Claims.ObjectID, TenantID: p.Claims.TenantID, Name: p.Claims.Name,
		Username: p.Claims.PreferredUsername, Kind: "user", IsUser: caller.IsUser(),
		Permissions: strs(caller.Effective.Union()), AllTenants: strs(caller.Effective.EverywhereList()),
		Tenants: []TenantPermissions{}, Access: accessView(caller),
	}
	if p.Claims.IsApp() {
		v.Kind, v.AppID = "app", p.Claims.AppID
	}
	everywhere := map[string]bool{}
	for _, perm := range v.AllTenants {
		everywhere[perm] = true
	}
	for _, t := range caller.Tenants {
		var extra []string
		for _, perm := range caller.Effective.InTenant(t.ID) {
			if !everywhere[string(perm)] {
				extra = append(extra, string(perm))
			}
		}
		if len(extra) > 0 {
			v.Tenants = append(v.Tenants, TenantPermissions{TenantID: t.ID, Permissions: extra})
		}
	}
	if caller.User != nil {
		v.UserID = caller.User.ID
	}
	if real := caller.Impersonator; real != nil {
		v.Impersonation = &ImpersonationInfo{
			SessionID: caller.ImpersonationSessionID, ImpersonatorID: real.Principal.ID(), ImpersonatorName: real.Principal.DisplayName(),
			EndsAt: caller.ImpersonationEndsAt, ReadOnly: caller.ImpersonationReadOnly,
		}
	}
	if t, err := s.deps.Tenants.ByEntraID(c.Request().Context(), p.Claims.TenantID); err == nil {
		tv := tenantView(t, nil)
		v.Tenant = &tv
	} else if !errors.Is(err, tenant.ErrNotFound) {
		return err
	}
	return c.JSON(http.StatusOK, v)
}

func strs[T ~string](in []T) []string {
	out := make([]string, len(in))
	for i, v := range in {
		out[i] = string(v)
	}
	return out
}

func accessView(caller *iam.Caller) AccessStatus {
	switch {
	case caller.Refusal != nil:
		p := refusalProblem(caller.Refusal)
		a := AccessStatus{Status: strings.TrimPrefix(p.Type, problem.TypePrefix), Detail: p.Detail}
		if caller.User != nil {
			a.ExpiresAt = caller.User.ExpiresAt
		}
		return a
	case caller.User != nil:
		return AccessStatus{Status: "active", ExpiresAt: caller.User.ExpiresAt}
	case caller.Client != nil:
		return AccessStatus{Status: "active"}
	}
	return AccessStatus{Status: "none", Detail: "You have no access to Roster yet."}
}

// listTenants godoc
//
//	@Summary	List tenants
//	@Tags		tenants
//	@Produce	json
//	@Security	Bearer
//	@Param		limit	query		int		false	"page size, 1 to 200"	default(50)
//	@Param		cursor	query		string	false	"nextCursor of the previous page"
//	@Success	200		{object}	TenantList
//	@Failure	400		{object}	problem.Problem
//	@Failure	401		{object}	problem.Problem
//	@Failure	403		{object}	problem.Problem
//	@Router		/api/v1/tenants [get]
func (s *Server) listTenants(c echo.Context) error {
	if err := onlyQuery(c, "limit", "cursor"); err != nil {
		return err
	}
	limit, err := parseLimit(c)
	if err != nil {
		return err
	}
	var after *tenant.Tenant
	if raw := c.QueryParam("cursor"); raw != "" {
		var cur struct {
			Name string `json:"n"`
			ID   string `json:"i"`
		}
		if err := decodeCursor(raw, &cur); err != nil {
			return err
		}
		after = &tenant.Tenant{Name: cur.Name, ID: cur.ID}
	}

	ctx := c.Request().Context()
	tenants, err := s.deps.Tenants.List(ctx, visibleTenants(c, access.TenantsRead, nil), after, limit+1)
	if err != nil {
		return err
	}
	out := TenantList{Items: []TenantView{}}
	if len(tenants) > limit {
		tenants = tenants[:limit]
		last := tenants[len(tenants)-1]
		out.NextCursor = encodeCursor(map[string]string{"n": last.Name, "i": last.ID})
	}
	ids := make([]string, len(tenants))
	for i := range tenants {
		ids[i] = tenants[i].ID
	}
	latest, err := s.deps.Sync.Runs().Latest(ctx, ids)
	if err != nil {
		return err
	}
	if err := s.deps.Tenants.LoadTags(ctx, tenants); err != nil {
		return err
	}
	for i := range tenants {
		var last *dirsync.Run
		if r, ok := latest[tenants[i].ID]; ok {
			last = &r
		}
		out.Items = append(out.Items, tenantView(&tenants[i], last))
	}
	return c.JSON(http.StatusOK, out)
}

// createTenant godoc
//
//	@Summary		Create a customer tenant
//	@Description	Creates a customer tenant, linked to its Entra tenant when entraTenantId is given. An Entra tenant id can be linked once.
//	@Tags			tenants
//	@Accept			json
//	@Produce		json
//	@Security		Bearer
//	@Param			body	body		CreateTenantRequest	true	"the new tenant"
//	@Success		201		{object}	TenantView
//	@Header			201		{string}	Location	"URL of the new tenant"
//	@Failure		400		{object}	problem.Problem
//	@Failure		401		{object}	problem.Problem
//	@Failure		403		{object}	problem.Problem
//	@Failure		409		{object}	problem.Problem	"Entra tenant id already linked, or name taken"
//	@Failure		422		{object}	problem.Problem	"invalid fields, listed in errors"
//	@Router			/api/v1/tenants [post]
func (s *Server) createTenant(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	var req CreateTenantRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	ctx := c.Request().Context()
	t, err := s.deps.Tenants.CreateCustomer(ctx, tenant.NewCustomer{
		Name: req.Name, EntraTenantID: req.EntraTenantID, PrimaryDomain: req.PrimaryDomain,
	}, func(tx *gorm.DB, t *tenant.Tenant) error {
		return audit.Record(ctx, tx, audit.Entry{
			Action: "tenant.created", TargetType: "tenant", TargetID: t.ID, TenantID: t.ID,
			After: map[string]any{"name": t.Name, "entraTenantId": t.EntraTenantID, "primaryDomain": t.PrimaryDomain},
		})
	})
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/tenants/"+t.ID)
	return c.JSON(http.StatusCreated, tenantView(t, nil))
}

// getTenant godoc
//
//	@Summary	Read a tenant
//	@Tags		tenants
//	@Produce	json
//	@Security	Bearer
//	@Param		id	path		string	true	"tenant id"	format(uuid)
//	@Success	200	{object}	TenantView
//	@Failure	401	{object}	problem.Problem
//	@Failure	403	{object}	problem.Problem
//	@Failure	404	{object}	problem.Problem
//	@Router		/api/v1/tenants/{id} [get]
func (s *Server) getTenant(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	ctx := c.Request().Context()
	t, err := s.deps.Tenants.Get(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	if err := checkTenant(c, t.ID, access.TenantsRead, notFoundErr(tenant.ErrNotFound, t.ID)); err != nil {
		return err
	}
	return s.writeTenant(c, t)
}

func (s *Server) writeTenant(c echo.Context, t *tenant.Tenant) error {
	ctx := c.Request().Context()
	list := []tenant.Tenant{*t}
	if err := s.deps.Tenants.LoadTags(ctx, list); err != nil {
		return err
	}
	t = &list[0]
	c.Response().Header().Set("ETag", etagOf(t.Version))
	latest, err := s.deps.Sync.Runs().Latest(ctx, []string{t.ID})
	if err != nil {
		return err
	}
	var last *dirsync.Run
	if r, ok := latest[t.ID]; ok {
		last = &r
	}
	return c.JSON(http.StatusOK, tenantView(t, last))
}

// patchTenant godoc
//
//	@Summary		Change a tenant's name, domain, tags or guest sync
//	@Description	Tags decide which tenants tag-scoped role assignments cover, so changing them needs tenants:update in the tenant. syncGuests false makes the sync skip guest accounts; guests synced before stay but are no longer updated.
//	@Tags			tenants
//	@Accept			json
//	@Produce		json
//	@Security		Bearer
//	@Param			id			path		string				true	"tenant id"	format(uuid)
//	@Param			If-Match	header		string				false	"ETag from the last read; when sent, a stale one is refused with 412"
//	@Param			body		body		PatchTenantRequest	true	"fields to change"
//	@Success		200		{object}	TenantView
//	@Failure		403		{object}	problem.Problem
//	@Failure		404		{object}	problem.Problem
//	@Failure		409		{object}	problem.Problem
//	@Failure		412		{object}	problem.Problem
//	@Failure		422		{object}	problem.Problem
//	@Router			/api/v1/tenants/{id} [patch]
func (s *Server) patchTenant(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	var req PatchTenantRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	ctx := c.Request().Context()
	t, err := s.deps.Tenants.Get(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	if err := checkTenant(c, t.ID, access.TenantsUpdate, notFoundErr(tenant.ErrNotFound, t.ID)); err != nil {
		return err
	}
	// If-Match is checked when sent.
	var version int64
	if c.Request().Header.Get("If-Match") != "" {
		if version, err = ifMatchVersion(c); err != nil {
			return err
		}
	}
	updated, err := s.deps.Tenants.Update(ctx, t.ID, version, req.Name, req.PrimaryDomain, req.Tags, req.SyncGuests, func(tx *gorm.DB, before, after *tenant.Tenant) error {
		return audit.Record(ctx, tx, audit.Entry{
			Action: "tenant.updated", TargetType: "tenant", TargetID: t.ID, TargetName: after.Name, TenantID: t.ID,
			Before: map[string]any{"name": before.Name, "primaryDomain": before.PrimaryDomain, "tags": before.Tags, "syncGuests": before.SyncGuests},
			After:  map[string]any{"name": after.Name, "primaryDomain": after.PrimaryDomain, "tags": after.Tags, "syncGuests": after.SyncGuests},
		})
	})
	if err != nil {
		return err
	}
	return s.writeTenant(c, updated)
}
