// Package auth verifies the Entra ID access tokens that callers present to
// Roster's API. It accepts v1 and v2 tokens for Roster's own audience from the
// home tenant and from linked customer tenants. Each must be signed with a key
// that the issuer publishes through its discovery document.
package auth

import (
	"context"
	"crypto/rsa"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
)

// personalAccountTenantID is the tenant of personal Microsoft accounts
// (outlook.com, live.com), which cannot hold an MSP's work identities.
const personalAccountTenantID = "9188040d-6c67-4c5b-b112-36a304b66dad"

// maxTokenSize bounds the work done on an unauthenticated input. Entra access
// tokens are a few kilobytes, even with many roles.
const maxTokenSize = 32 << 10

// Config configures a Verifier.
type Config struct {
	// Authority is the Entra authority host, e.g. https://login.microsoftonline.com.
	// Discovery documents are read from {Authority}/{tid}/v2.0/.well-known/openid-configuration
	// and v2 issuers are {Authority}/{tid}/v2.0.
	Authority string
	// V1IssuerHost is the host of v1 issuers, {V1IssuerHost}/{tid}/. It
	// defaults to https://sts.windows.net; in development mode it is the same
	// origin as Authority.
	V1IssuerHost string
	// Audiences are the accepted aud values: the API's client id and its
	// application id URI (api://...).
	Audiences []string
	// HomeTenantID is the MSP's own tenant, always accepted.
	HomeTenantID string
	// TenantAllowed reports whether a customer tenant is linked. Nil accepts
	// the home tenant only. It is called for well-formed tokens before their
	// signature is checked, so it should be a cheap lookup.
	TenantAllowed func(ctx context.Context, tenantID string) (bool, error)
	// HTTPClient fetches discovery documents and key sets. Nil uses a client
	// with a 15 second timeout.
	HTTPClient *http.Client
	// Leeway is the clock skew allowed on exp, nbf and iat. Zero means 2 minutes.
	Leeway time.Duration
	// RefreshUnknownKIDRate is the minimum interval between key set refreshes
	// caused by unknown kids. Zero means 5 minutes.
	RefreshUnknownKIDRate time.Duration
	// Logger receives key fetches and their failures. Nil uses slog.Default().
	Logger *slog.Logger
}

// Verifier verifies access tokens. It is safe for concurrent use.
type Verifier struct {
	authority    string
	v1IssuerHost string
	audiences    []string
	homeTenantID string
	tenantLinked func(ctx context.Context, tenantID string) (bool, error)
	lifetime     *jwt.Validator
	keys         *keyCache
}

// NewVerifier checks cfg and returns a Verifier. It fetches nothing: keys are
// read on first use.
func NewVerifier(cfg Config) (*Verifier, error) {
	authority, err := normalizeOrigin("Authority", cfg.Authority)
	if err != nil {
		return nil, err
	}
	if cfg.V1IssuerHost == "" {
		cfg.V1IssuerHost = "https://sts.windows.net"
	}
	v1IssuerHost, err := normalizeOrigin("V1IssuerHost", cfg.V1IssuerHost)
	if err != nil {
		return nil, err
	}
	if len(cfg.Audiences) == 0 {
		return nil, errors.New("auth: Audiences is empty: set the API's client id and application id URI")
	}
	if !isGUID(cfg.HomeTenantID) {
		return nil, fmt.Errorf("auth: HomeTenantID %q is not a tenant id (GUID)", cfg.HomeTenantID)
	}

	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: fetchTimeout}
	}
	if cfg.Leeway == 0 {
		cfg.Leeway = 2 * time.Minute
	}
	if cfg.RefreshUnknownKIDRate == 0 {
		cfg.RefreshUnknownKIDRate = 5 * time.Minute
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}

	return &Verifier{
		authority:    authority,
		v1IssuerHost: v1IssuerHost,
		audiences:    slices.Clone(cfg.Audiences),
		homeTenantID: strings.ToLower(cfg.HomeTenantID),
		tenantLinked: cfg.TenantAllowed,
		lifetime:     jwt.NewValidator(jwt.WithLeeway(cfg.Leeway), jwt.WithExpirationRequired(), jwt.WithIssuedAt()),
		keys:         newKeyCache(authority, cfg.HTTPClient, cfg.Logger, cfg.RefreshUnknownKIDRate),
	}, nil
}

func normalizeOrigin(field, value string) (string, error) {
	parsed, err := url.Parse(value)
	if err != nil || parsed.Scheme != "https" || parsed.Host == "" {
		return "", fmt.Errorf("auth: %s %q is not an https URL", field, value)
	}
	return strings.TrimSuffix(value, "/"), nil
}

// Verify checks rawToken (without the "Bearer " prefix) and returns its
// claims. A rejected token returns an *Error naming the failed Check; a
// failure to fetch keys wraps ErrUnavailable; a TenantAllowed failure is
// returned wrapped.
//
// The checks that need no lookup run first (format, algorithm, tenant id,
// issuer, audience), then the tenant lookup, so that a forged tid never makes
// Roster contact the authority. A token from an unlinked tenant is rejected as
// unlinked only after its signature verifies with the home tenant's keys, so
// that forged tokens cannot probe which tenants are linked.
func (v *Verifier) Verify(ctx context.Context, rawToken string) (*Claims, error) {
	token, parts, payload, err := parse(rawToken)
	if err != nil {
		return nil, err
	}

	version, err := v.checkIssuedFor(payload)
	if err != nil {
		return nil, err
	}

	tenantID := strings.ToLower(payload.TenantID)
	linked, err := v.isLinked(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	// Entra signs the tokens of every tenant with the same published keys,
	// unless an app registers its own signing key, which Roster's API does not.
	keysOf := tenantID
	if !linked {
		keysOf = v.homeTenantID
	}
	if err := v.checkSignature(ctx, keysOf, token, parts); err != nil {
		return nil, err
	}
	if !linked {
		return nil, reject(CheckTenant, "tenant %s is not linked to Roster: link it as a customer tenant first, or sign in with an account of the home tenant", tenantID)
	}

	if err := v.checkLifetime(payload); err != nil {
		return nil, err
	}
	return payload.toClaims(version), nil
}

// parse decodes the token without trusting it and runs the checks on its
// shape: missing, malformed and algorithm.
func parse(rawToken string) (*jwt.Token, []string, *tokenClaims, error) {
	rawToken = strings.TrimSpace(rawToken)
	if rawToken == "" {
		return nil, nil, nil, reject(CheckMissing, "no access token was presented: send Authorization: Bearer <token>")
	}
	if len(rawToken) > maxTokenSize {
		return nil, nil, nil, reject(CheckMalformed, "token is %d bytes, more than the %d allowed", len(rawToken), maxTokenSize)
	}

	payload := &tokenClaims{}
	token, parts, err := jwt.NewParser().ParseUnverified(rawToken, payload)
	switch {
	case errors.Is(err, jwt.ErrTokenUnverifiable):
		// ParseUnverified reports a missing or unknown alg this way.
		return nil, nil, nil, reject(CheckAlgorithm, "token alg is missing or unknown: only RS256 is accepted")
	case err != nil:
		return nil, nil, nil, reject(CheckMalformed, "token is not a JWT with three base64url parts and JSON header and claims")
	}
	if alg := token.Method.Alg(); alg != jwt.SigningMethodRS256.Alg() {
		return nil, nil, nil, reject(CheckAlgorithm, "token alg %q is not accepted: only RS256 is", alg)
	}

	if payload.ExpiresAt == nil {
		return nil, nil, nil, reject(CheckMalformed, "token has no exp claim")
	}
	if !isGUID(payload.ObjectID) {
		return nil, nil, nil, reject(CheckMalformed, "token oid %q is not an object id (GUID)", clip(payload.ObjectID))
	}
	return token, parts, payload, nil
}

// checkIssuedFor runs the tenant, issuer and audience checks that need no
// lookup, and returns the token version its issuer matched.
func (v *Verifier) checkIssuedFor(payload *tokenClaims) (string, error) {
	tenantID := strings.ToLower(payload.TenantID)
	switch {
	case tenantID == "":
		return "", reject(CheckTenant, "token has no tid claim")
	case !isGUID(tenantID):
		return "", reject(CheckTenant, "token tid %q is not a tenant id (GUID)", clip(payload.TenantID))
	case tenantID == personalAccountTenantID:
		return "", reject(CheckTenant, "personal Microsoft accounts (tenant %s) cannot sign in: use a work or school account", personalAccountTenantID)
	}

	version, err := v.issuerVersion(payload, tenantID)
	if err != nil {
		return "", err
	}
	if err := v.checkAudience(payload); err != nil {
		return "", err
	}
	return version, nil
}

// issuerVersion compares iss with the issuers built from the token's own tid,
// because multi-tenant discovery documents publish a {tenantid} placeholder.
func (v *Verifier) issuerVersion(payload *tokenClaims, tenantID string) (string, error) {
	v2Issuer := v.authority + "/" + tenantID + "/v2.0"
	v1Issuer := v.v1IssuerHost + "/" + tenantID + "/"

	var version string
	switch payload.Issuer {
	case v2Issuer:
		version = "2.0"
	case v1Issuer:
		version = "1.0"
	default:
		return "", reject(CheckIssuer, "issuer %q is not an issuer of tenant %s: expected %q or %q", clip(payload.Issuer), tenantID, v2Issuer, v1Issuer)
	}

	if payload.Version != "" && payload.Version != version {
		return "", reject(CheckIssuer, "issuer %q is a v%s issuer but the token says ver %q", payload.Issuer, version, clip(payload.Version))
	}
	return version, nil
}

// graphAudiences are Microsoft Graph's audience values, worth a hint because
// a Graph token is the most common wrong token.
var graphAudiences = []string{"https://graph.microsoft.com", "00000003-0000-0000-c000-000000000000"}

func (v *Verifier) checkAudience(payload *tokenClaims) error {
	for _, aud := range payload.Audience {
		if slices.Contains(v.audiences, aud) {
			return nil
		}
	}

	got := clip(strings.Join(payload.Audience, " "))
	expected := strings.Join(v.audiences, " or ")
	for _, aud := range payload.Audience {
		if slices.Contains(graphAudiences, strings.TrimSuffix(aud, "/")) {
			return reject(CheckAudience, "token is for Microsoft Graph (aud %q), not Roster's API: request a token for %s", got, expected)
		}
	}
	return reject(CheckAudience, "token audience %q is not Roster's API: request a token for %s", got, expected)
}

func (v *Verifier) isLinked(ctx context.Context, tenantID string) (bool, error) {
	if tenantID == v.homeTenantID {
		return true, nil
	}
	if v.tenantLinked == nil {
		return false, nil
	}

	linked, err := v.tenantLinked(ctx, tenantID)
	if err != nil {
		return false, fmt.Errorf("auth: looking up tenant %s: %w", tenantID, err)
	}
	return linked, nil
}

// checkSignature verifies the signature with the key named by kid in the key
// set of tenantID.
func (v *Verifier) checkSignature(ctx context.Context, tenantID string, token *jwt.Token, parts []string) error {
	kid, _ := token.Header["kid"].(string)
	if kid == "" {
		return reject(CheckUnknownKey, "token header has no kid")
	}

	key, err := v.keys.key(ctx, tenantID, token)
	switch {
	case errors.Is(err, ErrUnavailable):
		return fmt.Errorf("auth: %w", err)
	case errors.Is(err, errKeyNotFound):
		return reject(CheckUnknownKey, "key %q is not among the signing keys published for tenant %s", clip(kid), tenantID)
	case err != nil:
		return reject(CheckUnknownKey, "key %q published for tenant %s cannot verify RS256 tokens", clip(kid), tenantID)
	}
	if _, ok := key.(*rsa.PublicKey); !ok {
		return reject(CheckUnknownKey, "key %q published for tenant %s is not an RSA key", clip(kid), tenantID)
	}

	signingInput := parts[0] + "." + parts[1]
	if err := jwt.SigningMethodRS256.Verify(signingInput, token.Signature, key); err != nil {
		return reject(CheckSignature, "signature does not verify with key %q of tenant %s", clip(kid), tenantID)
	}
	return nil
}

func (v *Verifier) checkLifetime(payload *tokenClaims) error {
	err := v.lifetime.Validate(payload)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, jwt.ErrTokenExpired):
		return reject(CheckExpired, "token expired at %s: request a new one", payload.ExpiresAt.UTC().Format(time.RFC3339))
	case errors.Is(err, jwt.ErrTokenNotValidYet):
		return reject(CheckNotYetValid, "token is not valid before %s: check the clocks of the issuer and of this server", payload.NotBefore.UTC().Format(time.RFC3339))
	case errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		return reject(CheckNotYetValid, "token is issued at %s, in the future: check the clocks of the issuer and of this server", payload.IssuedAt.UTC().Format(time.RFC3339))
	default:
		return reject(CheckMalformed, "token time claims are invalid")
	}
}

// isGUID reports whether s is a GUID in the 36-character form Entra uses.
func isGUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	_, err := uuid.Parse(s)
	return err == nil
}
