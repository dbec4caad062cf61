// Package app assembles a Roster process from its configuration: database,
// migrations, token verification, the Graph adapter, the job queue and the
// HTTP API. `roster serve` and the end-to-end tests both build it here.
package app

import (
	"cmp"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/rosterhq/roster/api/internal/accessrequest"
	"github.com/rosterhq/roster/api/internal/audit"
	"github.com/rosterhq/roster/api/internal/auth"
	"github.com/rosterhq/roster/api/internal/config"
	"github.com/rosterhq/roster/api/internal/database"
	"github.com/rosterhq/roster/api/internal/directory"
	"github.com/rosterhq/roster/api/internal/dirsync"
	"github.com/rosterhq/roster/api/internal/events"
	"github.com/rosterhq/roster/api/internal/graph"
	"github.com/rosterhq/roster/api/internal/httpapi"
	"github.com/rosterhq/roster/api/internal/iam"
	"github.com/rosterhq/roster/api/internal/impersonation"
	"github.com/rosterhq/roster/api/internal/person"
	"github.com/rosterhq/roster/api/internal/queue"
	"github.com/rosterhq/roster/api/internal/settings"
	"github.com/rosterhq/roster/api/internal/tenant"
	"github.com/rosterhq/roster/frontend"
	"github.com/rosterhq/roster/openapi"
)

// spaCSP allows the SPA its own scripts and styles (Fluent UI injects
// styles at run time) and API calls to its own origin and the Entra
// authority.
const spaCSPFormat = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self' %s; frame-src 'self' %s; frame-ancestors 'none'; base-uri 'self'; form-action 'self' %s"

// App is an assembled process.
type App struct {
	Config   config.Config
	DB       *database.DB
	Server   *httpapi.Server
	Queue    *queue.Queue
	Sync     *dirsync.Service
	Tenants  *tenant.Store
	IAM      *iam.Service
	Resolver *iam.Resolver
	Settings *settings.Store
	// Impersonation starts and checks impersonation sessions.
	Impersonation *impersonation.Service
	Log           *slog.Logger
	sweepStop     context.CancelFunc
	sweepDone     chan struct{}
	// TLS is the server certificate configuration, nil for plain HTTP.
	TLS *tls.Config
	// Dev holds the development identity provider and directory in --dev mode.
	Dev *DevEnvironment
	// Events carries change notifications to the event streams of every
	// replica.
	Events *events.Hub
	// AccessRequests makes, decides and expires access requests.
	AccessRequests *accessrequest.Service
	// requestSweepDone is closed when the access request expiry stops.
	requestSweepDone chan struct{}
}

// Options adjust assembly for tests.
type Options struct {
	// HTTPClient is used for discovery, keys and Graph; nil uses one that
	// trusts the system roots (and SSL_CERT_FILE).
	HTTPClient *http.Client
	// Reader replaces the Graph adapter.
	Reader directory.Reader
	// Workers is the number of jobs this process works at once; 0 means 4.
	Workers int
}

// New opens the database, migrates it if configured to, and wires every
// component. Close releases what it opened.
func New(ctx context.Context, cfg config.Config, log *slog.Logger, opts Options) (*App, error) {
	a := &App{Config: cfg, Log: log}
	if cfg.Server.Dev {
		dev, err := newDevEnvironment(&a.Config, log)
		if err != nil {
			return nil, err
		}
		a.Dev = dev
		if opts.HTTPClient == nil {
			opts.HTTPClient = dev.HTTPClient
		}
		a.TLS = dev.TLS
	} else if err := cfg.ValidateProduction(); err != nil {
		return nil, fmt.Errorf("invalid configuration:\n%w", err)
	}
	cfg = a.Config
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Timeout: 60 * time.Second}
	}

	db, err := database.Open(ctx, cfg.Database, log)
	if err != nil {
		return nil, err
	}
	a.DB = db
	if err := a.init(ctx, opts); err != nil {
		db.Close()
		return nil, err
	}
	return a, nil
}

func (a *App) init(ctx context.Context, opts Options) error {
	cfg, log := a.Config, a.Log
	if cfg.Server.MigrateOnStart {
		if err := a.DB.Migrate(ctx, log); err != nil {
			return err
		}
	} else if err := a.DB.MigrationsCurrent(ctx); err != nil {
		log.Warn("starting with pending migrations; /readyz reports not ready until they are applied", "error", err)
	}

	a.Tenants = tenant.NewStore(a.DB.Gorm)
	if _, err := a.Tenants.EnsureHome(ctx, cfg.Identity.HomeTenantName, cfg.Identity.HomeTenantID); err != nil {
		if !errors.Is(err, database.ErrUniqueViolation) {
			return err
		}
		return fmt.Errorf("ROSTER_HOME_TENANT_ID %s is already linked to a customer tenant; unlink it first: %w", cfg.Identity.HomeTenantID, err)
	}

	verifier, err := auth.NewVerifier(auth.Config{
		Authority:     cfg.Identity.Authority,
		V1IssuerHost:  cfg.Identity.V1IssuerHost,
		Audiences:     nonEmpty(cfg.Identity.APIClientID, cfg.Identity.APIIdentifierURI),
		HomeTenantID:  cfg.Identity.HomeTenantID,
		TenantAllowed: a.Tenants.IsLinked,
		HTTPClient:    opts.HTTPClient,
		Logger:        log,
	})
	if err != nil {
		return fmt.Errorf("configure token verification: %w", err)
	}

	if err := cfg.Sync.Validate(); err != nil {
		return fmt.Errorf("invalid configuration:\n%w", err)
	}
	registry := newMetricsRegistry()
	syncMetrics, err := dirsync.NewMetrics(registry)
	if err != nil {
		return fmt.Errorf("register sync metrics: %w", err)
	}
	reader := opts.Reader
	if reader == nil {
		if reader, err = newGraphReader(cfg.Graph, cfg.Identity.Authority, opts.HTTPClient, log, syncMetrics); err != nil {
			return err
		}
	}

	a.Sync = dirsync.NewService(a.DB.Gorm, reader, nil, log)
	a.Sync.SetPolicy(syncPolicy(cfg.Sync))
	a.Sync.SetObserver(syncMetrics)
	if gc, ok := reader.(*graph.Client); ok {
		a.Sync.SetCustomerDirectory(graphCustomers{gc})
	}
	workers := opts.Workers
	if workers == 0 {
		workers = cmp.Or(cfg.Sync.Concurrency, 4)
	}
	q, err := queue.New(a.DB, a.Sync, queue.Options{Workers: workers, Logger: log})
	if err != nil {
		return err
	}
	a.Queue = q
	a.Sync.SetEnqueuer(q)

	a.IAM = iam.NewService(a.DB.Gorm)
	if err := a.IAM.Roles.EnsureBuiltins(ctx); err != nil {
		return fmt.Errorf("create built-in roles: %w", err)
	}
	a.Resolver = iam.NewResolver(a.DB.Gorm, a.Tenants, cfg.Identity.BootstrapAdmins, log)
	if err := a.Resolver.EnsureBootstrap(ctx); err != nil {
		return err
	}
	a.Settings = settings.NewStore(a.DB.Gorm)
	a.Impersonation = impersonation.NewService(a.DB.Gorm, a.Resolver, a.impersonationSettings)
	a.Events = events.New(a.DB, log)
	a.AccessRequests = accessrequest.NewService(a.DB.Gorm, a.IAM, a.Settings, a.Events, log)
	deps := a.deps(verifier)
	deps.Metrics = promhttp.HandlerFor(registry, promhttp.HandlerOpts{})
	a.Server = httpapi.New(deps)
	return nil
}

func (a *App) deps(verifier httpapi.TokenVerifier) httpapi.Deps {
	cfg := a.Config
	authority := cfg.Identity.Authority
	deps := httpapi.Deps{
		DB:                a.DB,
		Tenants:           a.Tenants,
		People:            person.NewStore(a.DB.Gorm),
		Sync:              a.Sync,
		Verifier:          verifier,
		Resolver:          a.Resolver,
		IAM:               a.IAM,
		Impersonation:     a.Impersonation,
		AccessRequests:    a.AccessRequests,
		Settings:          a.Settings,
		Events:            a.Events,
		HomeEntraTenantID: cfg.Identity.HomeTenantID,
		Logger:            a.Log,
		BodyLimitBytes:    cfg.Server.BodyLimitBytes,
		OpenAPI:           openapi.Document,
		ClientConfig: httpapi.ClientConfig{
			ClientID: cfg.Identity.SPAClientID,
			// organizations lets people of every linked customer tenant sign
			// in, not only the home tenant's; the API then checks the tenant.
			Authority:        authority + "/organizations",
			KnownAuthorities: []string{hostOf(authority)},
			APIScopes:        []string{apiScope(cfg.Identity)},
			RedirectPath:     "/",
		},
		SPA: httpapi.SPAHandler(frontend.Dist(), fmt.Sprintf(spaCSPFormat, authority, authority, authority)),
	}
	if a.Dev != nil {
		a.Dev.configure(&deps)
	}
	return deps
}

func apiScope(id config.Identity) string {
	base := id.APIIdentifierURI
	if base == "" {
		base = "api://" + id.APIClientID
	}
	return base + "/access_as_user"
}

// syncPolicy returns the sync service's policy for the configured settings;
// zero settings, as tests leave them, keep the defaults with the schedule off.
func syncPolicy(s config.Sync) dirsync.Policy {
	return dirsync.Policy{
		Period: s.Period, FullPeriod: s.FullPeriod, GuardPercent: s.GuardPercent, GuardMin: s.GuardMin,
	}
}

// graphCustomers lists customers through the Graph adapter for dirsync.
type graphCustomers struct{ client *graph.Client }

func (g graphCustomers) Customers(ctx context.Context, homeTenantID string) ([]dirsync.Customer, error) {
	listed, err := g.client.Customers(ctx, homeTenantID)
	out := make([]dirsync.Customer, len(listed))
	for i, c := range listed {
		out[i] = dirsync.Customer{TenantID: c.TenantID, DisplayName: c.DisplayName, DefaultDomain: c.DefaultDomain, Relationship: c.Relationship}
	}
	return out, err
}

// newMetricsRegistry returns a registry with the Go runtime and process
// collectors, for /metrics.
func newMetricsRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return reg
}

func newGraphReader(g config.Graph, authority string, client *http.Client, log *slog.Logger, observer graph.Observer) (directory.Reader, error) {
	gc := graph.Config{
		Observer:      observer,
		AuthorityHost: authority,
		GraphEndpoint: g.Endpoint,
		ClientID:      g.ClientID,
		ClientSecret:  g.ClientSecret,
		HTTPClient:    client,
		PageSize:      g.PageSize,
		Logger:        log,
	}
	if g.CertFile != "" {
		pem, err := os.ReadFile(g.CertFile)
		if err != nil {
			return nil, fmt.Errorf("read ROSTER_GRAPH_CLIENT_CERT %q: %w", g.CertFile, err)
		}
		gc.CertificatePEM = pem
	}
	r, err := graph.New(gc)
	if err != nil {
		return nil, fmt.Errorf("configure the Graph client: %w", err)
	}
	return r, nil
}

// Start starts the background workers.
func (a *App) Start(ctx context.Context) error {
	if err := a.Queue.Start(ctx); err != nil {
		return err
	}
	if err := a.Events.Start(ctx); err != nil {
		return err
	}
	sweepCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	a.sweepStop, a.sweepDone = cancel, make(chan struct{})
	a.requestSweepDone = make(chan struct{})
	go func() {
		defer close(a.requestSweepDone)
		accessrequest.RunExpirySweep(sweepCtx, a.AccessRequests, a.Log, time.Minute)
	}()
	go func() {
		defer close(a.sweepDone)
		go a.runAuditRetention(sweepCtx, time.Hour)
		iam.RunExpirySweep(sweepCtx, a.IAM, a.Log, time.Minute)
	}()
	return nil
}

// Close stops the workers (waiting up to the shutdown timeout) and closes
// the database.
func (a *App) Close(ctx context.Context) error {
	if a.sweepStop != nil {
		a.sweepStop()
		<-a.sweepDone
		<-a.requestSweepDone
	}
	a.Events.Stop()
	err := a.Queue.Stop(ctx)
	return errors.Join(err, a.DB.Close())
}

func (a *App) impersonationSettings(ctx context.Context) (impersonation.Settings, error) {
	snap, err := a.Settings.Snapshot(ctx)
	if err != nil {
		return impersonation.Settings{}, err
	}
	return impersonation.Settings{
		Enabled:     snap.Bool(settings.ImpersonationEnabled),
		Mode:        snap.String(settings.ImpersonationMode),
		MaxDuration: snap.Duration(settings.ImpersonationMaxDuration),
	}, nil
}

// runAuditRetention deletes audit events older than the retention setting
// every interval until ctx ends. Pruning twice at once is harmless: the
// second finds nothing left to delete.
func (a *App) runAuditRetention(ctx context.Context, interval time.Duration) {
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		if snap, err := a.Settings.Snapshot(ctx); err != nil {
			a.Log.Error("audit retention: read settings", "error", err)
		} else if keep := snap.Duration(settings.AuditRetention); keep > 0 {
			n, err := audit.Prune(ctx, a.DB.Gorm, time.Now().UTC().Add(-keep))
			switch {
			case errors.Is(err, audit.ErrNothingToPrune):
			case err != nil:
				a.Log.Error("audit retention: prune failed", "error", err)
			default:
				a.Log.Info("audit retention pruned events", "deleted", n, "retention", keep)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// Handler returns the process's HTTP handler: the API and SPA, and in
// development mode the identity provider and directory beside them.
func (a *App) Handler() http.Handler {
	if a.Dev != nil {
		return a.Dev.wrap(a.Server.Handler())
	}
	return a.Server.Handler()
}

// HTTPServer returns an http.Server with the configured timeouts.
func (a *App) HTTPServer(log *slog.Logger) *http.Server {
	srv := &http.Server{
		Addr:              a.Config.Server.Listen,
		Handler:           a.Handler(),
		ReadTimeout:       a.Config.Server.ReadTimeout,
		ReadHeaderTimeout: 10 * time.Second,
		WriteTimeout:      a.Config.Server.WriteTimeout,
		IdleTimeout:       2 * time.Minute,
		TLSConfig:         a.TLS,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	// Event streams stay open until their subscription ends, so stopping
	// the hub lets Shutdown finish instead of waiting for its deadline.
	srv.RegisterOnShutdown(a.Events.Stop)
	return srv
}

func nonEmpty(values ...string) []string {
	var out []string
	for _, v := range values {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// hostOf returns host[:port] of an origin, the form MSAL.js expects in
// knownAuthorities.
func hostOf(origin string) string {
	u, err := url.Parse(origin)
	if err != nil {
		return origin
	}
	return u.Host
}
