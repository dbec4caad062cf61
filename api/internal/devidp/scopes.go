package devidp

import (
	"fmt"
	"slices"
	"strings"
)

// GraphAudience is the aud of the Microsoft Graph tokens the provider issues.
const GraphAudience = "https://graph.microsoft.com"

// graphAppID is Microsoft Graph's application id, which Entra accepts as a
// scope prefix beside GraphAudience.
const graphAppID = "00000003-0000-0000-c000-000000000000"

// apiScope is the one delegated permission Roster's API publishes.
const apiScope = "access_as_user"

// resource is the API a token is issued for.
type resource int

const (
	resourceNone resource = iota
	resourceAPI
	resourceGraph
)

// oidcScopes are the scopes that ask for sign-in artefacts rather than for a
// resource. MSAL adds openid, profile and offline_access to its requests.
var oidcScopes = []string{"openid", "profile", "email", "offline_access"}

// scopeRequest is a parsed scope parameter.
type scopeRequest struct {
	resource resource
	// prefix is the resource prefix the request used, such as api://roster/
	// or the client id. The granted scope echoes it.
	prefix string
	// permissions are the resource's scope names without prefix, such as
	// access_as_user, User.Read or .default.
	permissions []string
	oidc        []string
}

func (s scopeRequest) has(oidcScope string) bool {
	return slices.Contains(s.oidc, oidcScope)
}

// isDefault reports whether the request is for the resource's .default scope only.
func (s scopeRequest) isDefault() bool {
	return len(s.permissions) == 1 && s.permissions[0] == ".default"
}

// parseScopes parses a space-separated scope parameter. Like Entra, it
// rejects scopes of two resources in one request.
func (p *Provider) parseScopes(raw string) (scopeRequest, error) {
	var request scopeRequest
	for _, scope := range strings.Fields(raw) {
		if slices.Contains(oidcScopes, scope) {
			request.oidc = append(request.oidc, scope)
			continue
		}

		target, prefix, permission, err := p.scopeResource(scope)
		if err != nil {
			return scopeRequest{}, err
		}
		if request.resource != resourceNone && request.resource != target {
			return scopeRequest{}, fmt.Errorf("scope %q names a second resource: request scopes of one resource at a time", scope)
		}
		request.resource = target
		request.prefix = prefix
		request.permissions = append(request.permissions, permission)
	}
	return request, nil
}

// scopeResource resolves one scope to its resource, prefix and permission.
func (p *Provider) scopeResource(scope string) (target resource, prefix, permission string, err error) {
	apiPrefixes := []string{p.apiIdentifierURI + "/", p.apiAudience + "/", "api://" + p.apiAudience + "/"}
	// In development mode the Graph endpoint is this origin, so a Graph
	// client may name the resource by it.
	graphPrefixes := []string{GraphAudience + "/", graphAppID + "/", p.origin + "/"}

	for _, candidate := range apiPrefixes {
		if name, ok := strings.CutPrefix(scope, candidate); ok {
			if name != apiScope && name != ".default" {
				return 0, "", "", fmt.Errorf("scope %q is not a scope of Roster's API: request %s%s", scope, p.apiIdentifierURI+"/", apiScope)
			}
			return resourceAPI, candidate, name, nil
		}
	}
	for _, candidate := range graphPrefixes {
		if name, ok := strings.CutPrefix(scope, candidate); ok && name != "" {
			return resourceGraph, candidate, name, nil
		}
	}
	// Entra reads a scope without a resource, such as User.Read, as a
	// Microsoft Graph scope.
	if !strings.Contains(scope, "/") {
		return resourceGraph, "", scope, nil
	}
	return 0, "", "", fmt.Errorf("scope %q names an unknown resource: request %s/%s or %s/.default", scope, p.apiIdentifierURI, apiScope, GraphAudience)
}
