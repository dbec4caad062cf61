// Package config reads Roster's settings from command-line flags and ROSTER_*
// environment variables. A flag given on the command line wins over the
// environment, which wins over the default.
package config

import (
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// Defaults for settings whose zero value is not useful.
const (
	DefaultListen         = "127.0.0.1:8080"
	DefaultDevListen      = "127.0.0.1:8443"
	DefaultDataDir        = "./data"
	DefaultAuthority      = "https://login.microsoftonline.com"
	DefaultV1IssuerHost   = "https://sts.windows.net"
	DefaultGraphEndpoint  = "https://graph.microsoft.com"
	DefaultBodyLimitBytes = 1 << 20
)

// Database selects and locates the database.
type Database struct {
	// URL is a PostgreSQL connection URL; empty selects the embedded SQLite
	// file DataDir/roster.db.
	URL     string
	DataDir string
}

// SQLitePath returns the embedded database file used when URL is empty.
func (d Database) SQLitePath() string { return filepath.Join(d.DataDir, "roster.db") }

// Server holds what `roster serve` needs beyond the database.
type Server struct {
	Listen          string
	TLSCertFile     string
	TLSKeyFile      string
	MigrateOnStart  bool
	BodyLimitBytes  int64
	ReadTimeout     time.Duration
	WriteTimeout    time.Duration
	ShutdownTimeout time.Duration
	Dev             bool
	// PublicURL is the origin browsers use to reach Roster, e.g.
	// https://roster.example.com. It defaults to the listen address.
	PublicURL string
}

// Identity holds the Entra ID settings used to verify incoming tokens and
// to configure the SPA's sign-in.
type Identity struct {
	Authority      string
	V1IssuerHost   string
	HomeTenantID   string
	HomeTenantName string
	// APIClientID is the application (client) id of Roster's API registration;
	// tokens must carry it, or APIIdentifierURI, as audience.
	APIClientID      string
	APIIdentifierURI string
	// SPAClientID is the application id the browser SPA signs in with.
	SPAClientID     string
	BootstrapAdmins []string
}

// Graph holds the settings of the application Roster reads directories with.
type Graph struct {
	Endpoint     string
	ClientID     string
	ClientSecret string
	CertFile     string // PEM file with the certificate and its private key
	PageSize     int
}

// Sync holds the settings of directory sync.
type Sync struct {
	// Period is how often each linked tenant is synced; 0 turns the
	// schedule off.
	Period time.Duration
	// FullPeriod is how often a scheduled run enumerates everyone instead
	// of reading a delta, to catch removals that a delta missed.
	FullPeriod time.Duration
	// Concurrency is the number of tenants one process syncs at once.
	Concurrency int
	// GuardPercent and GuardMin: a run that would disable or remove more
	// than GuardPercent percent of a tenant's people and more than GuardMin
	// people stops for an administrator's confirmation.
	GuardPercent int
	GuardMin     int
}

// Validate checks the sync settings, naming each invalid value and its
// variable. The zero value is valid and selects the built-in defaults.
func (s Sync) Validate() error {
	var errs []error
	if s.Period < 0 {
		errs = append(errs, fmt.Errorf("ROSTER_SYNC_PERIOD must be 0 (off) or positive, got %v", s.Period))
	}
	if s.FullPeriod < 0 {
		errs = append(errs, fmt.Errorf("ROSTER_SYNC_FULL_PERIOD must be positive, got %v", s.FullPeriod))
	}
	if s.Concurrency < 0 || s.Concurrency > 1000 {
		errs = append(errs, fmt.Errorf("ROSTER_SYNC_CONCURRENCY must be between 1 and 1000, got %d", s.Concurrency))
	}
	if s.GuardPercent < 0 || s.GuardPercent > 100 {
		errs = append(errs, fmt.Errorf("ROSTER_SYNC_GUARD_PERCENT must be between 1 and 100, got %d", s.GuardPercent))
	}
	if s.GuardMin < 0 {
		errs = append(errs, fmt.Errorf("ROSTER_SYNC_GUARD_MIN must not be negative, got %d", s.GuardMin))
	}
	return errors.Join(errs...)
}

// Config is the whole configuration of one process.
type Config struct {
	Database Database
	Server   Server
	Identity Identity
	Graph    Graph
	Sync     Sync
	LogLevel string
}

// Flags binds settings to a flag set. Call Register* for the groups a
// subcommand uses, then Parse.
type Flags struct {
	fs  *flag.FlagSet
	cfg *Config
	env func(string) string
	// set records flags given explicitly on the command line.
	set map[string]bool
}

// NewFlags returns flags filling cfg. env looks up environment variables
// (os.Getenv in production).
func NewFlags(fs *flag.FlagSet, cfg *Config, env func(string) string) *Flags {
	if env == nil {
		env = os.Getenv
	}
	return &Flags{fs: fs, cfg: cfg, env: env}
}

// RegisterDatabase adds --data-dir and --database-url.
func (f *Flags) RegisterDatabase() {
	f.fs.StringVar(&f.cfg.Database.DataDir, "data-dir", DefaultDataDir, "directory for the embedded SQLite database and development files (env ROSTER_DATA_DIR)")
	f.fs.StringVar(&f.cfg.Database.URL, "database-url", "", "PostgreSQL URL, e.g. postgres://roster@db:5432/roster; empty uses SQLite in the data directory (env ROSTER_DATABASE_URL)")
	f.fs.StringVar(&f.cfg.LogLevel, "log-level", "info", "minimum log level: debug, info, warn or error (env ROSTER_LOG_LEVEL)")
}

// RegisterOrigin adds --listen and --public-url, which commands that mint
// development tokens need to know the issuer.
func (f *Flags) RegisterOrigin() {
	s := &f.cfg.Server
	f.fs.StringVar(&s.Listen, "listen", "", "address of the roster serve --dev to mint for, host:port (env ROSTER_LISTEN; default "+DefaultDevListen+")")
	f.fs.StringVar(&s.PublicURL, "public-url", "", "origin of that server when it has --public-url (env ROSTER_PUBLIC_URL)")
}

// RegisterServer adds the settings of `roster serve`.
func (f *Flags) RegisterServer() {
	s := &f.cfg.Server
	f.fs.StringVar(&s.Listen, "listen", "", "address to listen on, host:port (env ROSTER_LISTEN; default "+DefaultListen+", or "+DefaultDevListen+" with --dev)")
	f.fs.StringVar(&s.PublicURL, "public-url", "", "origin browsers use to reach Roster, e.g. https://roster.example.com (env ROSTER_PUBLIC_URL; default derived from --listen)")
	f.fs.StringVar(&s.TLSCertFile, "tls-cert", "", "PEM certificate file; with --tls-key, serve HTTPS (env ROSTER_TLS_CERT)")
	f.fs.StringVar(&s.TLSKeyFile, "tls-key", "", "PEM private key file for --tls-cert (env ROSTER_TLS_KEY)")
	f.fs.BoolVar(&s.MigrateOnStart, "migrate", true, "apply database migrations at start; set false when running roster migrate separately (env ROSTER_MIGRATE)")
	f.fs.Int64Var(&s.BodyLimitBytes, "body-limit", DefaultBodyLimitBytes, "maximum request body size in bytes (env ROSTER_BODY_LIMIT)")
	f.fs.DurationVar(&s.ReadTimeout, "read-timeout", 15*time.Second, "maximum time to read a request, headers and body (env ROSTER_READ_TIMEOUT)")
	f.fs.DurationVar(&s.WriteTimeout, "write-timeout", 30*time.Second, "maximum time to write a response (env ROSTER_WRITE_TIMEOUT)")
	f.fs.DurationVar(&s.ShutdownTimeout, "shutdown-timeout", 20*time.Second, "time allowed for in-flight requests and jobs after SIGTERM (env ROSTER_SHUTDOWN_TIMEOUT)")
	f.fs.BoolVar(&s.Dev, "dev", false, "development mode: HTTPS with a self-signed certificate, local identity provider and demo directory (env ROSTER_DEV)")
	f.registerSync()
}

// registerSync adds the settings of directory sync, which `roster serve`
// and `roster sync` share.
func (f *Flags) registerSync() {
	s := &f.cfg.Sync
	f.fs.DurationVar(&s.Period, "sync-period", time.Hour, "how often each linked tenant is synced, e.g. 30m; 0 turns the schedule off (env ROSTER_SYNC_PERIOD)")
	f.fs.DurationVar(&s.FullPeriod, "sync-full-period", 168*time.Hour, "how often a scheduled sync enumerates all users to catch removals a delta missed (env ROSTER_SYNC_FULL_PERIOD)")
	f.fs.IntVar(&s.Concurrency, "sync-concurrency", 4, "tenants one process syncs at once (env ROSTER_SYNC_CONCURRENCY)")
	f.fs.IntVar(&s.GuardPercent, "sync-guard-percent", 20, "a sync that would disable or remove more than this percentage of a tenant's people, 1 to 100, waits for confirmation (env ROSTER_SYNC_GUARD_PERCENT)")
	f.fs.IntVar(&s.GuardMin, "sync-guard-min", 10, "... and more than this number of people (env ROSTER_SYNC_GUARD_MIN)")
}

// RegisterIdentity adds the Entra ID settings.
func (f *Flags) RegisterIdentity() {
	id := &f.cfg.Identity
	f.fs.StringVar(&id.Authority, "entra-authority", DefaultAuthority, "Entra ID authority host; national clouds use their own (env ROSTER_ENTRA_AUTHORITY)")
	f.fs.StringVar(&id.V1IssuerHost, "entra-v1-issuer", DefaultV1IssuerHost, "host of v1 token issuers, https://sts.windows.net in the public cloud (env ROSTER_ENTRA_V1_ISSUER)")
	f.fs.StringVar(&id.HomeTenantID, "home-tenant-id", "", "Entra tenant id (GUID) of the MSP's own tenant (env ROSTER_HOME_TENANT_ID)")
	f.fs.StringVar(&id.HomeTenantName, "home-tenant-name", "", "display name of the MSP's own tenant (env ROSTER_HOME_TENANT_NAME; default \"Home tenant\")")
	f.fs.StringVar(&id.APIClientID, "api-client-id", "", "application (client) id of Roster's API registration, the token audience (env ROSTER_API_CLIENT_ID)")
	f.fs.StringVar(&id.APIIdentifierURI, "api-identifier-uri", "", "application id URI of the API registration, e.g. api://roster; accepted as audience too (env ROSTER_API_IDENTIFIER_URI)")
	f.fs.StringVar(&id.SPAClientID, "spa-client-id", "", "application id the SPA signs in with; defaults to --api-client-id (env ROSTER_SPA_CLIENT_ID)")
	f.fs.Func("bootstrap-admins", "comma-separated object ids or user principal names of home-tenant people who may do everything (env ROSTER_BOOTSTRAP_ADMINS)", func(s string) error {
		id.BootstrapAdmins = splitList(s)
		return nil
	})
}

// RegisterGraph adds the settings of the directory-reading application.
func (f *Flags) RegisterGraph() {
	g := &f.cfg.Graph
	f.fs.StringVar(&g.Endpoint, "graph-endpoint", DefaultGraphEndpoint, "Microsoft Graph endpoint; national clouds use their own (env ROSTER_GRAPH_ENDPOINT)")
	f.fs.StringVar(&g.ClientID, "graph-client-id", "", "application id Roster reads directories with; defaults to --api-client-id (env ROSTER_GRAPH_CLIENT_ID)")
	f.fs.StringVar(&g.ClientSecret, "graph-client-secret", "", "client secret of that application; prefer the environment variable (env ROSTER_GRAPH_CLIENT_SECRET)")
	f.fs.StringVar(&g.CertFile, "graph-client-cert", "", "PEM file with certificate and private key, instead of a secret (env ROSTER_GRAPH_CLIENT_CERT)")
	f.fs.IntVar(&g.PageSize, "graph-page-size", 500, "users per Graph page, 1 to 999 (env ROSTER_GRAPH_PAGE_SIZE)")
}

// Parse parses args, then fills every flag not given on the command line
// from its ROSTER_* environment variable.
func (f *Flags) Parse(args []string) error {
	if err := f.fs.Parse(args); err != nil {
		return err
	}
	f.set = map[string]bool{}
	f.fs.Visit(func(fl *flag.Flag) { f.set[fl.Name] = true })

	var errs []error
	f.fs.VisitAll(func(fl *flag.Flag) {
		if f.set[fl.Name] {
			return
		}
		name := EnvName(fl.Name)
		v, ok := lookup(f.env, name)
		if !ok {
			return
		}
		if err := fl.Value.Set(v); err != nil {
			errs = append(errs, fmt.Errorf("invalid %s=%q: %w", name, v, err))
		}
	})
	if err := errors.Join(errs...); err != nil {
		return err
	}
	f.applyDerivedDefaults()
	return nil
}

// Args returns the positional arguments after the flags.
func (f *Flags) Args() []string { return f.fs.Args() }

// EnvName returns the environment variable for a flag: --data-dir is
// ROSTER_DATA_DIR. A few flags keep a historical name.
func EnvName(flagName string) string {
	switch flagName {
	case "entra-authority":
		return "ROSTER_ENTRA_AUTHORITY"
	case "entra-v1-issuer":
		return "ROSTER_ENTRA_V1_ISSUER"
	}
	return "ROSTER_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

func lookup(env func(string) string, name string) (string, bool) {
	v := env(name)
	return v, v != ""
}

func (f *Flags) applyDerivedDefaults() {
	c := f.cfg
	if c.Server.Listen == "" {
		c.Server.Listen = DefaultListen
		if c.Server.Dev {
			c.Server.Listen = DefaultDevListen
		}
	}
	if c.Identity.SPAClientID == "" {
		c.Identity.SPAClientID = c.Identity.APIClientID
	}
	if c.Graph.ClientID == "" {
		c.Graph.ClientID = c.Identity.APIClientID
	}
	if c.Identity.HomeTenantName == "" {
		c.Identity.HomeTenantName = "Home tenant"
	}
	c.Identity.Authority = strings.TrimRight(c.Identity.Authority, "/")
	c.Identity.V1IssuerHost = strings.TrimRight(c.Identity.V1IssuerHost, "/")
	c.Graph.Endpoint = strings.TrimRight(c.Graph.Endpoint, "/")
}

var guidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// IsGUID reports whether s is a GUID in its usual 8-4-4-4-12 form.
func IsGUID(s string) bool { return guidPattern.MatchString(s) }

// ValidateProduction checks the identity and Graph settings a non-development
// server needs, naming each missing or invalid value and its variable.
func (c *Config) ValidateProduction() error {
	var errs []error
	id := c.Identity
	if !IsGUID(id.HomeTenantID) {
		errs = append(errs, fmt.Errorf("ROSTER_HOME_TENANT_ID must be the GUID of the MSP's Entra tenant, got %q", id.HomeTenantID))
	}
	if !IsGUID(id.APIClientID) {
		errs = append(errs, fmt.Errorf("ROSTER_API_CLIENT_ID must be the GUID of Roster's API app registration, got %q", id.APIClientID))
	}
	for name, v := range map[string]string{"ROSTER_ENTRA_AUTHORITY": id.Authority, "ROSTER_ENTRA_V1_ISSUER": id.V1IssuerHost, "ROSTER_GRAPH_ENDPOINT": c.Graph.Endpoint} {
		if err := checkHTTPSURL(v); err != nil {
			errs = append(errs, fmt.Errorf("%s=%q: %w", name, v, err))
		}
	}
	if c.Graph.PageSize < 1 || c.Graph.PageSize > 999 {
		errs = append(errs, fmt.Errorf("ROSTER_GRAPH_PAGE_SIZE must be between 1 and 999, got %d", c.Graph.PageSize))
	}
	if c.Graph.ClientSecret != "" && c.Graph.CertFile != "" {
		errs = append(errs, errors.New("set either ROSTER_GRAPH_CLIENT_SECRET or ROSTER_GRAPH_CLIENT_CERT, not both"))
	}
	return errors.Join(errs...)
}

// ConflictsWithDev lists production identity settings that were given
// explicitly; development mode refuses to start with them because it
// replaces the identity provider and directory with local ones.
func (f *Flags) ConflictsWithDev() []string {
	var out []string
	for _, name := range []string{"entra-authority", "entra-v1-issuer", "home-tenant-id", "api-client-id", "api-identifier-uri", "spa-client-id", "graph-endpoint", "graph-client-id", "graph-client-secret", "graph-client-cert"} {
		if f.set[name] {
			out = append(out, "--"+name)
			continue
		}
		if _, ok := lookup(f.env, EnvName(name)); ok {
			out = append(out, EnvName(name))
		}
	}
	return out
}

func checkHTTPSURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return err
	}
	if u.Scheme != "https" || u.Host == "" {
		return errors.New("must be an https:// URL")
	}
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}
