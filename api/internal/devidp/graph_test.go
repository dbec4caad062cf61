package devidp

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/confidential"

	"github.com/rosterhq/roster/api/internal/devdirectory"
)

// TestGraphDirectoryAcceptsTokens serves the provider and the development
// Graph directory on one origin, as `roster serve --dev` does, and reads
// users with a token MSAL Go acquired from the provider.
func TestGraphDirectoryAcceptsTokens(t *testing.T) {
	var provider *Provider
	var graph http.Handler
	server := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if provider.Handles(r) {
			provider.ServeHTTP(w, r)
			return
		}
		graph.ServeHTTP(w, r)
	}))
	t.Cleanup(server.Close)

	directory := devdirectory.NewDemo()
	cfg := testConfig(server.URL, t.TempDir())
	cfg.People = func() []Person {
		var people []Person
		for _, p := range directory.People() {
			people = append(people, Person{TenantID: p.TenantID, ObjectID: p.ObjectID, DisplayName: p.Name, UserPrincipalName: p.UserPrincipalName})
		}
		return people
	}
	provider, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	graph = devdirectory.Handler(devdirectory.Options{Directory: directory, Authenticate: provider.VerifyGraphToken})

	read := func(t *testing.T, clientID, secret string) int {
		t.Helper()
		credential, err := confidential.NewCredFromSecret(secret)
		if err != nil {
			t.Fatal(err)
		}
		client, err := confidential.New(server.URL+"/"+devdirectory.FabrikamTenantID, clientID, credential,
			confidential.WithInstanceDiscovery(false), confidential.WithHTTPClient(server.Client()))
		if err != nil {
			t.Fatal(err)
		}
		// The Graph adapter names the resource by its Graph endpoint, which
		// is this origin in development mode.
		result, err := client.AcquireTokenByCredential(context.Background(), []string{server.URL + "/.default"})
		if err != nil {
			t.Fatalf("AcquireTokenByCredential() error = %v", err)
		}

		request, err := http.NewRequest(http.MethodGet, server.URL+"/v1.0/users", nil)
		if err != nil {
			t.Fatal(err)
		}
		request.Header.Set("Authorization", "Bearer "+result.AccessToken)
		response, err := server.Client().Do(request)
		if err != nil {
			t.Fatal(err)
		}
		defer response.Body.Close()
		_, _ = io.Copy(io.Discard, response.Body)
		return response.StatusCode
	}

	if status := read(t, graphClientID, graphSecret); status != http.StatusOK {
		t.Errorf("GET /v1.0/users with the Graph app's token: status %d, want 200", status)
	}
	if status := read(t, scriptClientID, scriptSecret); status != http.StatusForbidden {
		t.Errorf("GET /v1.0/users with a token lacking User.Read.All: status %d, want 403", status)
	}
}
