// Package httpapi is Roster's JSON REST API on Echo: routing, middleware,
// problem documents and the handlers, which stay thin and call the stores
// and services.
package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/rosterhq/roster/api/internal/access"
	"github.com/rosterhq/roster/api/internal/accessrequest"
	"github.com/rosterhq/roster/api/internal/database"
	"github.com/rosterhq/roster/api/internal/dirsync"
	"github.com/rosterhq/roster/api/internal/events"
	"github.com/rosterhq/roster/api/internal/iam"
	"github.com/rosterhq/roster/api/internal/impersonation"
	"github.com/rosterhq/roster/api/internal/person"
	"github.com/rosterhq/roster/api/internal/settings"
	"github.com/rosterhq/roster/api/internal/tenant"
)

// ClientConfig is what the SPA reads from /config.json to sign in.
type ClientConfig struct {
	ClientID         string   `json:"clientId"`
	Authority        string   `json:"authority"`
	KnownAuthorities []string `json:"knownAuthorities"`
	APIScopes        []string `json:"apiScopes"`
	RedirectPath     string   `json:"redirectPath"`
	Dev              bool     `json:"dev"`
	DevHint          string   `json:"devHint,omitempty"`
}

// Deps are what the server needs.
type Deps struct {
	DB                *database.DB
	Tenants           *tenant.Store
	People            *person.Store
	Sync              *dirsync.Service
	Verifier          TokenVerifier
	Resolver          *iam.Resolver
	IAM               *iam.Service
	Impersonation     *impersonation.Service
	HomeEntraTenantID string
	Logger            *slog.Logger
	BodyLimitBytes    int64
	ClientConfig      ClientConfig
	// OpenAPI is the OpenAPI 3 document served at /openapi.yaml.
	OpenAPI []byte
	// SPA serves the single-page application for every path the API does not
	// own; nil serves nothing there.
	SPA http.Handler
	// Metrics serves Prometheus metrics at /metrics without authentication,
	// like /healthz; nil serves nothing there.
	Metrics http.Handler

	AccessRequests *accessrequest.Service
	Settings       *settings.Store
	// Events feeds GET /api/v1/events; the caller starts and stops it.
	Events *events.Hub
}

// Route is one API route and the permission it needs; access.None marks the
// routes any authenticated caller may use.
type Route struct {
	Method     string
	Path       string
	Permission access.Permission
}

// Server is the API.
type Server struct {
	echo   *echo.Echo
	deps   Deps
	routes []Route
}

// New builds the router.
func New(deps Deps) *Server {
	if deps.BodyLimitBytes == 0 {
		deps.BodyLimitBytes = 1 << 20
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	s := &Server{echo: e, deps: deps}
	e.HTTPErrorHandler = errorHandler(deps.Logger, s.recordRefusal)

	e.Use(requestID(), requestLog(deps.Logger), recoverPanics(deps.Logger), securityHeaders)
	e.Use(middleware.BodyLimit(bodyLimitString(deps.BodyLimitBytes)))

	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	e.GET("/openapi.yaml", s.openAPI)
	e.GET("/docs", s.docsIndex)
	e.GET("/docs/*", s.docsAsset)
	e.GET("/config.json", s.clientConfig)
	if deps.Metrics != nil {
		e.GET("/metrics", echo.WrapHandler(deps.Metrics))
	}

	api := e.Group("/api/v1", s.authenticate)
	s.handle(api, http.MethodGet, "/me", access.None, s.getMe)
	s.handle(api, http.MethodGet, "/tenants", access.TenantsRead, s.listTenants)
	s.handle(api, http.MethodPost, "/tenants", access.TenantsCreate, s.createTenant)
	s.handle(api, http.MethodGet, "/tenants/:id", access.TenantsRead, s.getTenant)
	s.handle(api, http.MethodPatch, "/tenants/:id", access.TenantsUpdate, s.patchTenant)
	s.handle(api, http.MethodPost, "/tenants/:id/sync", access.SyncRun, s.startSync)
	s.handle(api, http.MethodGet, "/tenants/:id/sync-runs", access.SyncRead, s.listSyncRuns)
	s.handle(api, http.MethodGet, "/sync-runs/:id", access.SyncRead, s.getSyncRun)
	s.handle(api, http.MethodPost, "/sync-runs/:id/confirm", access.SyncConfirm, s.confirmSyncRun)
	s.handle(api, http.MethodPost, "/sync-runs/:id/discard", access.SyncConfirm, s.discardSyncRun)
	s.handle(api, http.MethodGet, "/sync-runs/:id/pending-changes", access.SyncRead, s.listPendingChanges)
	s.handle(api, http.MethodPost, "/sync", access.SyncRun, s.startAllSyncs)
	s.handle(api, http.MethodGet, "/sync-health", access.SyncRead, s.getSyncHealth)
	s.handle(api, http.MethodPost, "/tenants/:id/check-consent", access.SyncRun, s.checkConsent)
	s.handle(api, http.MethodGet, "/customer-discovery", access.TenantsCreate, s.discoverCustomers)
	s.handle(api, http.MethodPost, "/customer-discovery/link", access.TenantsCreate, s.linkCustomers)
	s.handle(api, http.MethodGet, "/people", access.PeopleRead, s.listPeople)
	s.handle(api, http.MethodGet, "/people/:id", access.PeopleRead, s.getPerson)
	s.handle(api, http.MethodPatch, "/people/:id", access.PeopleTag, s.patchPerson)

	s.handle(api, http.MethodGet, "/permissions", access.RolesRead, s.listPermissions)
	s.handle(api, http.MethodGet, "/roles", access.RolesRead, s.listRoles)
	s.handle(api, http.MethodPost, "/roles", access.RolesManage, s.createRole)
	s.handle(api, http.MethodGet, "/roles/:id", access.RolesRead, s.getRole)
	s.handle(api, http.MethodPatch, "/roles/:id", access.RolesManage, s.updateRole)
	s.handle(api, http.MethodDelete, "/roles/:id", access.RolesManage, s.deleteRole)
	s.handle(api, http.MethodPost, "/roles/:id/clone", access.RolesManage, s.cloneRole)

	s.handle(api, http.MethodGet, "/users", access.UsersRead, s.listUsers)
	s.handle(api, http.MethodPost, "/users", access.UsersGrant, s.grantUsers)
	s.handle(api, http.MethodPost, "/users/bulk-expiry", access.UsersUpdate, s.bulkExpiry)
	s.handle(api, http.MethodGet, "/users/:id", access.UsersRead, s.getUser)
	s.handle(api, http.MethodPatch, "/users/:id", access.UsersUpdate, s.patchUser)
	s.handle(api, http.MethodDelete, "/users/:id", access.UsersRemove, s.removeUser)
	s.handle(api, http.MethodPost, "/users/:id/disable", access.UsersDisable, s.disableUser)
	s.handle(api, http.MethodPost, "/users/:id/enable", access.UsersDisable, s.enableUser)
	s.handle(api, http.MethodGet, "/users/:id/access", access.UsersRead, s.explainAccess)

	s.handle(api, http.MethodGet, "/role-assignments", access.RoleAssignmentsRead, s.listAssignments)
	s.handle(api, http.MethodPost, "/role-assignments", access.RoleAssignmentsManage, s.createAssignments)
	s.handle(api, http.MethodPost, "/role-assignments/bulk-delete", access.RoleAssignmentsManage, s.deleteAssignments)
	s.handle(api, http.MethodDelete, "/role-assignments/:id", access.RoleAssignmentsManage, s.deleteAssignment)

	s.handle(api, http.MethodGet, "/impersonation-sessions", access.UsersRead, s.listImpersonations)
	s.handle(api, http.MethodPost, "/impersonation-sessions", access.UsersImpersonate, s.startImpersonation)
	s.handle(api, http.MethodDelete, "/impersonation-sessions/:id", access.UsersImpersonate, s.stopImpersonation)

	s.handle(api, http.MethodGet, "/audit-events", access.AuditRead, s.listAuditEvents)
	s.handle(api, http.MethodGet, "/audit-events/export", access.AuditRead, s.exportAuditEvents)

	// Requesters are not users yet, so their routes need no permission; the
	// service checks who may ask.
	s.handle(api, http.MethodPost, "/access-requests", access.None, s.createAccessRequest)
	s.handle(api, http.MethodGet, "/access-requests/mine", access.None, s.myAccessRequests)
	s.handle(api, http.MethodPost, "/access-requests/:id/withdraw", access.None, s.withdrawAccessRequest)
	s.handle(api, http.MethodGet, "/access-requests", access.AccessRequestsRead, s.listAccessRequests)
	s.handle(api, http.MethodGet, "/access-requests/pending-count", access.AccessRequestsRead, s.countPendingAccessRequests)
	s.handle(api, http.MethodGet, "/access-requests/:id", access.AccessRequestsRead, s.getAccessRequest)
	s.handle(api, http.MethodPost, "/access-requests/:id/grant", access.AccessRequestsDecide, s.grantAccessRequest)
	s.handle(api, http.MethodPost, "/access-requests/:id/deny", access.AccessRequestsDecide, s.denyAccessRequest)
	s.handle(api, http.MethodGet, "/events", access.None, s.streamEvents)

	s.handle(api, http.MethodGet, "/settings", access.SettingsRead, s.listSettings)
	s.handle(api, http.MethodPatch, "/settings", access.SettingsManage, s.patchSettings)

	s.handle(api, http.MethodGet, "/api-clients", access.APIClientsRead, s.listClients)
	s.handle(api, http.MethodPost, "/api-clients", access.APIClientsManage, s.createClient)
	s.handle(api, http.MethodGet, "/api-clients/:id", access.APIClientsRead, s.getClient)
	s.handle(api, http.MethodPatch, "/api-clients/:id", access.APIClientsManage, s.patchClient)
	s.handle(api, http.MethodDelete, "/api-clients/:id", access.APIClientsManage, s.deleteClient)
	api.Any("/*", func(echo.Context) error { return echo.ErrNotFound })

	if deps.SPA != nil {
		e.GET("/*", echo.WrapHandler(deps.SPA))
		e.HEAD("/*", echo.WrapHandler(deps.SPA))
	}
	return s
}

func (s *Server) handle(g *echo.Group, method, path string, perm access.Permission, h echo.HandlerFunc) {
	var mw []echo.MiddlewareFunc
	if perm != access.None {
		mw = append(mw, s.require(perm))
	}
	g.Add(method, path, h, mw...)
	s.routes = append(s.routes, Route{Method: method, Path: "/api/v1" + path, Permission: perm})
}

// Routes returns every API route with its permission, for tests that walk
// the route table.
func (s *Server) Routes() []Route { return append([]Route(nil), s.routes...) }

// Handler returns the HTTP handler.
func (s *Server) Handler() http.Handler { return s.echo }

// Echo returns the router, for tests.
func (s *Server) Echo() *echo.Echo { return s.echo }

func bodyLimitString(n int64) string {
	return fmtInt(n) + "B"
}

// healthz godoc
//
//	@Summary	Liveness
//	@Tags		operations
//	@Success	200	{object}	HealthResponse
//	@Router		/healthz [get]
func (s *Server) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, HealthResponse{Status: "ok"})
}

// readyz godoc
//
//	@Summary	Readiness: the database answers and its migrations are current
//	@Tags		operations
//	@Success	200	{object}	HealthResponse
//	@Failure	503	{object}	problem.Problem
//	@Router		/readyz [get]
func (s *Server) readyz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 3*time.Second)
	defer cancel()
	if err := s.deps.DB.Ping(ctx); err != nil {
		s.deps.Logger.Warn("readiness check failed: database", "error", err)
		return unavailable("The database does not answer.")
	}
	if err := s.deps.DB.MigrationsCurrent(ctx); err != nil {
		s.deps.Logger.Warn("readiness check failed: migrations", "error", err)
		return unavailable(err.Error())
	}
	return c.JSON(http.StatusOK, HealthResponse{Status: "ready"})
}

// HealthResponse is the body of the health endpoints.
type HealthResponse struct {
	Status string `json:"status" example:"ok"`
} // @name Health

func (s *Server) clientConfig(c echo.Context) error {
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	return c.JSON(http.StatusOK, s.deps.ClientConfig)
}
