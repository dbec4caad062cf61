package graph

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/microsoftgraph/msgraph-sdk-go/models"
	"github.com/microsoftgraph/msgraph-sdk-go/users"

	"github.com/rosterhq/roster/api/internal/directory"
)

// UsersDelta enumerates the users of tenantID with GET /users/delta(), calling
// fn once per page. With an empty deltaLink it enumerates everyone; otherwise
// it continues from deltaLink. When Graph rejects deltaLink as expired (400
// syncStateNotFound or 410 Gone) before any page was delivered, it starts a
// full enumeration and reports Full. It does the same for a deltaLink that
// does not point at the configured Graph endpoint, such as one stored before
// the endpoint changed. Paging links are followed within the call and never
// returned. Failures are *directory.Error values, and an error from fn is
// returned wrapped.
func (c *Client) UsersDelta(ctx context.Context, tenantID, deltaLink string, fn func(ctx context.Context, page directory.Page) error) (directory.DeltaResult, error) {
	if err := checkTenantID(tenantID); err != nil {
		return directory.DeltaResult{}, err
	}
	if deltaLink != "" {
		if err := c.checkLink(deltaLink); err != nil {
			c.log.Warn("graph: stored delta link is not on the Graph endpoint, enumerating all users", "tenant", tenantID, "error", err)
			deltaLink = ""
		}
	}

	res, delivered, err := c.enumerate(ctx, tenantID, deltaLink, fn)
	if deltaLink != "" && delivered == 0 && directory.KindOf(err) == directory.KindDeltaExpired {
		c.log.Warn("graph: delta link expired, enumerating all users", "tenant", tenantID, "error", err)
		res, _, err = c.enumerate(ctx, tenantID, "", fn)
	}
	return res, err
}

// enumerate runs one delta round from link, or a first enumeration when link
// is empty, and returns the number of pages handed to fn.
func (c *Client) enumerate(ctx context.Context, tenantID, link string, fn func(context.Context, directory.Page) error) (directory.DeltaResult, int, error) {
	full := link == ""
	for number := 1; ; number++ {
		resp, err := c.deltaPage(ctx, tenantID, link, number)
		if err != nil {
			return directory.DeltaResult{Full: full}, number - 1, err
		}
		next, delta := deref(resp.GetOdataNextLink()), deref(resp.GetOdataDeltaLink())
		if err := c.checkPageLinks(link, next, delta, number); err != nil {
			return directory.DeltaResult{Full: full}, number - 1, err
		}

		page := directory.Page{Number: number, Users: convertUsers(resp.GetValue())}
		c.log.Debug("graph: delta page", "tenant", tenantID, "page", number, "users", len(page.Users))
		if err := fn(ctx, page); err != nil {
			return directory.DeltaResult{Full: full}, number, fmt.Errorf("graph: handle page %d of tenant %s: %w", number, tenantID, err)
		}
		if next == "" {
			return directory.DeltaResult{DeltaLink: delta, Full: full}, number, nil
		}
		link = next
	}
}

// deltaPage fetches one page: the first request of a round with $select, or a
// paging or delta link as Graph returned it.
func (c *Client) deltaPage(ctx context.Context, tenantID, link string, number int) (users.DeltaGetResponseable, error) {
	ctx, ex := c.requestContext(ctx, tenantID)
	config := &users.DeltaRequestBuilderGetRequestConfiguration{Headers: c.preferHeaders()}
	builder := c.service.Users().Delta()
	if link == "" {
		// $select belongs on the first request only; Graph keeps it in the links.
		config.QueryParameters = &users.DeltaRequestBuilderGetQueryParameters{Select: userFields}
	} else {
		builder = builder.WithUrl(link)
	}

	resp, err := builder.GetAsDeltaGetResponse(ctx, config)
	if err != nil {
		return nil, c.classify(err, ex, tenantID, fmt.Sprintf("read users delta page %d", number))
	}
	if resp == nil {
		return nil, &directory.Error{Kind: directory.KindMalformed, HTTPStatus: ex.status, Message: fmt.Sprintf("read users delta page %d of tenant %s: the response body is empty", number, tenantID)}
	}
	return resp, nil
}

// checkPageLinks rejects a page without exactly one of nextLink and
// deltaLink, a nextLink equal to the link just read (which would loop
// forever), and links that leave the Graph endpoint.
func (c *Client) checkPageLinks(current, next, delta string, number int) error {
	malformed := func(problem string) error {
		return &directory.Error{Kind: directory.KindMalformed, HTTPStatus: 200, Message: fmt.Sprintf("users delta page %d %s", number, problem)}
	}
	switch {
	case next == "" && delta == "":
		return malformed("has neither @odata.nextLink nor @odata.deltaLink")
	case next != "" && delta != "":
		return malformed("has both @odata.nextLink and @odata.deltaLink")
	case next != "" && next == current:
		return malformed("links to itself")
	}
	return c.checkLink(next + delta)
}

// checkLink accepts only absolute links on the Graph endpoint's scheme and
// host, because the token provider sends tokens to that host only.
func (c *Client) checkLink(link string) error {
	u, err := url.Parse(link)
	if err != nil || u.Scheme != c.endpoint.Scheme || !strings.EqualFold(u.Host, c.endpoint.Host) {
		return &directory.Error{Kind: directory.KindMalformed, Message: fmt.Sprintf("link %q does not point at the Graph endpoint %s", truncate(link, 120), c.endpoint)}
	}
	return nil
}

func convertUsers(in []models.Userable) []directory.User {
	out := make([]directory.User, 0, len(in))
	for _, u := range in {
		if u != nil {
			out = append(out, convertUser(u))
		}
	}
	return out
}

// convertUser copies a Graph user into a directory.User. Properties Graph
// omitted stay nil.
func convertUser(u models.Userable) directory.User {
	du := directory.User{
		ObjectID:              deref(u.GetId()),
		DisplayName:           u.GetDisplayName(),
		GivenName:             u.GetGivenName(),
		Surname:               u.GetSurname(),
		UserPrincipalName:     u.GetUserPrincipalName(),
		Mail:                  u.GetMail(),
		OtherMails:            u.GetOtherMails(),
		JobTitle:              u.GetJobTitle(),
		Department:            u.GetDepartment(),
		OfficeLocation:        u.GetOfficeLocation(),
		MobilePhone:           u.GetMobilePhone(),
		BusinessPhones:        u.GetBusinessPhones(),
		AccountEnabled:        u.GetAccountEnabled(),
		UserType:              u.GetUserType(),
		OnPremisesSyncEnabled: u.GetOnPremisesSyncEnabled(),
		CreatedDateTime:       u.GetCreatedDateTime(),
	}
	// "@removed" is not a modelled property, so the SDK keeps it in
	// AdditionalData as a map whose "reason" is a *string.
	if removed, ok := u.GetAdditionalData()["@removed"]; ok {
		du.Removed = true
		du.RemovedReason = removedReason(removed)
	}
	return du
}

func removedReason(v any) string {
	if raw, ok := v.(interface{ GetRawValue() (any, error) }); ok {
		v, _ = raw.GetRawValue()
	}
	m, ok := v.(map[string]any)
	if !ok {
		return ""
	}
	switch r := m["reason"].(type) {
	case *string:
		return deref(r)
	case string:
		return r
	}
	return ""
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
