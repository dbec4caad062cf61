package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/rosterhq/roster/api/internal/access"
	"github.com/rosterhq/roster/api/internal/audit"
	"github.com/rosterhq/roster/api/internal/httpapi"
	"github.com/rosterhq/roster/api/internal/settings"
)

const impHeader = "X-Roster-Impersonation"

func setSetting(t *testing.T, e *env, key settings.Key, value string) {
	t.Helper()
	ctx := context.Background()
	_, revision, err := e.settings.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.settings.Update(ctx, revision, map[settings.Key]json.RawMessage{key: json.RawMessage(value)}, "test"); err != nil {
		t.Fatal(err)
	}
}

func TestImpersonation(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		f := newFixture(t, e)
		target := f.ids["impTarget"]
		start := func(token, targetID string, headers ...string) response {
			return e.do(http.MethodPost, "/api/v1/impersonation-sessions", token, map[string]any{"targetUserId": targetID, "reason": "ticket 42"}, headers...)
		}

		if r := start(f.admin, target); r.Status != 403 || problemType(t, r) != "urn:roster:problem:impersonation-disabled" {
			t.Fatalf("start while off = %d %s", r.Status, r.Body)
		}
		setSetting(t, e, settings.ImpersonationEnabled, "true")

		megan := f.userOf(f.personByUPN(adminUPN))
		homePeople := f.members(e.home.ID)
		var impRole httpapi.RoleView
		f.mustDo(http.MethodPost, "/api/v1/roles", map[string]any{"name": "Impersonators", "permissions": []string{"users:impersonate", "users:read", "people:read", "tenants:read"}}, &impRole, 201)
		carol := f.grant(homePeople[8], impRole.ID, map[string]string{"type": "all"}, nil)
		disabled := f.userOf(homePeople[5].ID)
		mspUserID := f.userOf(homePeople[1].ID)

		refusals := []struct {
			name, token, target, typ string
		}{
			{"self", f.admin, megan, "impersonation-self"},
			{"disabled-target", f.admin, disabled, "impersonation-target-inactive"},
			{"wider-target", carol, mspUserID, "impersonation-wider-target"},
			{"without-permission", f.tokens[tenantAdminA], target, "forbidden"},
		}
		for _, c := range refusals {
			t.Run(c.name, func(t *testing.T) {
				r := start(c.token, c.target)
				if r.Status != 403 || problemType(t, r) != "urn:roster:problem:"+c.typ {
					t.Errorf("= %d %s, want 403 %s", r.Status, r.Body, c.typ)
				}
			})
		}

		var sess httpapi.ImpersonationSessionView
		r := start(carol, target)
		r.json(t, &sess)
		if r.Status != 201 || sess.Mode != "read-only" || !sess.Active {
			t.Fatalf("start = %d %s", r.Status, r.Body)
		}
		in := []string{impHeader, sess.ID}

		var me httpapi.MeView
		e.do(http.MethodGet, "/api/v1/me", carol, nil, in...).json(t, &me)
		if me.Impersonation == nil || me.Impersonation.SessionID != sess.ID || me.UserID != target {
			t.Errorf("me in session = %+v", me)
		}
		var people httpapi.PersonList
		e.do(http.MethodGet, "/api/v1/people?limit=200", carol, nil, in...).json(t, &people)
		for _, p := range people.Items {
			if p.TenantID != f.ids["A"] {
				t.Fatalf("impersonated tenant user sees %s of %s", p.DisplayName, p.TenantName)
			}
		}
		inSession := []struct {
			name, method, path string
			body               any
			typ                string
		}{
			{"nested", http.MethodPost, "/api/v1/impersonation-sessions", map[string]any{"targetUserId": target, "reason": "x"}, "impersonation-nested"},
			{"user-management", http.MethodPost, "/api/v1/users/" + f.ids["userA"] + "/disable", map[string]string{"reason": "x"}, "impersonation-forbidden"},
			{"role-management", http.MethodPost, "/api/v1/roles", map[string]any{"name": "X", "permissions": []string{"people:read"}}, "impersonation-forbidden"},
			{"read-only-write", http.MethodPatch, f.expand("/api/v1/people/{personA}"), map[string]any{"tags": []string{"x"}}, "impersonation-read-only"},
		}
		for _, c := range inSession {
			t.Run(c.name, func(t *testing.T) {
				r := e.do(c.method, c.path, carol, c.body, in...)
				if r.Status != 403 || problemType(t, r) != "urn:roster:problem:"+c.typ {
					t.Errorf("= %d %s, want 403 %s", r.Status, r.Body, c.typ)
				}
			})
		}

		// Every request in the session names both identities.
		var events httpapi.AuditEventList
		e.do(http.MethodGet, "/api/v1/audit-events?action=impersonation.request&sessionId="+sess.ID, f.admin, nil).json(t, &events)
		if len(events.Items) < 5 {
			t.Fatalf("impersonated requests recorded: %d, want at least 5", len(events.Items))
		}
		for _, ev := range events.Items {
			if ev.ImpersonatorID == "" || ev.ActorID == ev.ImpersonatorID || ev.ImpersonatorName == "" {
				t.Errorf("event %s does not name both identities: actor %s, impersonator %s", ev.Action, ev.ActorID, ev.ImpersonatorID)
			}
		}

		// The target tenant's administrator sees the session.
		var list httpapi.ImpersonationSessionList
		e.do(http.MethodGet, "/api/v1/impersonation-sessions", f.tokens[tenantAdminA], nil).json(t, &list)
		if len(list.Items) != 1 || list.Items[0].ID != sess.ID {
			t.Errorf("tenant administrator sees sessions %+v", list.Items)
		}

		// The session runs out while in use.
		e.db.Gorm.Exec("UPDATE impersonation_sessions SET expires_at = ? WHERE id = ?", time.Now().UTC().Add(-time.Second), sess.ID)
		if r := e.do(http.MethodGet, "/api/v1/people", carol, nil, in...); r.Status != 403 || problemType(t, r) != "urn:roster:problem:impersonation-ended" {
			t.Errorf("request after expiry = %d %s", r.Status, r.Body)
		}
		var ended httpapi.AuditEventList
		e.do(http.MethodGet, "/api/v1/audit-events?action=impersonation.ended", f.admin, nil).json(t, &ended)
		if len(ended.Items) != 1 {
			t.Errorf("end of session recorded %d times", len(ended.Items))
		}

		// Full mode allows writes; turning the setting off ends the session.
		setSetting(t, e, settings.ImpersonationMode, `"full"`)
		r = start(f.admin, target)
		r.json(t, &sess)
		in = []string{impHeader, sess.ID}
		var person httpapi.PersonView
		e.do(http.MethodGet, f.expand("/api/v1/people/{personA}"), f.admin, nil).json(t, &person)
		if r := e.do(http.MethodPatch, f.expand("/api/v1/people/{personA}"), f.admin, map[string]any{"tags": []string{"seen"}}, append(in, "If-Match", person.ETag)...); r.Status != 403 {
			// The target is a Tenant User, who may not tag: full mode still acts with the target's rights.
			t.Errorf("write as tenant user in full mode = %d %s, want 403", r.Status, r.Body)
		}
		setSetting(t, e, settings.ImpersonationEnabled, "false")
		if r := e.do(http.MethodGet, "/api/v1/me", f.admin, nil, in...); r.Status != 403 || problemType(t, r) != "urn:roster:problem:impersonation-ended" {
			t.Errorf("request after turning it off = %d %s", r.Status, r.Body)
		}
		res, err := audit.Verify(context.Background(), e.db.Gorm)
		if err != nil || res.Break != nil {
			t.Errorf("chain: %+v %v", res.Break, err)
		}
		_ = access.RoleAuditor
	})
}
