package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/rosterhq/roster/api/internal/app"
	"github.com/rosterhq/roster/api/internal/config"
	"github.com/rosterhq/roster/api/internal/database"
	"github.com/rosterhq/roster/api/internal/devdirectory"
	"github.com/rosterhq/roster/api/internal/directory"
	"github.com/rosterhq/roster/api/internal/dirsync"
	"github.com/rosterhq/roster/api/internal/graph"
	"github.com/rosterhq/roster/api/internal/tenant"
)

// The benchmark's application and tenants in the generated directory.
const (
	benchClientID     = "b0000000-0000-4000-8000-00000000c11e"
	benchClientSecret = "bench-secret"
	benchHomeTenantID = "b0000000-0000-4000-8000-000000000000"
)

// benchTenantID returns the Entra tenant id of the generated tenant with n
// users, so that each size has its own tenant.
func benchTenantID(n int) string { return fmt.Sprintf("b0000000-0000-4000-8000-%012d", n) }

// benchUser returns user i of a generated tenant. The same i always gives the
// same user, so a run can change one without reading it first.
func benchUser(tenantSize, i int, jobTitle string) devdirectory.User {
	names := []string{"Ada", "Ben", "Chloe", "Dev", "Emma", "Farid", "Grace", "Hiro", "Ines", "Jon"}
	departments := []string{"Sales", "Finance", "Engineering", "Operations", "Support"}
	given, surname := names[i%len(names)], fmt.Sprintf("Person%06d", i)
	upn := fmt.Sprintf("%s.%s@bench%d.example", strings.ToLower(given), strings.ToLower(surname), tenantSize)
	enabled := true
	return devdirectory.User{
		ID:          fmt.Sprintf("%08x-0000-4000-8000-%012d", tenantSize, i),
		DisplayName: given + " " + surname, GivenName: given, Surname: surname,
		UserPrincipalName: upn, Mail: upn, OtherMails: []string{fmt.Sprintf("p%06d@home.example", i)},
		JobTitle: jobTitle, Department: departments[i%len(departments)], OfficeLocation: "Building " + strconv.Itoa(i%40),
		MobilePhone: fmt.Sprintf("+1 555 %07d", i), BusinessPhones: []string{fmt.Sprintf("+1 555 %07d", i+1)},
		AccountEnabled: &enabled, UserType: "Member", CreatedDateTime: "2022-01-02T03:04:05Z",
	}
}

// benchOptions are the flags of `roster bench sync`.
type benchOptions struct {
	users, compareUsers, pageSize int
	databaseURL                   string
	graphURL, caFile, tenantID    string
	cpuProfile                    string
	child                         bool
}

func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "sync" {
		return errors.New("usage: roster bench sync [flags]")
	}
	var o benchOptions
	fs := newFlagSet("bench sync", stderr, "bench sync [flags]")
	fs.IntVar(&o.users, "users", 100000, "users in the generated tenant")
	fs.IntVar(&o.compareUsers, "compare-users", 10000, "users in the smaller tenant whose peak memory the big one is compared with; 0 skips it")
	fs.IntVar(&o.pageSize, "page-size", 999, "users per Graph page, 1 to 999")
	fs.StringVar(&o.databaseURL, "database-url", envOr("ROSTER_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"),
		"PostgreSQL URL of a user who may create databases; each run uses a new database and drops it (env ROSTER_DATABASE_URL)")
	fs.StringVar(&o.graphURL, "graph-url", "", "origin of a Graph-compatible server with a devdirectory control API; empty starts one in this process over TLS on 127.0.0.1")
	fs.StringVar(&o.caFile, "ca-file", "", "PEM file of the certificate that --graph-url presents")
	fs.StringVar(&o.tenantID, "tenant", "", "Entra tenant id to sync at --graph-url (default the generated tenant of --users)")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the full sync to this file")
	fs.BoolVar(&o.child, "child", false, "run one measurement and print it as JSON (used by the benchmark itself)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if o.child {
		return benchChild(ctx, o, stdout)
	}
	return benchParent(ctx, o, stdout, stderr)
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

// benchResult is one child's measurement.
type benchResult struct {
	Users            int     `json:"users"`
	Pages            int     `json:"pages"`
	FullSeconds      float64 `json:"fullSeconds"`
	FullApplySeconds float64 `json:"fullApplySeconds"`
	NoChangeSeconds  float64 `json:"noChangeSeconds"`
	OnePercent       int     `json:"onePercentChanged"`
	OnePercentUpdate int     `json:"onePercentUpdated"`
	OnePercentSecs   float64 `json:"onePercentSeconds"`
	FetchSeconds     float64 `json:"floorFetchSeconds"`
	DecodeSeconds    float64 `json:"floorDecodeSeconds"`
	CopySeconds      float64 `json:"floorCopySeconds"`
	PeakRSSBytes     int64   `json:"peakRssBytes"`
	HeapAfterBytes   uint64  `json:"heapAfterFullBytes"`
}

// ---- parent: the directory server and the report

func benchParent(ctx context.Context, o benchOptions, stdout, stderr io.Writer) error {
	if o.graphURL != "" {
		return errors.New("--graph-url needs --child: the parent starts its own server")
	}
	sizes := []int{o.users}
	if o.compareUsers > 0 {
		sizes = []int{o.compareUsers, o.users}
	}
	fmt.Fprintf(stderr, "generating %v users...\n", sizes)
	dir, err := benchDirectory(sizes)
	if err != nil {
		return err
	}
	origin, caFile, stop, err := serveBenchDirectory(dir)
	if err != nil {
		return err
	}
	defer stop()
	fmt.Fprintf(stderr, "Graph-compatible server at %s\n", origin)

	self, err := os.Executable()
	if err != nil {
		return err
	}
	results := map[int]benchResult{}
	for _, n := range sizes {
		dbURL, drop, err := createBenchDatabase(ctx, o.databaseURL)
		if err != nil {
			return err
		}
		args := []string{"bench", "sync", "--child", "--users", strconv.Itoa(n), "--page-size", strconv.Itoa(o.pageSize),
			"--graph-url", origin, "--ca-file", caFile, "--database-url", dbURL}
		if o.cpuProfile != "" && n == o.users {
			args = append(args, "--cpuprofile", o.cpuProfile)
		}
		fmt.Fprintf(stderr, "syncing %d users in a child process...\n", n)
		var out bytes.Buffer
		cmd := exec.CommandContext(ctx, self, args...)
		cmd.Stdout, cmd.Stderr = &out, stderr
		runErr := cmd.Run()
		drop()
		if runErr != nil {
			return fmt.Errorf("benchmark of %d users: %w", n, runErr)
		}
		var r benchResult
		if err := json.Unmarshal(out.Bytes(), &r); err != nil {
			return fmt.Errorf("read the result of %d users %q: %w", n, out.String(), err)
		}
		results[n] = r
	}
	printBenchReport(stdout, sizes, results)
	return nil
}

// benchDirectory generates one tenant per size, each granting the
// benchmark's application User.Read.All.
func benchDirectory(sizes []int) (*devdirectory.Directory, error) {
	f := devdirectory.File{Tenants: []devdirectory.Tenant{{
		TenantID: benchHomeTenantID, DisplayName: "Bench MSP", DefaultDomain: "bench-msp.example",
		Apps: []devdirectory.AppGrant{{AppID: benchClientID, Roles: []string{"User.Read.All"}}},
	}}}
	for _, n := range sizes {
		t := devdirectory.Tenant{
			TenantID: benchTenantID(n), DisplayName: fmt.Sprintf("Bench %d", n), DefaultDomain: fmt.Sprintf("bench%d.example", n),
			Apps:  []devdirectory.AppGrant{{AppID: benchClientID, Roles: []string{"User.Read.All"}}},
			Users: make([]devdirectory.User, n),
		}
		for i := range t.Users {
			t.Users[i] = benchUser(n, i, "Analyst")
		}
		f.Tenants = append(f.Tenants, t)
	}
	data, err := json.Marshal(f)
	if err != nil {
		return nil, err
	}
	return devdirectory.Parse(data)
}

// serveBenchDirectory serves dir's token endpoint, Graph API and control API
// over TLS on 127.0.0.1 and returns its origin and the file holding its
// certificate.
func serveBenchDirectory(dir *devdirectory.Directory) (origin, caFile string, stop func(), err error) {
	tmp, err := os.MkdirTemp("", "roster-bench-")
	if err != nil {
		return "", "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", "", nil, err
	}
	origin = "https://" + ln.Addr().String()
	cert, err := app.LoadOrCreateDevCert(tmp, origin)
	if err != nil {
		return "", "", nil, err
	}
	tokens, err := devdirectory.NewTokenService(devdirectory.TokenServiceOptions{
		Directory: dir, Apps: []devdirectory.App{{ClientID: benchClientID, Secret: benchClientSecret}},
	})
	if err != nil {
		return "", "", nil, err
	}

	graphAPI := devdirectory.Handler(devdirectory.Options{Directory: dir, Authenticate: tokens.Authenticate, Control: true})
	mux := http.NewServeMux()
	mux.Handle("/v1.0/", graphAPI)
	mux.Handle("/_dev/", graphAPI)
	mux.Handle("/", tokens.Handler())
	srv := &http.Server{Handler: mux, TLSConfig: &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.ServeTLS(ln, "", "") }()
	stop = func() {
		_ = srv.Close()
		_ = os.RemoveAll(tmp)
	}
	return origin, filepath.Join(tmp, "dev-tls-cert.pem"), stop, nil
}

// createBenchDatabase creates an empty database next to the one adminURL
// names and returns its URL and a function that drops it.
func createBenchDatabase(ctx context.Context, adminURL string) (string, func(), error) {
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return "", nil, fmt.Errorf("connect to PostgreSQL for the benchmark database (set --database-url): %w", err)
	}
	defer conn.Close(ctx)
	name := fmt.Sprintf("roster_bench_%d", time.Now().UnixNano())
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		return "", nil, fmt.Errorf("create database %s: %w", name, err)
	}
	u, err := url.Parse(adminURL)
	if err != nil {
		return "", nil, err
	}
	u.Path = "/" + name
	drop := func() {
		c, err := pgx.Connect(context.Background(), adminURL)
		if err != nil {
			return
		}
		defer c.Close(context.Background())
		_, _ = c.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	}
	return u.String(), drop, nil
}

func printBenchReport(w io.Writer, sizes []int, results map[int]benchResult) {
	fmt.Fprintf(w, "%-8s %6s %9s %9s %9s %9s %9s %9s %9s %9s %9s\n", "users", "pages", "full s", "people/s", "floor s", "full/fl", "nochg s", "nochg/fu", "1% s", "peak MiB", "heap MiB")
	for _, n := range sizes {
		r := results[n]
		floor := r.FetchSeconds + r.DecodeSeconds + r.CopySeconds
		fmt.Fprintf(w, "%-8d %6d %9.2f %9.0f %9.2f %9.2f %9.3f %8.2f%% %9.2f %9.1f %9.1f\n",
			n, r.Pages, r.FullSeconds, float64(n)/r.FullSeconds, floor, r.FullSeconds/floor,
			r.NoChangeSeconds, 100*r.NoChangeSeconds/r.FullSeconds, r.OnePercentSecs,
			float64(r.PeakRSSBytes)/(1<<20), float64(r.HeapAfterBytes)/(1<<20))
	}
	for _, n := range sizes {
		r := results[n]
		fmt.Fprintf(w, "%d users: full sync applied pages for %.2fs and read them for %.2fs; floor: fetch %.2fs, decode %.2fs, COPY %.2fs; 1%% delta changed %d, updated %d\n",
			n, r.FullApplySeconds, r.FullSeconds-r.FullApplySeconds, r.FetchSeconds, r.DecodeSeconds, r.CopySeconds, r.OnePercent, r.OnePercentUpdate)
	}
	if len(sizes) == 2 {
		small, big := results[sizes[0]], results[sizes[1]]
		fmt.Fprintf(w, "peak RSS of %d users / %d users: %.2f\n", sizes[1], sizes[0], float64(big.PeakRSSBytes)/float64(small.PeakRSSBytes))
	}
}

// ---- child: one measurement

func benchChild(ctx context.Context, o benchOptions, stdout io.Writer) error {
	if o.graphURL == "" || o.caFile == "" {
		return errors.New("--child needs --graph-url and --ca-file")
	}
	if o.tenantID == "" {
		o.tenantID = benchTenantID(o.users)
	}
	client, err := benchHTTPClient(o.caFile)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	db, err := database.Open(ctx, config.Database{URL: o.databaseURL}, log)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Migrate(ctx, log); err != nil {
		return err
	}
	t, err := benchTenant(ctx, db, o.tenantID)
	if err != nil {
		return err
	}
	reader, err := graph.New(graph.Config{
		AuthorityHost: o.graphURL, GraphEndpoint: o.graphURL, ClientID: benchClientID, ClientSecret: benchClientSecret,
		HTTPClient: client, PageSize: o.pageSize, Logger: log,
	})
	if err != nil {
		return err
	}
	timing := &timingReader{Reader: reader}
	svc := dirsync.NewService(db.Gorm, timing, nil, log)

	var r benchResult
	r.Users = o.users
	full, err := benchRun(ctx, svc, t.ID, o.cpuProfile)
	if err != nil {
		return err
	}
	r.FullSeconds, r.Pages, r.FullApplySeconds = full.seconds, full.run.PagesRead, timing.apply.Seconds()
	if full.run.CreatedCount != o.users {
		return fmt.Errorf("full sync created %d people, want %d", full.run.CreatedCount, o.users)
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	r.HeapAfterBytes = ms.HeapAlloc

	noChange, err := benchRun(ctx, svc, t.ID, "")
	if err != nil {
		return err
	}
	r.NoChangeSeconds = noChange.seconds

	if r.OnePercent, err = changeOnePercent(ctx, client, o); err != nil {
		return err
	}
	onePercent, err := benchRun(ctx, svc, t.ID, "")
	if err != nil {
		return err
	}
	r.OnePercentSecs, r.OnePercentUpdate = onePercent.seconds, onePercent.run.UpdatedCount

	if err := benchFloor(ctx, db, client, o, t.ID, &r); err != nil {
		return err
	}
	r.PeakRSSBytes = peakRSS()
	return json.NewEncoder(stdout).Encode(r)
}

func benchHTTPClient(caFile string) (*http.Client, error) {
	pem, err := os.ReadFile(caFile)
	if err != nil {
		return nil, err
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("read --ca-file %s: no PEM certificate found", caFile)
	}
	return &http.Client{Timeout: 2 * time.Minute, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}, Proxy: nil, MaxIdleConnsPerHost: 4,
	}}, nil
}

func benchTenant(ctx context.Context, db *database.DB, entraTenantID string) (*tenant.Tenant, error) {
	store := tenant.NewStore(db.Gorm)
	if _, err := store.EnsureHome(ctx, "Bench MSP", benchHomeTenantID); err != nil {
		return nil, err
	}
	return store.CreateCustomer(ctx, tenant.NewCustomer{Name: "Bench customer", EntraTenantID: entraTenantID}, nil)
}

type timedRun struct {
	run     *dirsync.Run
	seconds float64
}

// benchRun executes one run of the tenant and fails unless it succeeds.
func benchRun(ctx context.Context, svc *dirsync.Service, tenantID, cpuProfile string) (timedRun, error) {
	run, _, err := svc.StartInline(ctx, tenantID, dirsync.TriggerCLI)
	if err != nil {
		return timedRun{}, err
	}
	if cpuProfile != "" {
		f, err := os.Create(cpuProfile)
		if err != nil {
			return timedRun{}, err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return timedRun{}, err
		}
		defer pprof.StopCPUProfile()
	}
	start := time.Now()
	if err := svc.Execute(ctx, run.ID, nil); err != nil {
		return timedRun{}, err
	}
	elapsed := time.Since(start).Seconds()
	done, err := svc.Runs().Get(ctx, run.ID)
	if err != nil {
		return timedRun{}, err
	}
	if done.Status != dirsync.StatusSucceeded {
		return timedRun{}, fmt.Errorf("run %s ended %s: %s", done.ID, done.Status, done.ErrorMessage)
	}
	return timedRun{run: done, seconds: elapsed}, nil
}

// changeOnePercent gives every hundredth user a new job title through the
// directory's control API and returns how many it changed.
func changeOnePercent(ctx context.Context, client *http.Client, o benchOptions) (int, error) {
	changed := 0
	for i := 0; i < o.users; i += 100 {
		u := benchUser(o.users, i, "Senior Analyst")
		body, _ := json.Marshal(u)
		req, err := http.NewRequestWithContext(ctx, http.MethodPut, o.graphURL+"/_dev/directory/tenants/"+o.tenantID+"/users/"+u.ID, bytes.NewReader(body))
		if err != nil {
			return changed, err
		}
		resp, err := client.Do(req)
		if err != nil {
			return changed, err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return changed, fmt.Errorf("change user %s: HTTP %d", u.ID, resp.StatusCode)
		}
		changed++
	}
	return changed, nil
}

// peakRSS returns the process's peak resident set size from
// /proc/self/status (VmHWM), or 0 where that file does not exist.
func peakRSS() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb * 1024
		}
	}
	return 0
}

// timingReader measures the time a run spends applying pages, as opposed to
// reading them from Graph.
type timingReader struct {
	directory.Reader
	apply time.Duration
}

func (t *timingReader) UsersDelta(ctx context.Context, tenantID, deltaLink string, fn func(context.Context, directory.Page) error) (directory.DeltaResult, error) {
	return t.Reader.UsersDelta(ctx, tenantID, deltaLink, func(ctx context.Context, page directory.Page) error {
		start := time.Now()
		err := fn(ctx, page)
		t.apply += time.Since(start)
		return err
	})
}
