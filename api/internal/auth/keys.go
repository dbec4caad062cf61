package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/MicahParks/jwkset"
	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/sync/singleflight"
	"golang.org/x/time/rate"
)

const (
	// discoveryMaxAge and keysMaxAge bound how long a cached discovery
	// document or key set is used before it is read again in the background.
	// An unknown kid refreshes keys sooner.
	discoveryMaxAge = 24 * time.Hour
	keysMaxAge      = 24 * time.Hour
	fetchTimeout    = 15 * time.Second
	maxDocumentSize = 1 << 20
)

// errKeyNotFound is returned for a kid missing from the key set after the
// refresh it was allowed.
var errKeyNotFound = errors.New("key not found")

// keyCache finds the key that signed a token: it reads the discovery document
// of the token's tenant for its jwks_uri and keeps one key set per jwks_uri,
// because Entra serves the same keys to many tenants.
//
// NOTE: keyfunc's own RefreshUnknownKID (jwkset v0.11) waits on its rate
// limiter for up to RateLimitWaitMax and runs the refresh under that wait's
// deadline, so a flood of unknown kids would park requests for up to a window.
// keyCache therefore feeds keyfunc from a memory storage it fills itself, and
// decides about refreshes without waiting.
type keyCache struct {
	authority   string
	client      *http.Client
	logger      *slog.Logger
	refreshRate time.Duration
	now         func() time.Time

	mu        sync.Mutex
	discovery map[string]discoveredTenant // by tenant id
	sets      map[string]*keySet          // by jwks_uri
	fetches   singleflight.Group
}

type discoveredTenant struct {
	jwksURI   string
	expiresAt time.Time
}

func newKeyCache(authority string, client *http.Client, logger *slog.Logger, refreshRate time.Duration) *keyCache {
	return &keyCache{
		authority:   authority,
		client:      client,
		logger:      logger,
		refreshRate: refreshRate,
		now:         time.Now,
		discovery:   make(map[string]discoveredTenant),
		sets:        make(map[string]*keySet),
	}
}

// key returns the public key named by token's kid in tenantID's key set. A
// kid that is not found triggers at most one refresh of the set per
// refreshRate; it returns errKeyNotFound when the kid is still missing.
// Failures to fetch discovery or keys wrap ErrUnavailable.
func (c *keyCache) key(ctx context.Context, tenantID string, token *jwt.Token) (any, error) {
	jwksURI, err := c.jwksURI(ctx, tenantID)
	if err != nil {
		return nil, err
	}

	set, err := c.keySet(ctx, jwksURI)
	if err != nil {
		return nil, err
	}
	return set.key(ctx, token)
}

// jwksURI returns tenantID's jwks_uri from its discovery document, read
// again after discoveryMaxAge. When that read fails, the cached value is kept
// and the read is retried after refreshRate.
func (c *keyCache) jwksURI(ctx context.Context, tenantID string) (string, error) {
	c.mu.Lock()
	cached, ok := c.discovery[tenantID]
	c.mu.Unlock()
	if ok && c.now().Before(cached.expiresAt) {
		return cached.jwksURI, nil
	}

	uri, err := c.shared(ctx, "discovery "+tenantID, func(ctx context.Context) (any, error) {
		return c.fetchJWKSURI(ctx, tenantID)
	})
	if err != nil {
		if ok {
			c.logger.WarnContext(ctx, "reading discovery document failed, keeping the cached one",
				"tenant_id", tenantID, "retry_in", c.refreshRate, "error", err)
			c.remember(tenantID, cached.jwksURI, c.refreshRate)
			return cached.jwksURI, nil
		}
		return "", fmt.Errorf("%w: discovery document of tenant %s: %w", ErrUnavailable, tenantID, err)
	}

	c.remember(tenantID, uri.(string), discoveryMaxAge)
	return uri.(string), nil
}

func (c *keyCache) remember(tenantID, jwksURI string, maxAge time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.discovery[tenantID] = discoveredTenant{jwksURI: jwksURI, expiresAt: c.now().Add(maxAge)}
}

// keySet returns the key set of jwksURI, fetching it on first use.
func (c *keyCache) keySet(ctx context.Context, jwksURI string) (*keySet, error) {
	c.mu.Lock()
	set, ok := c.sets[jwksURI]
	c.mu.Unlock()
	if ok {
		return set, nil
	}

	created, err := c.shared(ctx, "keys "+jwksURI, func(ctx context.Context) (any, error) {
		set, err := c.newKeySet(ctx, jwksURI)
		if err != nil {
			return nil, err
		}
		c.mu.Lock()
		c.sets[jwksURI] = set
		c.mu.Unlock()
		return set, nil
	})
	if err != nil {
		return nil, fmt.Errorf("%w: key set %s: %w", ErrUnavailable, jwksURI, err)
	}
	return created.(*keySet), nil
}

// shared runs fetch once for all concurrent callers with the same key. The
// fetch runs detached from any one caller, so a caller that gives up does not
// cancel it for the others.
func (c *keyCache) shared(ctx context.Context, key string, fetch func(context.Context) (any, error)) (any, error) {
	result := c.fetches.DoChan(key, func() (any, error) {
		fetchCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), fetchTimeout)
		defer cancel()
		return fetch(fetchCtx)
	})

	select {
	case r := <-result:
		return r.Val, r.Err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (c *keyCache) fetchJWKSURI(ctx context.Context, tenantID string) (string, error) {
	address := c.authority + "/" + url.PathEscape(tenantID) + "/v2.0/.well-known/openid-configuration"
	var document struct {
		JWKSURI string `json:"jwks_uri"`
	}
	if err := c.getJSON(ctx, address, &document); err != nil {
		return "", err
	}

	parsed, err := url.Parse(document.JWKSURI)
	if err != nil || parsed.Scheme != "https" || parsed.Host == "" {
		return "", fmt.Errorf("discovery document %s has no https jwks_uri (got %q)", address, clip(document.JWKSURI))
	}
	return document.JWKSURI, nil
}

func (c *keyCache) getJSON(ctx context.Context, address string, into any) error {
	request, err := http.NewRequestWithContext(ctx, http.MethodGet, address, nil)
	if err != nil {
		return err
	}
	request.Header.Set("Accept", "application/json")

	response, err := c.client.Do(request)
	if err != nil {
		return err
	}
	defer response.Body.Close()
	if response.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: status %d", address, response.StatusCode)
	}

	if err := json.NewDecoder(io.LimitReader(response.Body, maxDocumentSize)).Decode(into); err != nil {
		return fmt.Errorf("GET %s: decoding JSON: %w", address, err)
	}
	return nil
}

// keySet is the published keys of one jwks_uri.
type keySet struct {
	cache   *keyCache
	uri     string
	storage *jwkset.MemoryJWKSet
	keyfunc keyfunc.Keyfunc
	// unknownKID allows one refresh for an unknown kid per refreshRate.
	unknownKID *rate.Limiter

	mu          sync.Mutex
	fetchedAt   time.Time
	attemptedAt time.Time
	// refreshing is closed when the refresh in flight ends; nil when none is.
	refreshing chan struct{}
	refreshErr error
}

func (c *keyCache) newKeySet(ctx context.Context, jwksURI string) (*keySet, error) {
	storage := jwkset.NewMemoryStorage()
	kf, err := keyfunc.New(keyfunc.Options{
		Storage: storage,
		// Entra marks its keys "sig"; a key without use is accepted too.
		UseWhitelist: []jwkset.USE{jwkset.UseSig, ""},
	})
	if err != nil {
		return nil, err
	}

	set := &keySet{
		cache:      c,
		uri:        jwksURI,
		storage:    storage,
		keyfunc:    kf,
		unknownKID: rate.NewLimiter(rate.Every(c.refreshRate), 1),
	}
	if err := set.fetch(ctx, "first use"); err != nil {
		return nil, err
	}
	return set, nil
}

// key looks up token's kid. A caller with a known kid never waits for a
// refresh. A caller with an unknown kid waits for the refresh in flight, or
// starts one when the rate limit allows, and otherwise fails at once.
func (s *keySet) key(ctx context.Context, token *jwt.Token) (any, error) {
	s.refreshIfStale()

	key, err := s.keyfunc.KeyfuncCtx(ctx)(token)
	if !errors.Is(err, jwkset.ErrKeyNotFound) {
		return key, err
	}

	if !s.refreshForUnknownKID(ctx) {
		return nil, errKeyNotFound
	}
	key, err = s.keyfunc.KeyfuncCtx(ctx)(token)
	if errors.Is(err, jwkset.ErrKeyNotFound) {
		return nil, errKeyNotFound
	}
	return key, err
}

// refreshForUnknownKID reports whether a refresh completed for the caller.
func (s *keySet) refreshForUnknownKID(ctx context.Context) bool {
	s.mu.Lock()
	done := s.refreshing
	if done == nil {
		if !s.unknownKID.AllowN(s.cache.now(), 1) {
			s.mu.Unlock()
			return false
		}
		done = s.startRefresh("unknown kid")
	}
	s.mu.Unlock()

	select {
	case <-done:
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.refreshErr == nil
	case <-ctx.Done():
		return false
	}
}

// refreshIfStale starts a background refresh once the keys are older than
// keysMaxAge, retrying a failed one at most once per refreshRate.
func (s *keySet) refreshIfStale() {
	s.mu.Lock()
	defer s.mu.Unlock()

	now := s.cache.now()
	if s.refreshing != nil || now.Sub(s.fetchedAt) < keysMaxAge || now.Sub(s.attemptedAt) < s.cache.refreshRate {
		return
	}
	s.startRefresh("keys older than " + keysMaxAge.String())
}

// startRefresh fetches the key set in the background; s.mu must be held.
func (s *keySet) startRefresh(reason string) chan struct{} {
	done := make(chan struct{})
	s.refreshing = done
	s.attemptedAt = s.cache.now()

	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), fetchTimeout)
		defer cancel()
		err := s.fetch(ctx, reason)

		s.mu.Lock()
		s.refreshErr = err
		s.refreshing = nil
		s.mu.Unlock()
		close(done)
	}()
	return done
}

// fetch replaces the stored keys with the published ones.
func (s *keySet) fetch(ctx context.Context, reason string) error {
	var published jwkset.JWKSMarshal
	if err := s.cache.getJSON(ctx, s.uri, &published); err != nil {
		s.cache.logger.WarnContext(ctx, "fetching signing keys failed", "jwks_uri", s.uri, "reason", reason, "error", err)
		return err
	}

	keys := make([]jwkset.JWK, 0, len(published.Keys))
	for _, marshalled := range published.Keys {
		key, err := jwkset.NewJWKFromMarshal(marshalled, jwkset.JWKMarshalOptions{}, jwkset.JWKValidateOptions{})
		if err != nil {
			s.cache.logger.WarnContext(ctx, "skipping unusable signing key", "jwks_uri", s.uri, "kid", clip(marshalled.KID), "error", err)
			continue
		}
		keys = append(keys, key)
	}
	if len(keys) == 0 {
		err := fmt.Errorf("key set %s has no usable keys", s.uri)
		s.cache.logger.WarnContext(ctx, "fetching signing keys failed", "jwks_uri", s.uri, "reason", reason, "error", err)
		return err
	}

	if err := s.storage.KeyReplaceAll(ctx, keys); err != nil {
		return err
	}
	s.mu.Lock()
	s.fetchedAt = s.cache.now()
	s.mu.Unlock()
	s.cache.logger.InfoContext(ctx, "fetched signing keys", "jwks_uri", s.uri, "reason", reason, "keys", len(keys))
	return nil
}
