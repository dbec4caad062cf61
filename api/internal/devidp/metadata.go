package devidp

import (
	"net/http"
)

// issuer returns the v2 issuer of tenant. For "common" and "organizations"
// it carries Entra's {tenantid} placeholder, because the tenant is only known
// once someone signs in.
func (p *Provider) issuer(tenant string) string {
	if tenant == "common" || tenant == "organizations" {
		return p.origin + "/{tenantid}/v2.0"
	}
	return p.origin + "/" + tenant + "/v2.0"
}

// serveDiscovery serves the OpenID Connect discovery document of tenant.
func (p *Provider) serveDiscovery(w http.ResponseWriter, r *http.Request, tenant string) {
	if allowCrossOrigin(w, r, "GET") {
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD, OPTIONS")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}

	base := p.origin + "/" + tenant
	w.Header().Set("Cache-Control", "max-age=3600")
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                p.issuer(tenant),
		"authorization_endpoint":                base + "/" + pathAuthorize,
		"token_endpoint":                        base + "/" + pathToken,
		"end_session_endpoint":                  base + "/" + pathLogout,
		"jwks_uri":                              base + "/" + pathKeys,
		"response_types_supported":              []string{"code"},
		"response_modes_supported":              []string{"query", "fragment", "form_post"},
		"grant_types_supported":                 []string{"authorization_code", "refresh_token", "client_credentials"},
		"code_challenge_methods_supported":      []string{"S256"},
		"token_endpoint_auth_methods_supported": []string{"client_secret_post", "client_secret_basic"},
		"subject_types_supported":               []string{"pairwise"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"scopes_supported":                      []string{"openid", "profile", "email", "offline_access"},
		"claims_supported": []string{
			"sub", "iss", "aud", "exp", "iat", "nbf", "nonce", "name", "preferred_username",
			"oid", "tid", "sid", "ver",
		},
		"request_uri_parameter_supported": false,
		"frontchannel_logout_supported":   true,
		"http_logout_supported":           true,
		"cloud_instance_name":             "roster.dev",
	})
}

// serveKeys serves the signing keys. Entra serves the same keys for every
// tenant, and so does this provider.
func (p *Provider) serveKeys(w http.ResponseWriter, r *http.Request) {
	if allowCrossOrigin(w, r, "GET") {
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD, OPTIONS")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}

	w.Header().Set("Cache-Control", "max-age=3600")
	writeJSON(w, http.StatusOK, map[string]any{
		"keys": []map[string]any{p.key.jwk(p.issuer("common"))},
	})
}
