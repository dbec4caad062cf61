package devdirectory

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
)

// control serves the development API that changes the directory while it
// runs, so that a demo or a browser test can make a change and watch the next
// sync pick it up. It has no authentication of its own.
//
//	GET    /_dev/directory/tenants                             list tenants
//	GET    /_dev/directory/tenants/{tid}/users                 list users that are not deleted
//	PUT    /_dev/directory/tenants/{tid}/users/{id}            create or replace a user (body: a User)
//	DELETE /_dev/directory/tenants/{tid}/users/{id}            soft-delete a user
//	POST   /_dev/directory/tenants/{tid}/users/{id}/disable    set accountEnabled to false
//	POST   /_dev/directory/tenants/{tid}/users/{id}/enable     set accountEnabled to true
//	PUT    /_dev/directory/tenants/{tid}/apps/{appId}          {"roles": [...]}: app present with these app roles
//	DELETE /_dev/directory/tenants/{tid}/apps/{appId}          app absent (no admin consent)
//	GET    /_dev/directory/tenants/{tid}/customers             list the tenant's customer tenants
//	PUT    /_dev/directory/tenants/{tid}/customers             {"customers": [Customer, ...]} replaces them
//	POST   /_dev/directory/reload                              re-read Options.File and apply the difference
//
// Errors use Graph's error shape; 404 for an unknown tenant or user, 400 for
// an invalid body.
type control struct {
	dir  *Directory
	file string
}

func (c control) register(mux *http.ServeMux) {
	mux.HandleFunc("GET /_dev/directory/tenants", c.listTenants)
	mux.HandleFunc("GET /_dev/directory/tenants/{tid}/users", c.listUsers)
	mux.HandleFunc("PUT /_dev/directory/tenants/{tid}/users/{id}", c.putUser)
	mux.HandleFunc("DELETE /_dev/directory/tenants/{tid}/users/{id}", c.deleteUser)
	mux.HandleFunc("POST /_dev/directory/tenants/{tid}/users/{id}/disable", c.setEnabled(false))
	mux.HandleFunc("POST /_dev/directory/tenants/{tid}/users/{id}/enable", c.setEnabled(true))
	mux.HandleFunc("PUT /_dev/directory/tenants/{tid}/apps/{appId}", c.putApp)
	mux.HandleFunc("DELETE /_dev/directory/tenants/{tid}/apps/{appId}", c.deleteApp)
	mux.HandleFunc("GET /_dev/directory/tenants/{tid}/customers", c.listCustomers)
	mux.HandleFunc("PUT /_dev/directory/tenants/{tid}/customers", c.putCustomers)
	mux.HandleFunc("POST /_dev/directory/reload", c.reload)
}

func (c control) listCustomers(w http.ResponseWriter, r *http.Request) {
	customers, err := c.dir.Customers(r.PathValue("tid"))
	if err != nil {
		writeControlError(w, err)
		return
	}
	if customers == nil {
		customers = []Customer{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"customers": customers})
}

func (c control) putCustomers(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Customers []Customer `json:"customers"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	if err := c.dir.SetCustomers(r.PathValue("tid"), body.Customers); err != nil {
		writeControlError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (c control) listTenants(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"value": c.dir.Tenants()})
}

func (c control) listUsers(w http.ResponseWriter, r *http.Request) {
	users, err := c.dir.Users(r.PathValue("tid"))
	if err != nil {
		writeControlError(w, err)
		return
	}
	if users == nil {
		users = []User{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"value": users})
}

func (c control) putUser(w http.ResponseWriter, r *http.Request) {
	var u User
	if !decodeBody(w, r, &u) {
		return
	}
	id := r.PathValue("id")
	if u.ID == "" {
		u.ID = id
	}
	if !strings.EqualFold(u.ID, id) {
		writeGraphError(w, http.StatusBadRequest, "BadRequest", "The id in the body ("+u.ID+") differs from the id in the path ("+id+").")
		return
	}
	if err := c.dir.UpsertUser(r.PathValue("tid"), u); err != nil {
		writeControlError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, u.normalized())
}

func (c control) deleteUser(w http.ResponseWriter, r *http.Request) {
	if err := c.dir.DeleteUser(r.PathValue("tid"), r.PathValue("id")); err != nil {
		writeControlError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (c control) setEnabled(enabled bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := c.dir.SetAccountEnabled(r.PathValue("tid"), r.PathValue("id"), enabled); err != nil {
			writeControlError(w, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

func (c control) putApp(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Roles []string `json:"roles"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	if err := c.dir.SetAppRoles(r.PathValue("tid"), r.PathValue("appId"), body.Roles); err != nil {
		writeControlError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (c control) deleteApp(w http.ResponseWriter, r *http.Request) {
	if err := c.dir.RemoveApp(r.PathValue("tid"), r.PathValue("appId")); err != nil {
		writeControlError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (c control) reload(w http.ResponseWriter, r *http.Request) {
	if c.file == "" {
		writeGraphError(w, http.StatusConflict, "Conflict", "The directory was not loaded from a file, so there is nothing to reload.")
		return
	}
	sum, err := c.dir.Reload(c.file)
	if err != nil {
		writeGraphError(w, http.StatusBadRequest, "BadRequest", err.Error())
		return
	}
	writeJSON(w, http.StatusOK, sum)
}

func decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		writeGraphError(w, http.StatusBadRequest, "BadRequest", "invalid JSON body: "+err.Error())
		return false
	}
	return true
}

func writeControlError(w http.ResponseWriter, err error) {
	switch {
	case errors.Is(err, ErrTenantNotFound), errors.Is(err, ErrUserNotFound):
		writeGraphError(w, http.StatusNotFound, "Request_ResourceNotFound", err.Error())
	case errors.Is(err, ErrInvalidUser), errors.Is(err, ErrInvalidCustomer):
		writeGraphError(w, http.StatusBadRequest, "BadRequest", err.Error())
	default:
		writeGraphError(w, http.StatusInternalServerError, "generalException", err.Error())
	}
}
