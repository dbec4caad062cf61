package devidp

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
)

const (
	accessTokenLifetime  = time.Hour
	refreshTokenLifetime = 24 * time.Hour
	// refreshTokenAudience keeps refresh tokens, which the provider signs
	// with its one key, from passing as access or ID tokens anywhere.
	refreshTokenAudience = "urn:roster:devidp:refresh-token"
)

// objectIDNamespace derives stable object ids for app service principals.
var objectIDNamespace = uuid.MustParse("b0e3c0c2-6f1d-4c59-9a57-2d8e4f1a7c6e")

// grant is the outcome of an accepted token request: the person or app, the
// client, the tenant and the scopes.
type grant struct {
	tenantID string
	app      *App
	// person is nil for an app acting as itself (client credentials).
	person    *Person
	scopes    scopeRequest
	nonce     string
	sessionID string
	// version is "2.0", or "1.0" for tokens minted for tests and scripts.
	version  string
	audience string // overrides the resource's default audience when set
	lifetime time.Duration
	// graphRoles, when not nil, replaces the app's GraphRoles: the roles
	// granted in this grant's tenant.
	graphRoles []string
}

func (g grant) isApp() bool { return g.person == nil }

// appObjectID returns the object id of app's service principal, derived from
// its client id so that it is the same in every process.
func appObjectID(clientID string) string {
	return uuid.NewSHA1(objectIDNamespace, []byte(clientID)).String()
}

// pairwiseSubject returns a sub that differs per person and application, as
// Entra's does.
func pairwiseSubject(objectID, clientID string) string {
	sum := sha256.Sum256([]byte(objectID + "/" + clientID))
	return base64.RawURLEncoding.EncodeToString(sum[:])[:43]
}

func (p *Provider) v2Issuer(tenantID string) string { return p.origin + "/" + tenantID + "/v2.0" }
func (p *Provider) v1Issuer(tenantID string) string { return p.origin + "/" + tenantID + "/" }

// accessToken returns a signed access token for g and the scope granted.
func (p *Provider) accessToken(g grant) (token, grantedScope string, err error) {
	now := p.now()
	lifetime := g.lifetime
	if lifetime == 0 {
		lifetime = accessTokenLifetime
	}
	claims := jwt.MapClaims{
		"iat": now.Unix(),
		"nbf": now.Unix(),
		"exp": now.Add(lifetime).Unix(),
		"tid": g.tenantID,
		"uti": newID(),
		"aud": p.audience(g),
	}

	if g.isApp() {
		objectID := appObjectID(g.app.ClientID)
		claims["oid"] = objectID
		claims["sub"] = objectID
		claims["idtyp"] = "app"
		claims["appid"] = g.app.ClientID
		if roles := p.appRoles(g); len(roles) > 0 {
			claims["roles"] = roles
		}
	} else {
		claims["oid"] = g.person.ObjectID
		claims["sub"] = pairwiseSubject(g.person.ObjectID, g.app.ClientID)
		claims["idtyp"] = "user"
		claims["name"] = g.person.DisplayName
		claims["scp"] = strings.Join(p.delegatedPermissions(g.scopes), " ")
		if g.sessionID != "" {
			claims["sid"] = g.sessionID
		}
	}

	if g.version == "1.0" {
		claims["ver"] = "1.0"
		claims["iss"] = p.v1Issuer(g.tenantID)
		claims["appid"] = g.app.ClientID
		claims["appidacr"] = clientAuthenticationLevel(g.app)
		if !g.isApp() {
			claims["upn"] = g.person.UserPrincipalName
			claims["unique_name"] = g.person.UserPrincipalName
		}
	} else {
		claims["ver"] = "2.0"
		claims["iss"] = p.v2Issuer(g.tenantID)
		claims["azp"] = g.app.ClientID
		claims["azpacr"] = clientAuthenticationLevel(g.app)
		if !g.isApp() {
			claims["preferred_username"] = g.person.UserPrincipalName
		}
	}

	token, err = p.key.sign(claims)
	return token, p.grantedScope(g), err
}

// audience returns the aud of g's access token: the API's client id, or
// Graph's URL.
func (p *Provider) audience(g grant) string {
	switch {
	case g.audience != "":
		return g.audience
	case g.scopes.resource == resourceGraph:
		return GraphAudience
	default:
		return p.apiAudience
	}
}

func (p *Provider) appRoles(g grant) []string {
	if g.scopes.resource == resourceGraph {
		if g.graphRoles != nil {
			return g.graphRoles
		}
		return g.app.GraphRoles
	}
	return g.app.Roles
}

// delegatedPermissions returns the scp of a user's token. A .default request
// gets every permission the resource publishes for the app: access_as_user
// for the API and User.Read for Graph.
func (p *Provider) delegatedPermissions(scopes scopeRequest) []string {
	switch {
	case scopes.resource == resourceAPI:
		return []string{apiScope}
	case scopes.resource == resourceNone || scopes.isDefault():
		return []string{"User.Read"}
	default:
		return scopes.permissions
	}
}

// grantedScope returns the scope field of the token response: the resource's
// permissions with the request's prefix, then the OpenID Connect scopes asked for.
func (p *Provider) grantedScope(g grant) string {
	if g.isApp() {
		return ""
	}

	var granted []string
	for _, permission := range p.delegatedPermissions(g.scopes) {
		prefix := g.scopes.prefix
		if g.scopes.resource == resourceAPI && prefix == "" {
			prefix = p.apiIdentifierURI + "/"
		}
		granted = append(granted, prefix+permission)
	}
	return strings.Join(append(granted, g.scopes.oidc...), " ")
}

// clientAuthenticationLevel is azpacr (appidacr in v1): "1" for a client
// authenticated with a secret, "0" for a public client.
func clientAuthenticationLevel(app *App) string {
	if app.Secret != "" {
		return "1"
	}
	return "0"
}

// idToken returns the ID token of a user's sign-in for g.app.
func (p *Provider) idToken(g grant) (string, error) {
	now := p.now()
	claims := jwt.MapClaims{
		"ver":                "2.0",
		"iss":                p.v2Issuer(g.tenantID),
		"aud":                g.app.ClientID,
		"sub":                pairwiseSubject(g.person.ObjectID, g.app.ClientID),
		"iat":                now.Unix(),
		"nbf":                now.Unix(),
		"exp":                now.Add(accessTokenLifetime).Unix(),
		"oid":                g.person.ObjectID,
		"tid":                g.tenantID,
		"name":               g.person.DisplayName,
		"preferred_username": g.person.UserPrincipalName,
		"login_hint":         g.person.UserPrincipalName,
		"uti":                newID(),
	}
	if g.nonce != "" {
		claims["nonce"] = g.nonce
	}
	if g.sessionID != "" {
		claims["sid"] = g.sessionID
	}
	return p.key.sign(claims)
}

// refreshToken returns a refresh token for g. It is a signed JWT rather than
// an opaque handle, so it survives a restart of `roster serve --dev`.
func (p *Provider) refreshToken(g grant) (string, error) {
	now := p.now()
	return p.key.sign(jwt.MapClaims{
		"iss": p.v2Issuer(g.tenantID),
		"aud": refreshTokenAudience,
		"azp": g.app.ClientID,
		"tid": g.tenantID,
		"oid": g.person.ObjectID,
		"sid": g.sessionID,
		"iat": now.Unix(),
		"exp": now.Add(refreshTokenLifetime).Unix(),
		"uti": newID(),
	})
}

// clientInfo returns Entra's client_info, from which MSAL builds the account
// id <oid>.<tid>.
func clientInfo(person *Person) string {
	data, _ := json.Marshal(map[string]string{"uid": person.ObjectID, "utid": person.TenantID})
	return base64.RawURLEncoding.EncodeToString(data)
}

func newID() string {
	return uuid.NewString()
}
