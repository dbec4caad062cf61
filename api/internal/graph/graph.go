// Package graph reads Entra ID users through Microsoft Graph. It is the only
// package that imports MSAL Go and msgraph-sdk-go; everything else uses the
// directory.Reader interface that Client implements.
//
// One Client serves every tenant. It holds one MSAL confidential client, which
// acquires an app-only token per tenant (client credentials), and one Graph
// request adapter whose token provider reads the tenant from the request's
// context.
package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/confidential"
	abstractions "github.com/microsoft/kiota-abstractions-go"
	"github.com/microsoft/kiota-abstractions-go/authentication"
	khttp "github.com/microsoft/kiota-http-go"
	msgraphsdk "github.com/microsoftgraph/msgraph-sdk-go"
	msgraphgocore "github.com/microsoftgraph/msgraph-sdk-go-core"
	"github.com/microsoftgraph/msgraph-sdk-go/users"

	"github.com/rosterhq/roster/api/internal/directory"
)

// Defaults of Config.
const (
	DefaultPageSize       = 999 // Graph's maximum page size for users
	DefaultMaxAttempts    = 4
	DefaultRetryBaseDelay = time.Second
	DefaultMaxRetryWait   = time.Minute
	DefaultRequestTimeout = time.Minute
)

// Config configures New.
type Config struct {
	// AuthorityHost is the Entra authority without a tenant, such as
	// https://login.microsoftonline.com. It must use https.
	AuthorityHost string
	// GraphEndpoint is the Graph service root without a version, such as
	// https://graph.microsoft.com. It must use https. Tokens are requested
	// for the scope GraphEndpoint + "/.default" and sent to this host only.
	GraphEndpoint string
	ClientID      string
	// ClientSecret authenticates the application. Set it or CertificatePEM,
	// not both.
	ClientSecret string
	// CertificatePEM holds the application's certificate and its private key
	// in PEM, for a client assertion instead of a secret.
	CertificatePEM []byte
	// CertificatePassword decrypts an encrypted private key in CertificatePEM.
	CertificatePassword string
	// HTTPClient sends token and Graph requests. Nil means a client that
	// trusts the system roots, which honour SSL_CERT_FILE.
	HTTPClient *http.Client
	// PageSize is the odata.maxpagesize requested for delta pages, 1 to 999.
	PageSize int
	// MaxAttempts bounds the attempts of one Graph request when it meets 429,
	// 5xx, a timeout or a connection failure.
	MaxAttempts int
	// RetryBaseDelay is the first backoff delay when Graph sends no
	// Retry-After. Later delays double, with up to 50% jitter added.
	RetryBaseDelay time.Duration
	// MaxRetryWait is the longest wait before a retry. A Retry-After longer
	// than this ends the call with KindThrottled, so that the caller can
	// reschedule instead of holding a worker.
	MaxRetryWait time.Duration
	// RequestTimeout bounds one attempt of one Graph request.
	RequestTimeout time.Duration
	// Logger receives retries, restarts and failures; nil discards them.
	Logger *slog.Logger
	// Observer, when set, is told about every wait for a throttled
	// request, for metrics.
	Observer Observer
}

// Observer receives the waits of the adapter. Implementations must be safe
// for concurrent use and must not block.
type Observer interface {
	// Throttled is called before the adapter waits wait to retry a request
	// that Graph answered with 429.
	Throttled(tenantID string, wait time.Duration)
}

// userFields is the $select of delta requests: every field of directory.User.
var userFields = []string{
	"id", "displayName", "givenName", "surname", "userPrincipalName", "mail", "otherMails",
	"jobTitle", "department", "officeLocation", "mobilePhone", "businessPhones",
	"accountEnabled", "userType", "onPremisesSyncEnabled", "createdDateTime",
}

// Client reads users of Entra tenants. It is safe for concurrent use.
type Client struct {
	cfg      Config
	endpoint *url.URL
	service  *msgraphsdk.GraphServiceClient
	log      *slog.Logger
}

var _ directory.Reader = (*Client)(nil)

// New returns a Client for cfg. It checks the configuration but makes no
// request.
func New(cfg Config) (*Client, error) {
	cfg, endpoint, err := withDefaults(cfg)
	if err != nil {
		return nil, err
	}
	cred, err := credential(cfg)
	if err != nil {
		return nil, err
	}
	msal, err := confidential.New(cfg.AuthorityHost+"/organizations", cfg.ClientID, cred,
		confidential.WithHTTPClient(cfg.HTTPClient),
		// Without this, MSAL first sends an instance discovery request to
		// login.microsoftonline.com, which fails for a local authority.
		confidential.WithInstanceDiscovery(false),
	)
	if err != nil {
		return nil, fmt.Errorf("graph: create MSAL client: %w", err)
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}

	hosts, err := authentication.NewAllowedHostsValidatorErrorCheck([]string{endpoint.Hostname()})
	if err != nil {
		return nil, fmt.Errorf("graph: allowed hosts: %w", err)
	}
	tokens := &tokenProvider{msal: msal, scopes: []string{cfg.GraphEndpoint + "/.default"}, endpoint: endpoint, hosts: hosts}
	adapter, err := msgraphsdk.NewGraphRequestAdapterWithParseNodeFactoryAndSerializationWriterFactoryAndHttpClient(
		authentication.NewBaseBearerTokenAuthenticationProvider(tokens), nil, nil, graphHTTPClient(cfg, logger))
	if err != nil {
		return nil, fmt.Errorf("graph: create request adapter: %w", err)
	}
	adapter.SetBaseUrl(cfg.GraphEndpoint + "/v1.0")

	return &Client{cfg: cfg, endpoint: endpoint, service: msgraphsdk.NewGraphServiceClient(adapter), log: logger}, nil
}

func withDefaults(cfg Config) (Config, *url.URL, error) {
	cfg.AuthorityHost = strings.TrimRight(cfg.AuthorityHost, "/")
	cfg.GraphEndpoint = strings.TrimRight(cfg.GraphEndpoint, "/")
	if _, err := httpsURL("AuthorityHost", cfg.AuthorityHost); err != nil {
		return cfg, nil, err
	}
	endpoint, err := httpsURL("GraphEndpoint", cfg.GraphEndpoint)
	if err != nil {
		return cfg, nil, err
	}
	if cfg.ClientID == "" {
		return cfg, nil, errors.New("graph: ClientID is missing")
	}

	if cfg.PageSize == 0 {
		cfg.PageSize = DefaultPageSize
	}
	if cfg.PageSize < 1 || cfg.PageSize > 999 {
		return cfg, nil, fmt.Errorf("graph: PageSize %d is outside 1-999", cfg.PageSize)
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: DefaultRequestTimeout}
	}

	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = DefaultMaxAttempts
	}
	if cfg.RetryBaseDelay <= 0 {
		cfg.RetryBaseDelay = DefaultRetryBaseDelay
	}
	if cfg.MaxRetryWait <= 0 {
		cfg.MaxRetryWait = DefaultMaxRetryWait
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	return cfg, endpoint, nil
}

func httpsURL(name, raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
		return nil, fmt.Errorf("graph: %s %q is not an https URL without a path", name, raw)
	}
	return u, nil
}

func credential(cfg Config) (confidential.Credential, error) {
	switch {
	case cfg.ClientSecret != "" && len(cfg.CertificatePEM) > 0:
		return confidential.Credential{}, errors.New("graph: set ClientSecret or CertificatePEM, not both")
	case cfg.ClientSecret != "":
		return confidential.NewCredFromSecret(cfg.ClientSecret)
	case len(cfg.CertificatePEM) > 0:
		certs, key, err := confidential.CertFromPEM(cfg.CertificatePEM, cfg.CertificatePassword)
		if err != nil {
			return confidential.Credential{}, fmt.Errorf("graph: read certificate PEM: %w", err)
		}
		return confidential.NewCredFromCert(certs, key)
	default:
		return confidential.Credential{}, errors.New("graph: ClientSecret or CertificatePEM is required")
	}
}

// graphHTTPClient returns the client for Graph requests: the Graph SDK's
// middleware (redirects, compression, telemetry headers) over retryTransport
// over the configured transport. The SDK's own retry handler is configured
// never to retry, because retryTransport retries more cases (500, 502,
// timeouts, connection failures) and bounds each wait.
func graphHTTPClient(cfg Config, logger *slog.Logger) *http.Client {
	options := msgraphsdk.GetDefaultClientOptions()
	middleware := msgraphgocore.GetDefaultMiddlewaresWithOptions(&options)
	for i, m := range middleware {
		if _, ok := m.(*khttp.RetryHandler); ok {
			middleware[i] = khttp.NewRetryHandlerWithOptions(khttp.RetryHandlerOptions{
				ShouldRetry: func(time.Duration, int, *http.Request, *http.Response) bool { return false },
			})
		}
	}
	base := cfg.HTTPClient.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	retry := &retryTransport{
		base:        base,
		maxAttempts: cfg.MaxAttempts,
		baseDelay:   cfg.RetryBaseDelay,
		maxWait:     cfg.MaxRetryWait,
		timeout:     cfg.RequestTimeout,
		log:         logger,
		observer:    cfg.Observer,
	}
	return &http.Client{
		Transport: khttp.NewCustomTransportWithParentTransport(retry, middleware...),
		// The SDK's redirect middleware follows redirects itself.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// tenantKey is the context key of the tenant whose token a request needs.
type tenantKey struct{}

// tokenProvider gives the Graph SDK an app-only token for the tenant in the
// request's context, from MSAL's cache or the authority.
type tokenProvider struct {
	msal     confidential.Client
	scopes   []string
	endpoint *url.URL
	hosts    *authentication.AllowedHostsValidator
}

// GetAuthorizationToken returns a token for the Graph endpoint. It rejects
// any other scheme or host:port, so that a paging link pointing elsewhere
// cannot receive a token.
func (p *tokenProvider) GetAuthorizationToken(ctx context.Context, u *url.URL, _ map[string]any) (string, error) {
	if u.Scheme != "https" || !strings.EqualFold(u.Host, p.endpoint.Host) {
		return "", &directory.Error{Kind: directory.KindOther, Message: fmt.Sprintf("refusing to send a Graph token to %s://%s, which is not the Graph endpoint %s", u.Scheme, u.Host, p.endpoint)}
	}
	tenantID, _ := ctx.Value(tenantKey{}).(string)
	if tenantID == "" {
		return "", errors.New("graph: no tenant in the request context")
	}
	res, err := p.msal.AcquireTokenByCredential(ctx, p.scopes, confidential.WithTenantID(tenantID))
	if err != nil {
		return "", &tokenError{err: err}
	}
	return res.AccessToken, nil
}

// GetAllowedHostsValidator returns the Graph endpoint's host.
func (p *tokenProvider) GetAllowedHostsValidator() *authentication.AllowedHostsValidator {
	return p.hosts
}

// tokenError marks a failure to get a token, as opposed to a failed Graph
// request.
type tokenError struct{ err error }

func (e *tokenError) Error() string { return "acquire token: " + e.err.Error() }
func (e *tokenError) Unwrap() error { return e.err }

// CheckConsent gets a token for tenantID and reads one user, which succeeds
// only when the application is present in the tenant with permission to read
// users. The error is a *directory.Error saying what is missing.
func (c *Client) CheckConsent(ctx context.Context, tenantID string) error {
	if err := checkTenantID(tenantID); err != nil {
		return err
	}
	ctx, ex := c.requestContext(ctx, tenantID)
	top := int32(1)
	_, err := c.service.Users().Get(ctx, &users.UsersRequestBuilderGetRequestConfiguration{
		QueryParameters: &users.UsersRequestBuilderGetQueryParameters{Top: &top, Select: []string{"id"}},
	})
	if err != nil {
		return c.classify(err, ex, tenantID, "check access to users")
	}
	return nil
}

// requestContext returns ctx carrying the tenant for the token provider and
// a fresh record of the HTTP exchange for error classification.
func (c *Client) requestContext(ctx context.Context, tenantID string) (context.Context, *exchange) {
	ex := &exchange{tenantID: tenantID}
	ctx = context.WithValue(ctx, tenantKey{}, tenantID)
	return context.WithValue(ctx, exchangeKey{}, ex), ex
}

func checkTenantID(tenantID string) error {
	if !isGUID(tenantID) {
		return &directory.Error{Kind: directory.KindTenantNotFound, Message: fmt.Sprintf("tenant id %q is not a GUID", tenantID)}
	}
	return nil
}

func isGUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, r := range s {
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if r != '-' {
				return false
			}
		case !strings.ContainsRune("0123456789abcdefABCDEF", r):
			return false
		}
	}
	return true
}

// preferHeaders returns the Prefer header that sets the page size.
func (c *Client) preferHeaders() *abstractions.RequestHeaders {
	h := abstractions.NewRequestHeaders()
	h.Add("Prefer", fmt.Sprintf("odata.maxpagesize=%d", c.cfg.PageSize))
	return h
}
