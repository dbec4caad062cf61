package httpapi

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"
	"gorm.io/gorm"

	"github.com/rosterhq/roster/api/internal/audit"
	"github.com/rosterhq/roster/api/internal/dirsync"
	"github.com/rosterhq/roster/api/internal/tenant"
)

// getMe godoc
//
//	@Summary		Who the caller is
//	@Description	Returns the identity in the token, the caller's tenant and what the caller may do. Any valid token may call it, including people who have no access yet.
//	@Tags			me
//	@Produce		json
//	@Security		Bearer
//	@Success		200	{object}	MeView
//	@Failure		401	{object}	problem.Problem
//	@Router			/api/v1/me [get]
func (s *Server) getMe(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	p := principalOf(c)
	perms := s.deps.Authorizer.Permissions(p)
	v := MeView{
		ObjectID: p.Claims.ObjectID, TenantID: p.Claims.TenantID, Name: p.Claims.Name,
		Username: p.Claims.PreferredUsername, Kind: "user", IsUser: len(perms) > 0,
		Permissions: make([]string, len(perms)),
	}
	if p.Claims.IsApp() {
		v.Kind, v.AppID = "app", p.Claims.AppID
	}
	for i, perm := range perms {
		v.Permissions[i] = string(perm)
	}
	t, err := s.deps.Tenants.ByEntraID(c.Request().Context(), p.Claims.TenantID)
	if err == nil {
		tv := tenantView(t, nil)
		v.Tenant = &tv
	} else if !errors.Is(err, tenant.ErrNotFound) {
		return err
	}
	return c.JSON(http.StatusOK, v)
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
	tenants, err := s.deps.Tenants.List(ctx, after, limit+1)
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
