package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
	"gorm.io/gorm"

	"github.com/rosterhq/roster/api/internal/access"
	"github.com/rosterhq/roster/api/internal/audit"
	"github.com/rosterhq/roster/api/internal/person"
	"github.com/rosterhq/roster/api/internal/problem"
)

// maxQueryLength bounds the people search string.
const maxQueryLength = 200

// listPeople godoc
//
//	@Summary		List and search people
//	@Description	People of every tenant, ordered by display name. q matches a substring of the display name, mail or user principal name, ignoring case.
//	@Tags			people
//	@Produce		json
//	@Security		Bearer
//	@Param			q			query		string	false	"search text, at most 200 characters"
//	@Param			tenantId	query		string	false	"only people of this tenant"	format(uuid)
//	@Param			status		query		string	false	"only people with this status"	Enums(enabled, disabled, removed)
//	@Param			tag			query		string	false	"only people carrying this tag"
//	@Param			limit		query		int		false	"page size, 1 to 200"	default(50)
//	@Param			cursor		query		string	false	"nextCursor of the previous page"
//	@Success		200			{object}	PersonList
//	@Failure		400			{object}	problem.Problem
//	@Failure		401			{object}	problem.Problem
//	@Failure		403			{object}	problem.Problem
//	@Router			/api/v1/people [get]
func (s *Server) listPeople(c echo.Context) error {
	if err := onlyQuery(c, "q", "tenantId", "status", "tag", "limit", "cursor"); err != nil {
		return err
	}
	f, err := peopleFilter(c)
	if err != nil {
		return err
	}
	limit, err := parseLimit(c)
	if err != nil {
		return err
	}
	var after *person.Cursor
	if raw := c.QueryParam("cursor"); raw != "" {
		if after, err = person.DecodeCursor(raw); err != nil {
			return badParam("cursor", "not a cursor returned by this list; omit it to start from the first page")
		}
	}

	ctx := c.Request().Context()
	f.TenantIDs = visibleTenants(c, access.PeopleRead, f.TenantIDs)
	people, next, err := s.deps.People.List(ctx, f, after, limit)
	if err != nil {
		return err
	}
	names, err := s.tenantNames(c, people)
	if err != nil {
		return err
	}
	out := PersonList{Items: make([]PersonView, len(people))}
	for i := range people {
		out.Items[i] = personView(&people[i], names[people[i].TenantID])
	}
	if next != nil {
		cur := next.Encode()
		out.NextCursor = &cur
	}
	return c.JSON(http.StatusOK, out)
}

func peopleFilter(c echo.Context) (person.Filter, error) {
	f := person.Filter{Query: strings.TrimSpace(c.QueryParam("q")), Status: c.QueryParam("status"), Tag: c.QueryParam("tag")}
	if len([]rune(f.Query)) > maxQueryLength {
		return f, badParam("q", fmt.Sprintf("longer than %d characters", maxQueryLength))
	}
	if f.Status != "" && !slices.Contains([]string{person.StatusEnabled, person.StatusDisabled, person.StatusRemoved}, f.Status) {
		return f, badParam("status", fmt.Sprintf("%q is not one of enabled, disabled, removed", f.Status))
	}
	if raw := c.QueryParam("tenantId"); raw != "" {
		if _, err := uuid.Parse(raw); err != nil {
			return f, badParam("tenantId", fmt.Sprintf("%q is not a tenant id (a UUID from GET /api/v1/tenants)", raw))
		}
		f.TenantIDs = []string{strings.ToLower(raw)}
	}
	return f, nil
}

func (s *Server) tenantNames(c echo.Context, people []person.Person) (map[string]string, error) {
	ids := make([]string, 0, 4)
	for _, p := range people {
		if !slices.Contains(ids, p.TenantID) {
			ids = append(ids, p.TenantID)
		}
	}
	return s.deps.Tenants.Names(c.Request().Context(), ids)
}

// getPerson godoc
//
//	@Summary	Read a person
//	@Tags		people
//	@Produce	json
//	@Security	Bearer
//	@Param		id	path		string	true	"person id"	format(uuid)
//	@Success	200	{object}	PersonView
//	@Header		200	{string}	ETag	"send it in If-Match to update"
//	@Failure	401	{object}	problem.Problem
//	@Failure	403	{object}	problem.Problem
//	@Failure	404	{object}	problem.Problem
//	@Router		/api/v1/people/{id} [get]
func (s *Server) getPerson(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	p, err := s.deps.People.Get(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	if err := checkTenant(c, p.TenantID, access.PeopleRead, notFoundErr(person.ErrNotFound, p.ID)); err != nil {
		return err
	}
	return s.writePerson(c, http.StatusOK, p)
}

func (s *Server) writePerson(c echo.Context, status int, p *person.Person) error {
	names, err := s.deps.Tenants.Names(c.Request().Context(), []string{p.TenantID})
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "no-cache")
	c.Response().Header().Set("ETag", etagOf(p.Version))
	return c.JSON(status, personView(p, names[p.TenantID]))
}

// patchPerson godoc
//
//	@Summary		Change a person's tags
//	@Description	Replaces the person's tags. Send the ETag of the person in If-Match: a stale one is refused with 412 so that two editors cannot overwrite each other. Fields synced from Entra ID are read-only (422); change them in Entra ID and the next sync brings them.
//	@Tags			people
//	@Accept			json
//	@Produce		json
//	@Security		Bearer
//	@Param			id			path		string				true	"person id"	format(uuid)
//	@Param			If-Match	header		string				true	"ETag from the last read"
//	@Param			body		body		PatchPersonRequest	true	"fields to change"
//	@Success		200			{object}	PersonView
//	@Failure		400			{object}	problem.Problem
//	@Failure		401			{object}	problem.Problem
//	@Failure		403			{object}	problem.Problem
//	@Failure		404			{object}	problem.Problem
//	@Failure		412			{object}	problem.Problem	"the person changed since the ETag was read"
//	@Failure		422			{object}	problem.Problem	"a synced field or an invalid tag"
//	@Failure		428			{object}	problem.Problem	"If-Match missing"
//	@Router			/api/v1/people/{id} [patch]
func (s *Server) patchPerson(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	version, err := ifMatchVersion(c)
	if err != nil {
		return err
	}
	tags, err := decodePersonPatch(c)
	if err != nil {
		return err
	}

	ctx := c.Request().Context()
	current, err := s.deps.People.Get(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	if err := checkTenant(c, current.TenantID, access.PeopleRead, notFoundErr(person.ErrNotFound, current.ID)); err != nil {
		return err
	}
	if err := checkTenant(c, current.TenantID, access.PeopleTag, nil); err != nil {
		return err
	}
	p, err := s.deps.People.SetTags(ctx, c.Param("id"), version, tags, func(tx *gorm.DB, before, after *person.Person) error {
		return audit.Record(ctx, tx, audit.Entry{
			Action: "person.tags.changed", TargetType: "person", TargetID: after.ID, TenantID: after.TenantID,
			Before: map[string]any{"tags": before.Tags}, After: map[string]any{"tags": after.Tags},
		})
	})
	if err != nil {
		return err
	}
	return s.writePerson(c, http.StatusOK, p)
}

// decodePersonPatch reads the PATCH body, refusing synced fields by name.
func decodePersonPatch(c echo.Context) ([]string, error) {
	var fields map[string]json.RawMessage
	if err := decodeJSON(c, &fields); err != nil {
		return nil, err
	}
	invalid := map[string]string{}
	for name := range fields {
		switch {
		case name == "tags":
		case slices.Contains(person.SyncedFields, name):
			invalid[name] = "synced from Entra ID and read-only here: change it in Entra ID and the next sync brings it"
		default:
			invalid[name] = "unknown or read-only field; only tags can be changed"
		}
	}
	raw, ok := fields["tags"]
	if !ok && len(invalid) == 0 {
		invalid["tags"] = "missing: send {\"tags\": [...]}"
	}
	if len(invalid) > 0 {
		return nil, validationProblem(invalid)
	}
	var tags []string
	if err := json.Unmarshal(raw, &tags); err != nil || tags == nil {
		return nil, validationProblem(map[string]string{"tags": "must be an array of strings, e.g. [\"vip\"]"})
	}
	return tags, nil
}

func etagOf(version int64) string { return `"` + strconv.FormatInt(version, 10) + `"` }

// ifMatchVersion reads the version from If-Match, which must be an ETag
// this API issued.
func ifMatchVersion(c echo.Context) (int64, error) {
	raw := strings.TrimSpace(c.Request().Header.Get("If-Match"))
	if raw == "" {
		return 0, problem.New(http.StatusPreconditionRequired, "if-match-required", "If-Match required",
			"Send the person's ETag (from GET /api/v1/people/{id}) in the If-Match header, so that a concurrent change is not overwritten.")
	}
	v, err := strconv.ParseInt(strings.Trim(strings.TrimPrefix(raw, "W/"), `"`), 10, 64)
	if err != nil {
		return 0, problem.New(http.StatusPreconditionFailed, "stale-etag", "If-Match does not match",
			fmt.Sprintf("%q is not an ETag of this person; read the person again and use its ETag.", raw))
	}
	return v, nil
}
