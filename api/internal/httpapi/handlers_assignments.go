package httpapi

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/rosterhq/roster/api/internal/access"
	"github.com/rosterhq/roster/api/internal/iam"
)

// listAssignments godoc
//
//	@Summary	List role assignments, newest first
//	@Tags		role-assignments
//	@Produce	json
//	@Security	Bearer
//	@Param		userId		query		string	false	"only this user's"	format(uuid)
//	@Param		clientId	query		string	false	"only this API client's (its id in Roster)"	format(uuid)
//	@Param		roleId		query		string	false	"only this role's"	format(uuid)
//	@Param		limit		query		int		false	"page size, 1 to 200"	default(50)
//	@Param		cursor		query		string	false	"nextCursor of the previous page"
//	@Success	200			{object}	AssignmentList
//	@Failure	403			{object}	problem.Problem
//	@Router		/api/v1/role-assignments [get]
func (s *Server) listAssignments(c echo.Context) error {
	if err := onlyQuery(c, "userId", "clientId", "roleId", "limit", "cursor"); err != nil {
		return err
	}
	f := iam.AssignmentFilter{VisibleTenants: visibleTenants(c, access.RoleAssignmentsRead, nil)}
	for name, dst := range map[string]*string{"userId": &f.PrincipalID, "clientId": &f.PrincipalID, "roleId": &f.RoleID} {
		raw := c.QueryParam(name)
		if raw == "" {
			continue
		}
		if _, err := uuid.Parse(raw); err != nil {
			return badParam(name, fmt.Sprintf("%q is not an id", raw))
		}
		*dst = strings.ToLower(raw)
	}
	switch {
	case c.QueryParam("userId") != "" && c.QueryParam("clientId") != "":
		return badParam("clientId", "give userId or clientId, not both")
	case c.QueryParam("userId") != "":
		f.PrincipalType = iam.PrincipalUser
	case c.QueryParam("clientId") != "":
		f.PrincipalType = iam.PrincipalClient
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
	rows, err := s.deps.IAM.ListAssignments(c.Request().Context(), f, limit+1, before)
	if err != nil {
		return err
	}
	out := AssignmentList{Items: []AssignmentView{}}
	if len(rows) > limit {
		rows = rows[:limit]
		out.NextCursor = encodeCursor(map[string]any{"t": rows[len(rows)-1].AssignedAt})
	}
	for _, a := range rows {
		out.Items = append(out.Items, assignmentView(a))
	}
	return c.JSON(http.StatusOK, out)
}

// createAssignments godoc
//
//	@Summary		Create role assignments, all or none
//	@Description	Each needs role-assignments:manage across its scope and, for an allow, every permission of the role there. Nobody can change their own assignments.
//	@Tags			role-assignments
//	@Accept			json
//	@Produce		json
//	@Security		Bearer
//	@Param			body	body		CreateAssignmentsRequest	true	"the assignments"
//	@Success		201		{object}	AssignmentList
//	@Failure		403		{object}	problem.Problem
//	@Failure		404		{object}	problem.Problem
//	@Failure		409		{object}	problem.Problem
//	@Failure		422		{object}	problem.Problem
//	@Router			/api/v1/role-assignments [post]
func (s *Server) createAssignments(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	var req CreateAssignmentsRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if len(req.Items) == 0 || len(req.Items) > 200 {
		return validationProblem(map[string]string{"items": "give 1 to 200 assignments"})
	}
	inputs := make([]iam.AssignmentInput, len(req.Items))
	for i, r := range req.Items {
		inputs[i] = r.input()
	}
	ctx := c.Request().Context()
	created, err := s.deps.IAM.CreateAssignments(ctx, callerOf(c), inputs)
	if err != nil {
		return err
	}
	out := AssignmentList{Items: []AssignmentView{}}
	for _, a := range created {
		rows, err := s.deps.IAM.ListAssignments(ctx, iam.AssignmentFilter{PrincipalType: a.PrincipalType, PrincipalID: a.PrincipalID}, 1000, nil)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if r.ID == a.ID {
				out.Items = append(out.Items, assignmentView(r))
			}
		}
	}
	return c.JSON(http.StatusCreated, out)
}

// deleteAssignment godoc
//
//	@Summary	Remove a role assignment
//	@Tags		role-assignments
//	@Security	Bearer
//	@Param		id		path	string	true	"assignment id"	format(uuid)
//	@Param		reason	query	string	false	"why, recorded in the audit trail"
//	@Success	204
//	@Failure	403	{object}	problem.Problem
//	@Failure	404	{object}	problem.Problem
//	@Failure	409	{object}	problem.Problem	"would leave no administrator"
//	@Router		/api/v1/role-assignments/{id} [delete]
func (s *Server) deleteAssignment(c echo.Context) error {
	if err := onlyQuery(c, "reason"); err != nil {
		return err
	}
	if err := s.deps.IAM.DeleteAssignments(c.Request().Context(), callerOf(c), []string{c.Param("id")}, c.QueryParam("reason")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// deleteAssignments godoc
//
//	@Summary	Remove many role assignments, all or none
//	@Tags		role-assignments
//	@Accept		json
//	@Security	Bearer
//	@Param		body	body	DeleteAssignmentsRequest	true	"assignment ids"
//	@Success	204
//	@Failure	403	{object}	problem.Problem
//	@Failure	404	{object}	problem.Problem
//	@Failure	409	{object}	problem.Problem
//	@Failure	422	{object}	problem.Problem
//	@Router		/api/v1/role-assignments/bulk-delete [post]
func (s *Server) deleteAssignments(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	var req DeleteAssignmentsRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if len(req.IDs) == 0 || len(req.IDs) > 500 {
		return validationProblem(map[string]string{"ids": "give 1 to 500 assignment ids"})
	}
	if err := s.deps.IAM.DeleteAssignments(c.Request().Context(), callerOf(c), req.IDs, req.Reason); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// listClients godoc
//
//	@Summary	List API clients
//	@Tags		api-clients
//	@Produce	json
//	@Security	Bearer
//	@Success	200	{object}	APIClientList
//	@Failure	403	{object}	problem.Problem
//	@Router		/api/v1/api-clients [get]
func (s *Server) listClients(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	clients, err := s.deps.IAM.Clients(c.Request().Context())
	if err != nil {
		return err
	}
	out := APIClientList{Items: make([]APIClientView, len(clients))}
	for i := range clients {
		out.Items[i] = clientView(&clients[i])
	}
	return c.JSON(http.StatusOK, out)
}

// createClient godoc
//
//	@Summary		Register an application to call the API with app-only tokens
//	@Description	The application then needs role assignments like a user. Its tokens are recognised by azp (v2) or appid (v1).
//	@Tags			api-clients
//	@Accept			json
//	@Produce		json
//	@Security		Bearer
//	@Param			body	body		APIClientRequest	true	"the application"
//	@Success		201		{object}	APIClientView
//	@Failure		403		{object}	problem.Problem
//	@Failure		409		{object}	problem.Problem
//	@Failure		422		{object}	problem.Problem
//	@Router			/api/v1/api-clients [post]
func (s *Server) createClient(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	var req APIClientRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	cl, err := s.deps.IAM.CreateClient(c.Request().Context(), callerOf(c), iam.ClientInput{ClientID: req.ClientID, DisplayName: req.DisplayName, Owner: req.Owner})
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/api-clients/"+cl.ID)
	return c.JSON(http.StatusCreated, clientView(cl))
}

// getClient godoc
//
//	@Summary	Read an API client with its role assignments
//	@Tags		api-clients
//	@Produce	json
//	@Security	Bearer
//	@Param		id	path		string	true	"API client id in Roster"	format(uuid)
//	@Success	200	{object}	APIClientView
//	@Failure	403	{object}	problem.Problem
//	@Failure	404	{object}	problem.Problem
//	@Router		/api/v1/api-clients/{id} [get]
func (s *Server) getClient(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	ctx := c.Request().Context()
	cl, err := s.deps.IAM.Client(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	v := clientView(cl)
	v.Assignments = []AssignmentView{}
	rows, err := s.deps.IAM.ListAssignments(ctx, iam.AssignmentFilter{PrincipalType: iam.PrincipalClient, PrincipalID: cl.ID}, 1000, nil)
	if err != nil {
		return err
	}
	for _, a := range rows {
		v.Assignments = append(v.Assignments, assignmentView(a))
	}
	c.Response().Header().Set("ETag", v.ETag)
	return c.JSON(http.StatusOK, v)
}

// patchClient godoc
//
//	@Summary	Change an API client's name, owner or status
//	@Tags		api-clients
//	@Accept		json
//	@Produce	json
//	@Security	Bearer
//	@Param		id			path		string				true	"API client id in Roster"	format(uuid)
//	@Param		If-Match	header		string				true	"ETag from the last read"
//	@Param		body		body		APIClientRequest	true	"fields to change"
//	@Success	200			{object}	APIClientView
//	@Failure	403			{object}	problem.Problem
//	@Failure	404			{object}	problem.Problem
//	@Failure	412			{object}	problem.Problem
//	@Failure	422			{object}	problem.Problem
//	@Failure	428			{object}	problem.Problem
//	@Router		/api/v1/api-clients/{id} [patch]
func (s *Server) patchClient(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	version, err := ifMatchVersion(c)
	if err != nil {
		return err
	}
	var req APIClientRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if req.ClientID != "" {
		return validationProblem(map[string]string{"clientId": "cannot be changed; register the other application separately"})
	}
	cl, err := s.deps.IAM.UpdateClient(c.Request().Context(), callerOf(c), c.Param("id"), version,
		iam.ClientInput{DisplayName: req.DisplayName, Owner: req.Owner, Status: req.Status})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, clientView(cl))
}

// deleteClient godoc
//
//	@Summary	Remove an API client and its role assignments
//	@Tags		api-clients
//	@Security	Bearer
//	@Param		id	path	string	true	"API client id in Roster"	format(uuid)
//	@Success	204
//	@Failure	403	{object}	problem.Problem
//	@Failure	404	{object}	problem.Problem
//	@Router		/api/v1/api-clients/{id} [delete]
func (s *Server) deleteClient(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	if err := s.deps.IAM.DeleteClient(c.Request().Context(), callerOf(c), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
