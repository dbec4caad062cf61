package auth

import (
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Claims is the identity carried by a verified access token.
type Claims struct {
	// Version is the token format: "1.0" (issuer sts.windows.net) or "2.0".
	Version  string
	Issuer   string
	TenantID string
	// ObjectID is the oid claim: the user, or the service principal of an app.
	ObjectID string
	Name     string
	// PreferredUsername is preferred_username in v2 tokens and upn (or
	// unique_name for guests) in v1 tokens.
	PreferredUsername string
	// Scopes are the delegated permissions from scp; empty for app tokens.
	Scopes []string
	// Roles are the app roles from roles, for users and apps alike.
	Roles []string
	// IDType is "user" or "app", from idtyp when present and otherwise
	// "app" for a token without scp.
	IDType string
	// AppID is the calling application's client id, from azp (v2) or appid (v1).
	AppID string
	// SessionID is sid when present and otherwise uti, the token's unique id.
	SessionID string
	ExpiresAt time.Time
	IssuedAt  time.Time
}

// IsApp reports whether the token was issued to an application acting as
// itself (client credentials) rather than on behalf of a user.
func (c *Claims) IsApp() bool {
	return c.IDType == "app"
}

// tokenClaims is the JSON payload of an Entra access token, v1 or v2.
type tokenClaims struct {
	jwt.RegisteredClaims

	Version           string   `json:"ver"`
	TenantID          string   `json:"tid"`
	ObjectID          string   `json:"oid"`
	Name              string   `json:"name"`
	PreferredUsername string   `json:"preferred_username"`
	UPN               string   `json:"upn"`
	UniqueName        string   `json:"unique_name"`
	Scope             string   `json:"scp"`
	Roles             []string `json:"roles"`
	IDType            string   `json:"idtyp"`
	AuthorizedParty   string   `json:"azp"`
	AppID             string   `json:"appid"`
	SessionID         string   `json:"sid"`
	UniqueTokenID     string   `json:"uti"`
}

// toClaims converts a verified payload; version is the one its issuer matched.
func (t *tokenClaims) toClaims(version string) *Claims {
	c := &Claims{
		Version:           version,
		Issuer:            t.Issuer,
		TenantID:          strings.ToLower(t.TenantID),
		ObjectID:          strings.ToLower(t.ObjectID),
		Name:              t.Name,
		PreferredUsername: firstNonEmpty(t.PreferredUsername, t.UPN, t.UniqueName),
		Scopes:            strings.Fields(t.Scope),
		Roles:             t.Roles,
		IDType:            t.IDType,
		AppID:             firstNonEmpty(t.AuthorizedParty, t.AppID),
		SessionID:         firstNonEmpty(t.SessionID, t.UniqueTokenID),
	}
	if c.IDType == "" {
		c.IDType = "user"
		if len(c.Scopes) == 0 {
			c.IDType = "app"
		}
	}
	if t.ExpiresAt != nil {
		c.ExpiresAt = t.ExpiresAt.Time
	}
	if t.IssuedAt != nil {
		c.IssuedAt = t.IssuedAt.Time
	}
	return c
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
