package httpapi

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/rosterhq/roster/api/internal/access"
	"github.com/rosterhq/roster/api/internal/iam"
)

// listPermissions godoc
//
//	@Summary	The permission catalogue
//	@Tags		roles
//	@Produce	json
//	@Security	Bearer
//	@Success	200	{object}	PermissionList
//	@Failure	403	{object}	problem.Problem
//	@Router		/api/v1/permissions [get]
func (s *Server) listPermissions(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	out := PermissionList{Items: make([]PermissionView, len(access.Catalogue))}
	for i, p := range access.Catalogue {
		out.Items[i] = PermissionView{Permission: string(p.Permission), Subject: p.Subject, DisplayName: p.DisplayName,
			Description: p.Description, Category: p.Category, HighRisk: p.HighRisk, MSPOnly: p.MSPOnly}
	}
	return c.JSON(http.StatusOK, out)
}

// listRoles godoc
//
//	@Summary	List roles, built-in first
//	@Tags		roles
//	@Produce	json
//	@Security	Bearer
//	@Success	200	{object}	RoleList
//	@Failure	403	{object}	problem.Problem
//	@Router		/api/v1/roles [get]
func (s *Server) listRoles(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	roles, err := s.deps.IAM.Roles.List(c.Request().Context())
	if err != nil {
		return err
	}
	out := RoleList{Items: make([]RoleView, len(roles))}
	for i := range roles {
		out.Items[i] = roleView(&roles[i])
	}
	return c.JSON(http.StatusOK, out)
}

// getRole godoc
//
//	@Summary	Read a role and who holds it
//	@Tags		roles
//	@Produce	json
//	@Security	Bearer
//	@Param		id	path		string	true	"role id"	format(uuid)
//	@Success	200	{object}	RoleView
//	@Failure	403	{object}	problem.Problem
//	@Failure	404	{object}	problem.Problem
//	@Router		/api/v1/roles/{id} [get]
func (s *Server) getRole(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	ctx := c.Request().Context()
	r, err := s.deps.IAM.Roles.Get(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	v := roleView(r)
	v.Assignments = []AssignmentView{}
	if callerOf(c).Effective.Any(access.RoleAssignmentsRead) {
		rows, err := s.deps.IAM.ListAssignments(ctx, iam.AssignmentFilter{RoleID: r.ID, VisibleTenants: visibleTenants(c, access.RoleAssignmentsRead, nil)}, 1000, nil)
		if err != nil {
			return err
		}
		for _, a := range rows {
			v.Assignments = append(v.Assignments, assignmentView(a))
		}
	}
	c.Response().Header().Set("ETag", v.ETag)
	return c.JSON(http.StatusOK, v)
}

func (r RoleRequest) input() iam.RoleInput {
	perms := make([]access.Permission, len(r.Permissions))
	for i, p := range r.Permissions {
		perms[i] = access.Permission(p)
	}
	return iam.RoleInput{Name: r.Name, Description: r.Description, Permissions: perms}
}

// createRole godoc
//
//	@Summary		Create a custom role
//	@Description	Only permissions the caller holds in every tenant can go into a role.
//	@Tags			roles
//	@Accept			json
//	@Produce		json
//	@Security		Bearer
//	@Param			body	body		RoleRequest	true	"the role"
//	@Success		201		{object}	RoleView
//	@Failure		403		{object}	problem.Problem
//	@Failure		409		{object}	problem.Problem
//	@Failure		422		{object}	problem.Problem
//	@Router			/api/v1/roles [post]
func (s *Server) createRole(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	var req RoleRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	r, err := s.deps.IAM.CreateRole(c.Request().Context(), callerOf(c), req.input())
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/roles/"+r.ID)
	return c.JSON(http.StatusCreated, roleView(r))
}

// cloneRole godoc
//
//	@Summary	Copy a role into a new custom role
//	@Tags		roles
//	@Accept		json
//	@Produce	json
//	@Security	Bearer
//	@Param		id		path		string				true	"role id"	format(uuid)
//	@Param		body	body		CloneRoleRequest	false	"name of the copy"
//	@Success	201		{object}	RoleView
//	@Failure	403		{object}	problem.Problem
//	@Failure	404		{object}	problem.Problem
//	@Failure	409		{object}	problem.Problem
//	@Failure	422		{object}	problem.Problem
//	@Router		/api/v1/roles/{id}/clone [post]
func (s *Server) cloneRole(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	var req CloneRoleRequest
	if c.Request().ContentLength != 0 {
		if err := decodeJSON(c, &req); err != nil {
			return err
		}
	}
	r, err := s.deps.IAM.CloneRole(c.Request().Context(), callerOf(c), c.Param("id"), req.Name)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/roles/"+r.ID)
	return c.JSON(http.StatusCreated, roleView(r))
}

// updateRole godoc
//
//	@Summary	Replace a custom role's name, description and permissions
//	@Tags		roles
//	@Accept		json
//	@Produce	json
//	@Security	Bearer
//	@Param		id			path		string		true	"role id"	format(uuid)
//	@Param		If-Match	header		string		true	"ETag from the last read"
//	@Param		body		body		RoleRequest	true	"the role"
//	@Success	200			{object}	RoleView
//	@Failure	403			{object}	problem.Problem
//	@Failure	404			{object}	problem.Problem
//	@Failure	409			{object}	problem.Problem	"built-in role, name taken, or it would leave no administrator"
//	@Failure	412			{object}	problem.Problem
//	@Failure	422			{object}	problem.Problem
//	@Failure	428			{object}	problem.Problem
//	@Router		/api/v1/roles/{id} [patch]
func (s *Server) updateRole(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	version, err := ifMatchVersion(c)
	if err != nil {
		return err
	}
	var req RoleRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	r, err := s.deps.IAM.UpdateRole(c.Request().Context(), callerOf(c), c.Param("id"), version, req.input())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, roleView(r))
}

// deleteRole godoc
//
//	@Summary	Delete a custom role nobody holds
//	@Tags		roles
//	@Security	Bearer
//	@Param		id	path	string	true	"role id"	format(uuid)
//	@Success	204
//	@Failure	403	{object}	problem.Problem
//	@Failure	404	{object}	problem.Problem
//	@Failure	409	{object}	problem.Problem	"built-in, or still assigned"
//	@Router		/api/v1/roles/{id} [delete]
func (s *Server) deleteRole(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	if err := s.deps.IAM.DeleteRole(c.Request().Context(), callerOf(c), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// listUsers godoc
//
//	@Summary		List users
//	@Description	Users of the tenants where the caller may read users. expiringWithin takes a duration in days or hours, such as 7d or 36h.
//	@Tags			users
//	@Produce		json
//	@Security		Bearer
//	@Param			tenantId		query		string	false	"only users of this tenant"	format(uuid)
//	@Param			roleId			query		string	false	"only holders of this role"	format(uuid)
//	@Param			status			query		string	false	"only users with this status"	Enums(active, disabled, suspended, expired)
//	@Param			expiringWithin	query		string	false	"only active users whose access ends within this long, e.g. 7d"
//	@Param			q				query		string	false	"search in name, mail and user principal name"
//	@Param			limit			query		int		false	"page size, 1 to 200"	default(50)
//	@Param			cursor			query		string	false	"nextCursor of the previous page"
//	@Success		200				{object}	UserList
//	@Failure		403				{object}	problem.Problem
//	@Router			/api/v1/users [get]
func (s *Server) listUsers(c echo.Context) error {
	if err := onlyQuery(c, "tenantId", "roleId", "status", "expiringWithin", "q", "limit", "cursor"); err != nil {
		return err
	}
	f := iam.UserFilter{Status: c.QueryParam("status"), Query: strings.TrimSpace(c.QueryParam("q"))}
	switch f.Status {
	case "", iam.StatusActive, iam.StatusDisabled, iam.StatusSuspended, iam.StatusExpired:
	default:
		return badParam("status", fmt.Sprintf("%q is not one of active, disabled, suspended, expired", f.Status))
	}
	var requested []string
	if raw := c.QueryParam("tenantId"); raw != "" {
		if _, err := uuid.Parse(raw); err != nil {
			return badParam("tenantId", fmt.Sprintf("%q is not a tenant id", raw))
		}
		requested = []string{strings.ToLower(raw)}
	}
	if raw := c.QueryParam("roleId"); raw != "" {
		if _, err := uuid.Parse(raw); err != nil {
			return badParam("roleId", fmt.Sprintf("%q is not a role id", raw))
		}
		f.RoleID = strings.ToLower(raw)
	}
	if raw := c.QueryParam("expiringWithin"); raw != "" {
		d, err := parseDays(raw)
		if err != nil {
			return badParam("expiringWithin", err.Error())
		}
		f.ExpiringWithin = d
	}
	limit, err := parseLimit(c)
	if err != nil {
		return err
	}
	var after *iam.UserCursor
	if raw := c.QueryParam("cursor"); raw != "" {
		after = &iam.UserCursor{}
		if err := decodeCursor(raw, after); err != nil {
			return err
		}
	}
	f.TenantIDs = visibleTenants(c, access.UsersRead, requested)
	rows, next, err := s.deps.IAM.Users.List(c.Request().Context(), f, after, limit)
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	out := UserList{Items: make([]UserView, len(rows))}
	for i := range rows {
		out.Items[i] = userView(&rows[i], now)
	}
	if next != nil {
		out.NextCursor = encodeCursor(next)
	}
	return c.JSON(http.StatusOK, out)
}

// parseDays reads "7d", "36h" or a Go duration.
func parseDays(raw string) (time.Duration, error) {
	if n, ok := strings.CutSuffix(raw, "d"); ok {
		days, err := strconv.Atoi(n)
		if err == nil && days > 0 && days <= 3650 {
			return time.Duration(days) * 24 * time.Hour, nil
		}
	} else if d, err := time.ParseDuration(raw); err == nil && d > 0 {
		return d, nil
	}
	return 0, fmt.Errorf("%q is not a duration such as 7d or 36h", raw)
}

// getUser godoc
//
//	@Summary	Read a user with their role assignments
//	@Tags		users
//	@Produce	json
//	@Security	Bearer
//	@Param		id	path		string	true	"user id"	format(uuid)
//	@Success	200	{object}	UserView
//	@Failure	403	{object}	problem.Problem
//	@Failure	404	{object}	problem.Problem
//	@Router		/api/v1/users/{id} [get]
func (s *Server) getUser(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	return s.writeUser(c, http.StatusOK, c.Param("id"))
}

func (s *Server) writeUser(c echo.Context, status int, id string) error {
	ctx := c.Request().Context()
	u, err := s.deps.IAM.Users.Get(ctx, id)
	if err != nil {
		return err
	}
	if err := checkTenant(c, u.TenantID, access.UsersRead, notFoundErr(iam.ErrUserNotFound, id)); err != nil {
		return err
	}
	v := userView(u, time.Now().UTC())
	v.Assignments = []AssignmentView{}
	rows, err := s.deps.IAM.ListAssignments(ctx, iam.AssignmentFilter{PrincipalType: iam.PrincipalUser, PrincipalID: u.ID}, 1000, nil)
	if err != nil {
		return err
	}
	for _, a := range rows {
		v.Assignments = append(v.Assignments, assignmentView(a))
	}
	c.Response().Header().Set("ETag", v.ETag)
	return c.JSON(status, v)
}

// grantUsers godoc
//
//	@Summary		Grant access to one or many people
//	@Description	Makes each person a user with the given role assignments, all or none. The caller must hold users:grant in each person's tenant and every permission of each role across its scope. A customer-tenant person can only be given assignments in their own tenant.
//	@Tags			users
//	@Accept			json
//	@Produce		json
//	@Security		Bearer
//	@Param			body	body		GrantRequest	true	"who, which roles where, until when"
//	@Success		201		{object}	UserList
//	@Failure		403		{object}	problem.Problem
//	@Failure		404		{object}	problem.Problem
//	@Failure		409		{object}	problem.Problem
//	@Failure		422		{object}	problem.Problem
//	@Router			/api/v1/users [post]
func (s *Server) grantUsers(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	var req GrantRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	in := iam.GrantInput{PersonIDs: req.PersonIDs, ExpiresAt: req.ExpiresAt, Reason: req.Reason}
	for _, a := range req.Assignments {
		in.Assignments = append(in.Assignments, a.input())
	}
	created, err := s.deps.IAM.Grant(c.Request().Context(), callerOf(c), in)
	if err != nil {
		return err
	}
	out := UserList{Items: []UserView{}}
	for _, u := range created {
		row, err := s.deps.IAM.Users.Get(c.Request().Context(), u.ID)
		if err != nil {
			return err
		}
		out.Items = append(out.Items, userView(row, time.Now().UTC()))
	}
	return c.JSON(http.StatusCreated, out)
}

// patchUser godoc
//
//	@Summary		Change a user's access expiry
//	@Description	expiresAt null removes the expiry. Send the user's ETag in If-Match.
//	@Tags			users
//	@Accept			json
//	@Produce		json
//	@Security		Bearer
//	@Param			id			path		string				true	"user id"	format(uuid)
//	@Param			If-Match	header		string				true	"ETag from the last read"
//	@Param			body		body		UserPatchRequest	true	"new expiry"
//	@Success		200			{object}	UserView
//	@Failure		403			{object}	problem.Problem
//	@Failure		404			{object}	problem.Problem
//	@Failure		409			{object}	problem.Problem	"would leave no administrator"
//	@Failure		412			{object}	problem.Problem
//	@Failure		422			{object}	problem.Problem
//	@Failure		428			{object}	problem.Problem
//	@Router			/api/v1/users/{id} [patch]
func (s *Server) patchUser(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	version, err := ifMatchVersion(c)
	if err != nil {
		return err
	}
	var req UserPatchRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if _, err := s.deps.IAM.SetExpiry(c.Request().Context(), callerOf(c), c.Param("id"), version, req.ExpiresAt, req.Reason); err != nil {
		return err
	}
	return s.writeUser(c, http.StatusOK, c.Param("id"))
}

// bulkExpiry godoc
//
//	@Summary	Set the access expiry of many users, all or none
//	@Tags		users
//	@Accept		json
//	@Produce	json
//	@Security	Bearer
//	@Param		body	body		BulkExpiryRequest	true	"users and the new expiry"
//	@Success	200		{object}	UserList
//	@Failure	403		{object}	problem.Problem
//	@Failure	404		{object}	problem.Problem
//	@Failure	409		{object}	problem.Problem
//	@Failure	422		{object}	problem.Problem
//	@Router		/api/v1/users/bulk-expiry [post]
func (s *Server) bulkExpiry(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	var req BulkExpiryRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	users, err := s.deps.IAM.SetExpiryBulk(c.Request().Context(), callerOf(c), req.UserIDs, req.ExpiresAt, req.Reason)
	if err != nil {
		return err
	}
	out := UserList{Items: []UserView{}}
	for _, u := range users {
		row, err := s.deps.IAM.Users.Get(c.Request().Context(), u.ID)
		if err != nil {
			return err
		}
		out.Items = append(out.Items, userView(row, time.Now().UTC()))
	}
	return c.JSON(http.StatusOK, out)
}

// disableUser godoc
//
//	@Summary	Disable a user, with a reason
//	@Tags		users
//	@Accept		json
//	@Produce	json
//	@Security	Bearer
//	@Param		id		path		string			true	"user id"	format(uuid)
//	@Param		body	body		ReasonRequest	true	"why"
//	@Success	200		{object}	UserView
//	@Failure	403		{object}	problem.Problem
//	@Failure	404		{object}	problem.Problem
//	@Failure	409		{object}	problem.Problem	"would leave no administrator"
//	@Failure	422		{object}	problem.Problem
//	@Router		/api/v1/users/{id}/disable [post]
func (s *Server) disableUser(c echo.Context) error { return s.setUserStatus(c, false) }

// enableUser godoc
//
//	@Summary		Enable a disabled or suspended user, with a reason
//	@Description	A user suspended because their account was disabled or removed in Entra ID can be enabled only once the account is enabled there again.
//	@Tags			users
//	@Accept			json
//	@Produce		json
//	@Security		Bearer
//	@Param			id		path		string			true	"user id"	format(uuid)
//	@Param			body	body		ReasonRequest	true	"why"
//	@Success		200		{object}	UserView
//	@Failure		403		{object}	problem.Problem
//	@Failure		404		{object}	problem.Problem
//	@Failure		422		{object}	problem.Problem
//	@Router			/api/v1/users/{id}/enable [post]
func (s *Server) enableUser(c echo.Context) error { return s.setUserStatus(c, true) }

func (s *Server) setUserStatus(c echo.Context, enable bool) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	var req ReasonRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if _, err := s.deps.IAM.SetStatus(c.Request().Context(), callerOf(c), c.Param("id"), enable, req.Reason); err != nil {
		return err
	}
	return s.writeUser(c, http.StatusOK, c.Param("id"))
}

// removeUser godoc
//
//	@Summary	Remove a user's access
//	@Tags		users
//	@Security	Bearer
//	@Param		id		path	string	true	"user id"	format(uuid)
//	@Param		reason	query	string	false	"why, recorded in the audit trail"
//	@Success	204
//	@Failure	403	{object}	problem.Problem
//	@Failure	404	{object}	problem.Problem
//	@Failure	409	{object}	problem.Problem	"would leave no administrator"
//	@Router		/api/v1/users/{id} [delete]
func (s *Server) removeUser(c echo.Context) error {
	if err := onlyQuery(c, "reason"); err != nil {
		return err
	}
	if err := s.deps.IAM.Remove(c.Request().Context(), callerOf(c), c.Param("id"), c.QueryParam("reason")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// explainAccess godoc
//
//	@Summary		Why a user may or may not do each thing in a tenant
//	@Description	For every permission: allowed or not, the covering assignments that allow and deny it, and the one that decides (a deny wins).
//	@Tags			users
//	@Produce		json
//	@Security		Bearer
//	@Param			id			path		string	true	"user id"	format(uuid)
//	@Param			tenantId	query		string	true	"tenant"	format(uuid)
//	@Success		200			{object}	AccessExplanation
//	@Failure		403			{object}	problem.Problem
//	@Failure		404			{object}	problem.Problem
//	@Router			/api/v1/users/{id}/access [get]
func (s *Server) explainAccess(c echo.Context) error {
	if err := onlyQuery(c, "tenantId"); err != nil {
		return err
	}
	ctx := c.Request().Context()
	u, err := s.deps.IAM.Users.Get(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	if err := checkTenant(c, u.TenantID, access.UsersRead, notFoundErr(iam.ErrUserNotFound, u.ID)); err != nil {
		return err
	}
	tenantID := strings.ToLower(c.QueryParam("tenantId"))
	if _, err := uuid.Parse(tenantID); err != nil {
		return badParam("tenantId", fmt.Sprintf("%q is not a tenant id; it is required", c.QueryParam("tenantId")))
	}
	if len(callerOf(c).Effective.InTenant(tenantID)) == 0 {
		return badParam("tenantId", fmt.Sprintf("no tenant %s in your access", tenantID))
	}

	grants, err := iam.LoadGrants(ctx, s.deps.DB.Gorm, iam.PrincipalUser, u.ID)
	if err != nil {
		return err
	}
	tenants, err := iam.LoadTenantRefs(ctx, s.deps.DB.Gorm)
	if err != nil {
		return err
	}
	var home string
	_ = s.deps.DB.Gorm.WithContext(ctx).Table("tenants").Where("kind = 'home'").Pluck("id", &home).Error
	eff := access.Evaluate(access.Subject{OwnTenantID: u.TenantID, Customer: u.TenantID != home}, grants, tenants)
	rows, err := s.deps.IAM.ListAssignments(ctx, iam.AssignmentFilter{PrincipalType: iam.PrincipalUser, PrincipalID: u.ID}, 1000, nil)
	if err != nil {
		return err
	}
	views := map[string]AssignmentView{}
	for _, a := range rows {
		views[a.ID] = assignmentView(a)
	}
	var target access.TenantRef
	for _, t := range tenants {
		if t.ID == tenantID {
			target = t
		}
	}
	out := AccessExplanation{UserID: u.ID, TenantID: tenantID, Status: u.EffectiveStatus(time.Now().UTC()), Permissions: []PermissionExplanation{}}
	for _, p := range access.All {
		d := eff.Explain(target, p)
		pe := PermissionExplanation{Permission: string(p), Allowed: d.Allowed && out.Status == iam.StatusActive, Reason: d.Reason,
			Allows: []AssignmentView{}, Denies: []AssignmentView{}}
		if out.Status != iam.StatusActive {
			pe.Reason = "the user is " + out.Status + "; otherwise " + d.Reason
		}
		for _, g := range d.Allows {
			pe.Allows = append(pe.Allows, views[g.AssignmentID])
		}
		for _, g := range d.Denies {
			pe.Denies = append(pe.Denies, views[g.AssignmentID])
		}
		switch {
		case len(d.Denies) > 0:
			pe.Winner = &d.Denies[0].AssignmentID
		case len(d.Allows) > 0:
			pe.Winner = &d.Allows[0].AssignmentID
		}
		out.Permissions = append(out.Permissions, pe)
	}
	return c.JSON(http.StatusOK, out)
}
