package devidp

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// MintOptions selects the access token MintAccessToken issues. Exactly one
// of User and App is set.
type MintOptions struct {
	// User is the user principal name of a demo person (case-insensitive).
	// The token is a delegated token with scp access_as_user.
	User string
	// App is the client id of a registered app. The token is an app-only
	// token with the app's roles, as client credentials would issue.
	App string
	// TenantID is the tenant of an app token. It defaults to the app's home
	// tenant and is ignored for users, whose tenant is their own.
	TenantID string
	// ClientID is the app a user token is issued to (azp). It defaults to
	// the first registered public client, such as the SPA.
	ClientID string
	// Version is "2.0" (the default) or "1.0". A v1 token has issuer
	// {Issuer}/{tid}/, appid, upn and unique_name, and audience APIIdentifierURI.
	Version string
	// Lifetime defaults to one hour.
	Lifetime time.Duration
}

// MintAccessToken issues an access token for Roster's API outside any
// OAuth flow, for `roster dev token` and for tests. The token verifies like
// one from the token endpoint, in this process or any other using the same
// DataDir.
func (p *Provider) MintAccessToken(opts MintOptions) (string, error) {
	if (opts.User == "") == (opts.App == "") {
		return "", errors.New("devidp: set exactly one of User (a user principal name) and App (a client id)")
	}
	g := grant{scopes: scopeRequest{resource: resourceAPI}, version: "2.0", lifetime: opts.Lifetime}
	switch opts.Version {
	case "", "2.0":
	case "1.0":
		g.version = "1.0"
		g.audience = p.apiIdentifierURI
	default:
		return "", fmt.Errorf("devidp: token version %q is not supported: use 1.0 or 2.0", opts.Version)
	}

	var err error
	if opts.User != "" {
		err = p.mintForUser(&g, opts)
	} else {
		err = p.mintForApp(&g, opts)
	}
	if err != nil {
		return "", err
	}

	token, _, err := p.accessToken(g)
	return token, err
}

func (p *Provider) mintForUser(g *grant, opts MintOptions) error {
	var names []string
	for _, person := range p.people() {
		if strings.EqualFold(person.UserPrincipalName, opts.User) {
			person = normalizePerson(person)
			g.person = &person
			break
		}
		names = append(names, person.UserPrincipalName)
	}
	if g.person == nil {
		return fmt.Errorf("devidp: no demo person has the user principal name %q: use one of %s", opts.User, sample(names, 8))
	}
	g.tenantID = g.person.TenantID
	g.sessionID = newID()

	app, err := p.mintClient(opts.ClientID)
	if err != nil {
		return err
	}
	g.app = app
	return nil
}

// mintClient returns the app a minted user token is issued to.
func (p *Provider) mintClient(clientID string) (*App, error) {
	if clientID != "" {
		app, ok := p.apps[strings.ToLower(clientID)]
		if !ok {
			return nil, fmt.Errorf("devidp: no app has the client id %q: use one of %s", clientID, p.clientIDList())
		}
		return app, nil
	}

	var public []*App
	for _, app := range p.apps {
		if app.Secret == "" {
			public = append(public, app)
		}
	}
	if len(public) == 0 {
		return nil, errors.New("devidp: no public client app is registered: set MintOptions.ClientID")
	}
	slices.SortFunc(public, func(a, b *App) int { return strings.Compare(a.ClientID, b.ClientID) })
	return public[0], nil
}

func (p *Provider) mintForApp(g *grant, opts MintOptions) error {
	app, ok := p.apps[strings.ToLower(opts.App)]
	if !ok {
		return fmt.Errorf("devidp: no app has the client id %q: use one of %s", opts.App, p.clientIDList())
	}
	g.app = app

	g.tenantID = strings.ToLower(cmp.Or(opts.TenantID, app.TenantID))
	if !isGUID(g.tenantID) {
		return fmt.Errorf("devidp: app %s has no home tenant: set MintOptions.TenantID", app.ClientID)
	}
	return nil
}

// sample lists up to n values for an error message.
func sample(values []string, n int) string {
	if len(values) == 0 {
		return "(none: the demo directory is empty)"
	}
	if len(values) <= n {
		return strings.Join(values, ", ")
	}
	return fmt.Sprintf("%s and %d more (see the demo directory)", strings.Join(values[:n], ", "), len(values)-n)
}
