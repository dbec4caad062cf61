package app_test

import (
	"net/http"
	"testing"

	"github.com/rosterhq/roster/api/internal/database"
	"github.com/rosterhq/roster/api/internal/dbtest"
	"github.com/rosterhq/roster/api/internal/devdirectory"
)

type customerList struct {
	Items []struct {
		EntraTenantID string `json:"entraTenantId"`
		DisplayName   string `json:"displayName"`
		Relationship  string `json:"relationship"`
		Linked        bool   `json:"linked"`
	} `json:"items"`
	Warning string `json:"warning"`
	Error   *struct {
		Kind string `json:"kind"`
	} `json:"error"`
}

type linkResult struct {
	Linked []struct {
		ID, Name, EntraTenantID string
	} `json:"linked"`
	Skipped []struct {
		EntraTenantID, Reason string
	} `json:"skipped"`
	Warning string `json:"warning"`
}

type consentCheck struct {
	OK    bool `json:"ok"`
	Error *struct {
		Kind, Hint, Message string
	} `json:"error"`
}

func (s *server) tenantCount(t *testing.T) int {
	t.Helper()
	var list struct{ Items []struct{ ID string } }
	s.call(http.MethodGet, "/api/v1/tenants?limit=200", nil, &list)
	return len(list.Items)
}

func TestCustomerDiscovery(t *testing.T) {
	cfg, ln := devConfig(t, dbtest.Config(t, database.SQLite))
	s := startConfigured(t, cfg, ln)
	dir, home := s.app.Dev.Directory, devdirectory.HomeTenantID

	var found customerList
	s.call(http.MethodGet, "/api/v1/customer-discovery", nil, &found)
	if len(found.Items) != 4 || found.Warning != "" {
		t.Fatalf("discovery = %+v, want the 4 demo customers", found)
	}
	for _, c := range found.Items {
		if c.Linked || c.Relationship != "gdap" {
			t.Errorf("customer %s: linked %v via %s, want unlinked via gdap", c.DisplayName, c.Linked, c.Relationship)
		}
	}

	// Link two, then ask again for one of them and for a stranger.
	var linked linkResult
	s.call(http.MethodPost, "/api/v1/customer-discovery/link", map[string]any{"tenantIds": []string{devdirectory.FabrikamTenantID, devdirectory.TailspinTenantID}}, &linked)
	if len(linked.Linked) != 2 || len(linked.Skipped) != 0 {
		t.Fatalf("link two = %+v", linked)
	}
	var again linkResult
	stranger := "0badc0de-0000-4000-8000-000000000000"
	s.call(http.MethodPost, "/api/v1/customer-discovery/link", map[string]any{"tenantIds": []string{devdirectory.FabrikamTenantID, stranger}}, &again)
	if len(again.Linked) != 0 || len(again.Skipped) != 2 {
		t.Errorf("link again = %+v, want both skipped", again)
	}
	s.call(http.MethodGet, "/api/v1/customer-discovery", nil, &found)
	linkedNow := 0
	for _, c := range found.Items {
		if c.Linked {
			linkedNow++
		}
	}
	if linkedNow != 2 {
		t.Errorf("linked customers = %d, want 2", linkedNow)
	}
	tenants := s.tenantCount(t)

	// An empty answer and a failed answer change nothing and warn.
	if err := dir.SetCustomers(home, nil); err != nil {
		t.Fatal(err)
	}
	s.call(http.MethodGet, "/api/v1/customer-discovery", nil, &found)
	var none linkResult
	s.call(http.MethodPost, "/api/v1/customer-discovery/link", map[string]bool{"all": true}, &none)
	if len(found.Items) != 0 || found.Warning == "" || none.Warning == "" || len(none.Linked) != 0 {
		t.Errorf("empty answer: discovery %+v, link %+v; want warnings and nothing linked", found, none)
	}
	if err := dir.SetCustomers(home, devdirectory.DemoCustomers()); err != nil {
		t.Fatal(err)
	}
	denied := devdirectory.Fault{Kind: devdirectory.FaultStatus, Status: 403, Times: 4}
	if err := s.app.Dev.Faults.Add(home, denied); err != nil {
		t.Fatal(err)
	}
	s.call(http.MethodGet, "/api/v1/customer-discovery", nil, &found)
	s.call(http.MethodPost, "/api/v1/customer-discovery/link", map[string]bool{"all": true}, &none)
	if found.Warning == "" || found.Error == nil || found.Error.Kind != "consent_missing" || none.Warning == "" {
		t.Errorf("failed answer: discovery %+v (error %+v), link %+v; want warnings", found, found.Error, none)
	}
	if got := s.tenantCount(t); got != tenants {
		t.Errorf("tenants = %d after empty and failed answers, want %d", got, tenants)
	}

	// Link the rest, then check consent per tenant.
	var rest linkResult
	s.call(http.MethodPost, "/api/v1/customer-discovery/link", map[string]bool{"all": true}, &rest)
	if len(rest.Linked) != 2 {
		t.Fatalf("link all = %+v, want Woodgrove and Litware", rest)
	}
	ids := map[string]string{}
	for _, l := range append(linked.Linked, rest.Linked...) {
		ids[l.EntraTenantID] = l.ID
	}
	if err := dir.RemoveApp(devdirectory.TailspinTenantID, devdirectory.GraphClientID); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		entraTenantID string
		kind          string
	}{
		{devdirectory.FabrikamTenantID, ""},
		{devdirectory.TailspinTenantID, "app_not_in_tenant"},
		// Litware is a GDAP customer without a directory here, so the
		// authority does not know the tenant (AADSTS90002).
		{devdirectory.LitwareTenantID, "tenant_not_found"},
	}
	for _, c := range cases {
		var check consentCheck
		s.call(http.MethodPost, "/api/v1/tenants/"+ids[c.entraTenantID]+"/check-consent", nil, &check)
		if c.kind == "" {
			if !check.OK || check.Error != nil {
				t.Errorf("consent of %s = %+v, want ok", c.entraTenantID, check)
			}
			continue
		}
		if check.OK || check.Error == nil || check.Error.Kind != c.kind || check.Error.Hint == "" {
			t.Errorf("consent of %s = %+v (error %+v), want %s with a hint", c.entraTenantID, check, check.Error, c.kind)
		}
	}
}
