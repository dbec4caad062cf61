package devidp

import (
	"cmp"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// pickerTenant is one tenant's group on the sign-in page.
type pickerTenant struct {
	ID     string
	Name   string
	People []pickerPerson
}

type pickerPerson struct {
	Account           string // tenant id/object id, the value submitted
	DisplayName       string
	UserPrincipalName string
	Initials          string
	Suggested         bool
}

type pickerPage struct {
	AppName string
	Action  string
	Params  url.Values
	Tenants []pickerTenant
	Count   int
}

// showPicker renders the sign-in page: the demo people grouped by tenant,
// one button per person.
func (p *Provider) showPicker(w http.ResponseWriter, r *http.Request, request *authorizeRequest) {
	hint := request.loginHint
	if hint == "" {
		if current, ok := p.readSession(r); ok {
			if person, ok := p.person(current.TenantID, current.ObjectID); ok {
				hint = person.UserPrincipalName
			}
		}
	}

	page := pickerPage{
		AppName: cmp.Or(request.app.DisplayName, request.app.ClientID),
		Action:  "/" + request.tenant + "/" + pathAuthorize,
		Params:  request.params,
		Tenants: p.pickerTenants(request.tenant, hint),
	}
	for _, tenant := range page.Tenants {
		page.Count += len(tenant.People)
	}
	p.render(w, r, http.StatusOK, pickerTemplate, page)
}

// pickerTenants groups the people who may sign in at tenant, home tenants of
// apps first and then by name.
func (p *Provider) pickerTenants(tenant, loginHint string) []pickerTenant {
	groups := map[string]*pickerTenant{}
	for _, person := range p.people() {
		person = normalizePerson(person)
		if !p.personMayUse(tenant, person) {
			continue
		}
		group, ok := groups[person.TenantID]
		if !ok {
			group = &pickerTenant{ID: person.TenantID, Name: p.tenantName(person)}
			groups[person.TenantID] = group
		}
		group.People = append(group.People, pickerPerson{
			Account:           person.TenantID + "/" + person.ObjectID,
			DisplayName:       person.DisplayName,
			UserPrincipalName: person.UserPrincipalName,
			Initials:          initials(person.DisplayName),
			Suggested:         loginHint != "" && strings.EqualFold(person.UserPrincipalName, loginHint),
		})
	}

	tenants := make([]pickerTenant, 0, len(groups))
	for _, group := range groups {
		slices.SortFunc(group.People, func(a, b pickerPerson) int {
			return cmp.Compare(strings.ToLower(a.DisplayName), strings.ToLower(b.DisplayName))
		})
		tenants = append(tenants, *group)
	}
	slices.SortFunc(tenants, func(a, b pickerTenant) int {
		return cmp.Or(cmp.Compare(p.tenantRank(a.ID), p.tenantRank(b.ID)), cmp.Compare(a.Name, b.Name))
	})
	return tenants
}

// tenantRank puts the home tenants of registered apps (the MSP) first.
func (p *Provider) tenantRank(tenantID string) int {
	for _, app := range p.apps {
		if app.TenantID == tenantID {
			return 0
		}
	}
	return 1
}

// tenantName returns the configured name of person's tenant, or else the
// domain of their user principal name.
func (p *Provider) tenantName(person Person) string {
	if name := p.tenantNames[person.TenantID]; name != "" {
		return name
	}
	if _, domain, ok := strings.Cut(person.UserPrincipalName, "@"); ok {
		return domain
	}
	return person.TenantID
}

func initials(name string) string {
	var letters []rune
	for _, word := range strings.Fields(name) {
		letters = append(letters, []rune(strings.ToUpper(word))[0])
		if len(letters) == 2 {
			break
		}
	}
	return string(letters)
}

type messagePage struct {
	Title   string
	Message string
}

func (p *Provider) showError(w http.ResponseWriter, r *http.Request, status int, message string) {
	p.logger.InfoContext(r.Context(), "sign-in page error", "path", r.URL.Path, "status", status, "message", message)
	p.render(w, r, status, messageTemplate, messagePage{Title: "Sign-in failed", Message: message})
}

func (p *Provider) showSignedOut(w http.ResponseWriter, r *http.Request) {
	p.render(w, r, http.StatusOK, messageTemplate, messagePage{Title: "Signed out", Message: "You are signed out of the development identity provider. You can close this page."})
}

type formPostPage struct {
	Action string
	Params url.Values
}

// showFormPost returns the authorization response as a form that posts
// itself to the redirect URI (response_mode=form_post).
func (p *Provider) showFormPost(w http.ResponseWriter, r *http.Request, redirectURI string, params url.Values) {
	p.render(w, r, http.StatusOK, formPostTemplate, formPostPage{Action: redirectURI, Params: params})
}

func (p *Provider) render(w http.ResponseWriter, r *http.Request, status int, page *template.Template, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Frame-Options", "SAMEORIGIN")
	w.WriteHeader(status)
	if err := page.Execute(w, data); err != nil {
		p.logger.ErrorContext(r.Context(), "rendering sign-in page failed", "error", err)
	}
}

const pageStyle = `
:root { color-scheme: light dark; --accent: #2563eb; --muted: #5b6472; --line: #d9dee7; --card: #ffffff; --page: #f3f5f9; --hover: #eef3ff; }
@media (prefers-color-scheme: dark) { :root { --accent: #7aa2ff; --muted: #a3acb9; --line: #343b46; --card: #1c2128; --page: #111418; --hover: #232b3a; } }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: var(--page); }
main { max-width: 40rem; margin: 3rem auto; padding: 2rem; background: var(--card); border: 1px solid var(--line); border-radius: 12px; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
h2 { font-size: .8rem; letter-spacing: .06em; text-transform: uppercase; color: var(--muted); margin: 1.5rem 0 .5rem; }
.note { margin: 0 0 1.25rem; padding: .6rem .8rem; border-left: 4px solid #d97706; background: color-mix(in srgb, #d97706 10%, transparent); border-radius: 4px; }
label { display: block; font-weight: 600; margin-bottom: .3rem; }
input[type=search] { width: 100%; padding: .55rem .7rem; font: inherit; border: 1px solid var(--line); border-radius: 8px; background: transparent; color: inherit; }
#result-count { margin: .4rem 0 0; color: var(--muted); font-size: .9rem; }
ul { list-style: none; margin: 0; padding: 0; }
li + li { margin-top: .35rem; }
button.person { display: flex; gap: .8rem; align-items: center; width: 100%; padding: .55rem .7rem; font: inherit; color: inherit; text-align: left; background: transparent; border: 1px solid var(--line); border-radius: 8px; cursor: pointer; }
button.person:hover { background: var(--hover); }
button.person:focus-visible, input[type=search]:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
button.person.suggested { border-color: var(--accent); }
.avatar { flex: none; width: 2.2rem; height: 2.2rem; border-radius: 50%; display: grid; place-items: center; font-weight: 600; color: #fff; background: var(--accent); }
.who { display: flex; flex-direction: column; min-width: 0; }
.upn { color: var(--muted); font-size: .9rem; overflow-wrap: anywhere; }
.badge { margin-left: auto; font-size: .75rem; color: var(--accent); }
[hidden] { display: none !important; }
`

var pickerTemplate = template.Must(template.New("picker").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in to {{.AppName}} (development)</title>
<style>` + pageStyle + `</style>
</head>
<body>
<main>
<h1>Sign in to {{.AppName}}</h1>
<p class="note" role="note"><strong>Development sign-in.</strong> This page stands in for Microsoft Entra ID while Roster runs in development mode. Pick a demo person to sign in as them, without a password.</p>
<form method="post" action="{{.Action}}">
{{range $name, $values := .Params}}{{range $values}}<input type="hidden" name="{{$name}}" value="{{.}}">
{{end}}{{end}}
<label for="search">Search people</label>
<input type="search" id="search" placeholder="Name or user name" autocomplete="off" aria-describedby="result-count">
<p id="result-count" role="status" aria-live="polite">{{if eq .Count 1}}1 person{{else}}{{.Count}} people{{end}}</p>
{{range .Tenants}}<section aria-labelledby="tenant-{{.ID}}">
<h2 id="tenant-{{.ID}}">{{.Name}}</h2>
<ul>
{{range .People}}<li><button type="submit" name="account" value="{{.Account}}" class="person{{if .Suggested}} suggested{{end}}"{{if .Suggested}} autofocus{{end}}><span class="avatar" aria-hidden="true">{{.Initials}}</span><span class="who"><span class="name">{{.DisplayName}}</span> <span class="upn">{{.UserPrincipalName}}</span></span>{{if .Suggested}}<span class="badge" aria-hidden="true">Suggested</span>{{end}}</button></li>
{{end}}</ul>
</section>
{{else}}<p>The demo directory has no people who can sign in here.</p>
{{end}}</form>
</main>
<script>
(function () {
  var search = document.getElementById("search");
  var count = document.getElementById("result-count");
  search.addEventListener("input", function () {
    var query = search.value.trim().toLowerCase();
    var shown = 0;
    document.querySelectorAll("section").forEach(function (section) {
      var visible = 0;
      section.querySelectorAll("li").forEach(function (item) {
        var match = item.textContent.toLowerCase().indexOf(query) !== -1;
        item.hidden = !match;
        if (match) { visible++; }
      });
      section.hidden = visible === 0;
      shown += visible;
    });
    count.textContent = shown === 0 ? "No people match" : shown === 1 ? "1 person" : shown + " people";
  });
})();
</script>
</body>
</html>
`))

var messageTemplate = template.Must(template.New("message").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} (development sign-in)</title>
<style>` + pageStyle + `</style>
</head>
<body>
<main>
<h1>{{.Title}}</h1>
<p class="note" role="note"><strong>Development sign-in.</strong> This page stands in for Microsoft Entra ID while Roster runs in development mode.</p>
<p>{{.Message}}</p>
</main>
</body>
</html>
`))

var formPostTemplate = template.Must(template.New("form_post").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Signing in (development)</title>
<style>` + pageStyle + `</style>
</head>
<body>
<main>
<form method="post" action="{{.Action}}">
{{range $name, $values := .Params}}{{range $values}}<input type="hidden" name="{{$name}}" value="{{.}}">
{{end}}{{end}}
<p>Returning to the application.</p>
<button type="submit">Continue</button>
</form>
</main>
<script>document.forms[0].submit();</script>
</body>
</html>
`))
