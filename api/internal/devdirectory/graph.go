package devdirectory

import (
	"crypto/rand"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Errors an Options.Authenticate function returns to select Graph's 401 and
// 403 responses.
var (
	// ErrNoToken: the request has no bearer token (401).
	ErrNoToken = errors.New("access token is empty")
	// ErrInsufficientPrivileges: the token is valid but lacks the app role
	// User.Read.All (403 Authorization_RequestDenied).
	ErrInsufficientPrivileges = errors.New("insufficient privileges to complete the operation")
)

// Page size limits of GET /users and /users/delta(), as on Graph.
const (
	DefaultPageSize = 100
	MaxPageSize     = 999
)

// Options configures Handler.
type Options struct {
	// Directory is the state served. Required.
	Directory *Directory
	// Authenticate verifies the request's bearer token and returns the
	// tenant id it was issued for. Required; TokenService.Authenticate is
	// one implementation. Errors matching ErrNoToken or
	// ErrInsufficientPrivileges select Graph's response for those cases. Any
	// other error is a 401 whose message includes the error text, so it must
	// not contain the token.
	Authenticate func(r *http.Request) (tenantID string, err error)
	// PageSize is the page size when the request sets none; 0 means
	// DefaultPageSize.
	PageSize int
	// DeltaKey is the HMAC key of $skiptoken and $deltatoken values. When
	// nil, a random key is made, so tokens die with the handler.
	DeltaKey []byte
	// DeltaTokenTTL makes older $skiptoken and $deltatoken values fail with
	// 400 syncStateNotFound; 0 keeps them valid for the handler's lifetime.
	DeltaTokenTTL time.Duration
	// Faults, when not nil, enables fault injection on Graph requests and
	// the /_dev/faults API.
	Faults *Faults
	// Control enables the /_dev/directory API. It has no authentication:
	// enable it only in development.
	Control bool
	// File is the directory file that POST /_dev/directory/reload reads.
	File string
	// Logger receives one debug line per Graph request and the faults
	// applied; nil discards them.
	Logger *slog.Logger
}

// Handler returns an http.Handler that serves Microsoft Graph's users API
// from opts.Directory:
//
//	GET /v1.0/users           $select, $top (1-999), paged with @odata.nextLink
//	GET /v1.0/users/delta()   $select and $top or Prefer: odata.maxpagesize=N on
//	                          the first request; @odata.nextLink while pages
//	                          follow, @odata.deltaLink at the end
//	GET /v1.0/tenantRelationships/delegatedAdminCustomers, GET /v1.0/contracts
//	                          the tenant's customers (see listCustomers)
//
// The tenant comes from the bearer token (opts.Authenticate). Paging and delta
// links are absolute URLs built from the request's scheme and Host, and carry
// signed tokens. A delta round started from a delta link returns the users
// changed since that link was issued, and deleted users as
// {"id", "@removed": {"reason": "changed"}}; a first enumeration returns no
// deleted users. An unverifiable or expired token gets 400 syncStateNotFound,
// the response that makes a Graph client start over.
//
// With opts.Faults it also serves /_dev/faults, and with opts.Control the
// /_dev/directory API (see Faults.serveFaults and the control type). It panics
// when opts.Directory or opts.Authenticate is nil.
func Handler(opts Options) http.Handler {
	if opts.Directory == nil || opts.Authenticate == nil {
		panic("devdirectory: Handler needs Options.Directory and Options.Authenticate")
	}
	if opts.PageSize <= 0 || opts.PageSize > MaxPageSize {
		opts.PageSize = DefaultPageSize
	}
	key := opts.DeltaKey
	if len(key) == 0 {
		key = make([]byte, 32)
		_, _ = rand.Read(key) // since Go 1.24 it crashes the program rather than return an error
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	g := &graphServer{opts: opts, log: logger, signer: tokenSigner{key: key, ttl: opts.DeltaTokenTTL, now: time.Now}}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1.0/users", g.route(g.listUsers))
	mux.HandleFunc("GET /v1.0/users/delta()", g.route(g.usersDelta))
	mux.HandleFunc("GET /v1.0/tenantRelationships/delegatedAdminCustomers", g.route(g.listCustomers(RelationshipGDAP)))
	mux.HandleFunc("GET /v1.0/contracts", g.route(g.listCustomers(RelationshipContract)))
	mux.HandleFunc("/v1.0/", g.route(g.notFound))
	if opts.Faults != nil {
		mux.HandleFunc("/_dev/faults", opts.Faults.serveFaults)
	}
	if opts.Control {
		control{dir: opts.Directory, file: opts.File}.register(mux)
	}
	return mux
}

type graphServer struct {
	opts   Options
	log    *slog.Logger
	signer tokenSigner
}

// route wraps a Graph endpoint with the request id, authentication and fault
// injection, and passes the caller's tenant id on.
func (g *graphServer) route(next func(w http.ResponseWriter, r *http.Request, tid string)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		requestID := r.Header.Get("client-request-id")
		if requestID == "" {
			requestID = uuid.NewString()
		}
		w.Header().Set("request-id", requestID)
		w.Header().Set("client-request-id", requestID)

		tid, err := g.opts.Authenticate(r)
		switch {
		case errors.Is(err, ErrInsufficientPrivileges):
			g.fail(w, r, http.StatusForbidden, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")
			return
		case errors.Is(err, ErrNoToken):
			w.Header().Set("WWW-Authenticate", `Bearer realm=""`)
			g.fail(w, r, http.StatusUnauthorized, "InvalidAuthenticationToken", "Access token is empty.")
			return
		case err != nil:
			w.Header().Set("WWW-Authenticate", `Bearer realm=""`)
			g.fail(w, r, http.StatusUnauthorized, "InvalidAuthenticationToken", "Access token validation failure: "+err.Error())
			return
		}
		if _, err := g.opts.Directory.Tenant(tid); err != nil {
			g.fail(w, r, http.StatusUnauthorized, "InvalidAuthenticationToken", "The token's tenant "+tid+" does not exist in this directory.")
			return
		}

		if g.opts.Faults != nil {
			if f, ok := g.opts.Faults.next(tid); ok {
				g.log.Info("devdirectory: injecting fault", "tenant", tid, "kind", f.Kind, "status", f.Status, "path", r.URL.Path)
				if f.apply(w, r, baseURL(r)+"/v1.0/users/delta()") {
					return
				}
			}
		}
		g.log.Debug("devdirectory: graph request", "tenant", tid, "method", r.Method, "path", r.URL.Path, "request_id", requestID)
		next(w, r, tid)
	}
}

// fail logs a rejected Graph request and writes its error response.
func (g *graphServer) fail(w http.ResponseWriter, r *http.Request, status int, code, message string) {
	g.log.Info("devdirectory: graph request failed", "status", status, "code", code, "message", message, "path", r.URL.Path, "request_id", w.Header().Get("request-id"))
	writeGraphError(w, status, code, message)
}

func (g *graphServer) notFound(w http.ResponseWriter, r *http.Request, _ string) {
	segment := strings.TrimPrefix(r.URL.Path, "/v1.0/")
	g.fail(w, r, http.StatusBadRequest, "BadRequest", "Resource not found for the segment '"+segment+"'.")
}

// listUsers serves GET /v1.0/users.
func (g *graphServer) listUsers(w http.ResponseWriter, r *http.Request, tid string) {
	q := r.URL.Query()
	if !g.checkQuery(w, r, "$select", "$top", "$skiptoken") {
		return
	}
	_, epoch := g.opts.Directory.sequence()
	tok := pageToken{Kind: tokenUsersPage, Epoch: epoch, Tenant: tid}
	if q.Has("$skiptoken") {
		var err error
		if tok, err = g.signer.verify(q.Get("$skiptoken"), tokenUsersPage, tid, epoch); err != nil {
			g.fail(w, r, http.StatusBadRequest, "Request_BadRequest", "The $skiptoken value is invalid or has expired.")
			return
		}
	} else {
		var ok bool
		if tok.Select, ok = g.selectParam(w, r); !ok {
			return
		}
	}
	size, ok := g.pageSize(w, r, tok.Size)
	if !ok {
		return
	}
	tok.Size = size

	entries, more, err := g.opts.Directory.page(pageQuery{tenantID: tid, after: tok.After, limit: size})
	if err != nil {
		g.fail(w, r, http.StatusNotFound, "Request_ResourceNotFound", err.Error())
		return
	}
	body := map[string]any{
		"@odata.context": baseURL(r) + "/v1.0/$metadata#users(" + strings.Join(tok.Select, ",") + ")",
		"value":          renderEntries(entries, tok.Select),
	}
	if more {
		tok.After = entries[len(entries)-1].user.ID
		body["@odata.nextLink"] = baseURL(r) + "/v1.0/users?$skiptoken=" + url.QueryEscape(g.signer.sign(tok))
	}
	writeJSON(w, http.StatusOK, body)
}

// usersDelta serves GET /v1.0/users/delta().
func (g *graphServer) usersDelta(w http.ResponseWriter, r *http.Request, tid string) {
	if !g.checkQuery(w, r, "$select", "$top", "$skiptoken", "$deltatoken") {
		return
	}
	tok, ok := g.deltaRound(w, r, tid)
	if !ok {
		return
	}
	size, ok := g.pageSize(w, r, tok.Size)
	if !ok {
		return
	}
	tok.Size = size

	entries, more, err := g.opts.Directory.page(pageQuery{tenantID: tid, after: tok.After, limit: size, since: tok.Since, changes: tok.Changes})
	if err != nil {
		g.fail(w, r, http.StatusNotFound, "Request_ResourceNotFound", err.Error())
		return
	}
	body := map[string]any{
		"@odata.context": baseURL(r) + "/v1.0/$metadata#Collection(user)",
		"value":          renderEntries(entries, tok.Select),
	}
	deltaPath := baseURL(r) + "/v1.0/users/delta()"
	if more {
		tok.After = entries[len(entries)-1].user.ID
		body["@odata.nextLink"] = deltaPath + "?$skiptoken=" + url.QueryEscape(g.signer.sign(tok))
	} else {
		link := pageToken{Kind: tokenDeltaLink, Epoch: tok.Epoch, Tenant: tid, Changes: true, Since: tok.Start, Select: tok.Select, Size: tok.Size}
		body["@odata.deltaLink"] = deltaPath + "?$deltatoken=" + url.QueryEscape(g.signer.sign(link))
	}
	writeJSON(w, http.StatusOK, body)
}

// deltaRound returns the state of the delta page a request is for: the
// next page of a round ($skiptoken), a new round of changes ($deltatoken), or
// a first enumeration.
func (g *graphServer) deltaRound(w http.ResponseWriter, r *http.Request, tid string) (pageToken, bool) {
	q := r.URL.Query()
	seq, epoch := g.opts.Directory.sequence()
	expired := func() (pageToken, bool) {
		g.fail(w, r, http.StatusBadRequest, "syncStateNotFound", "The delta token has expired or is not valid. Start a new enumeration without a delta token.")
		return pageToken{}, false
	}
	switch {
	case q.Has("$skiptoken"):
		tok, err := g.signer.verify(q.Get("$skiptoken"), tokenDeltaPage, tid, epoch)
		if err != nil {
			return expired()
		}
		return tok, true
	case q.Has("$deltatoken"):
		link, err := g.signer.verify(q.Get("$deltatoken"), tokenDeltaLink, tid, epoch)
		if err != nil {
			return expired()
		}
		return pageToken{Kind: tokenDeltaPage, Epoch: epoch, Tenant: tid, Changes: true, Since: link.Since, Start: seq, Select: link.Select, Size: link.Size}, true
	default:
		selected, ok := g.selectParam(w, r)
		return pageToken{Kind: tokenDeltaPage, Epoch: epoch, Tenant: tid, Start: seq, Select: selected}, ok
	}
}

// checkQuery rejects OData system query options other than allowed.
func (g *graphServer) checkQuery(w http.ResponseWriter, r *http.Request, allowed ...string) bool {
	for name := range r.URL.Query() {
		if !strings.HasPrefix(name, "$") {
			continue
		}
		known := false
		for _, a := range allowed {
			known = known || name == a
		}
		if !known {
			g.fail(w, r, http.StatusBadRequest, "Request_UnsupportedQuery", "The query option '"+name+"' is not supported by this directory server.")
			return false
		}
	}
	return true
}

func (g *graphServer) selectParam(w http.ResponseWriter, r *http.Request) ([]string, bool) {
	selected, unknown := parseSelect(r.URL.Query().Get("$select"))
	if unknown != "" {
		g.fail(w, r, http.StatusBadRequest, "Request_BadRequest", "Could not find a property named '"+unknown+"' on type 'microsoft.graph.user'.")
		return nil, false
	}
	return selected, true
}

// pageSize returns the page size from Prefer: odata.maxpagesize, $top, the
// size carried by the page token, or the default, in that order.
func (g *graphServer) pageSize(w http.ResponseWriter, r *http.Request, fromToken int) (int, bool) {
	if n, ok := preferredPageSize(r.Header.Values("Prefer")); ok {
		w.Header().Set("Preference-Applied", "odata.maxpagesize="+strconv.Itoa(n))
		return n, true
	}
	if top := r.URL.Query().Get("$top"); top != "" {
		n, err := strconv.Atoi(top)
		if err != nil || n < 1 || n > MaxPageSize {
			g.fail(w, r, http.StatusBadRequest, "Request_BadRequest", "Invalid page size specified: '"+top+"'. Must be between 1 and 999 inclusive.")
			return 0, false
		}
		return n, true
	}
	if fromToken > 0 {
		return fromToken, true
	}
	return g.opts.PageSize, true
}

// preferredPageSize reads odata.maxpagesize from Prefer headers, capped at
// MaxPageSize; invalid values are ignored, as preferences are optional.
func preferredPageSize(prefer []string) (int, bool) {
	for _, header := range prefer {
		for _, pref := range strings.Split(header, ",") {
			name, value, ok := strings.Cut(strings.TrimSpace(pref), "=")
			if !ok || !strings.EqualFold(strings.TrimSpace(name), "odata.maxpagesize") {
				continue
			}
			n, err := strconv.Atoi(strings.Trim(strings.TrimSpace(value), `"`))
			if err == nil && n > 0 {
				return min(n, MaxPageSize), true
			}
		}
	}
	return 0, false
}

func renderEntries(entries []entry, selected []string) []map[string]any {
	out := make([]map[string]any, 0, len(entries))
	for _, e := range entries {
		if e.deleted {
			out = append(out, renderRemoved(e.user))
		} else {
			out = append(out, renderUser(e.user, selected))
		}
	}
	return out
}

// baseURL returns the scheme and host the request was sent to.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
