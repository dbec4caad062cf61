package devidp

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/rosterhq/roster/api/internal/devdirectory"
)

// VerifyGraphToken checks the bearer token of a request to the development
// Graph endpoint: a token of this provider for GraphAudience. It returns the
// token's tenant id. A request without a token wraps devdirectory.ErrNoToken,
// and a valid token without the User.Read.All role wraps
// devdirectory.ErrInsufficientPrivileges, to which Graph responds 403. Other
// errors mean 401 and never contain the token.
func (p *Provider) VerifyGraphToken(r *http.Request) (tenantID string, err error) {
	scheme, raw, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || raw == "" {
		return "", fmt.Errorf("devidp: the request has no bearer token: %w", devdirectory.ErrNoToken)
	}

	claims := jwt.MapClaims{}
	_, err = jwt.NewParser(
		jwt.WithValidMethods([]string{jwt.SigningMethodRS256.Alg()}),
		jwt.WithAudience(GraphAudience),
		jwt.WithExpirationRequired(),
		jwt.WithLeeway(time.Minute),
	).ParseWithClaims(raw, claims, func(*jwt.Token) (any, error) { return &p.key.private.PublicKey, nil })
	if err != nil {
		return "", fmt.Errorf("devidp: invalid Graph token: %w", err)
	}

	tenantID, _ = claims["tid"].(string)
	if issuer, _ := claims["iss"].(string); !isGUID(tenantID) || issuer != p.v2Issuer(tenantID) {
		return "", fmt.Errorf("devidp: invalid Graph token: issuer %q does not belong to tenant %q", issuer, tenantID)
	}

	roles, _ := claims["roles"].([]any)
	if !slices.Contains(roles, any("User.Read.All")) {
		return tenantID, fmt.Errorf("devidp: Graph token of app %v in tenant %s lacks the User.Read.All role: %w", claims["azp"], tenantID, devdirectory.ErrInsufficientPrivileges)
	}
	return tenantID, nil
}
