package graph

import (
	"context"
	"fmt"
	"strings"

	"github.com/microsoftgraph/msgraph-sdk-go/models"

	"github.com/rosterhq/roster/api/internal/directory"
)

// Relationships through which an MSP's tenant lists a customer.
const (
	RelationshipGDAP     = "gdap"     // GET /tenantRelationships/delegatedAdminCustomers
	RelationshipContract = "contract" // GET /contracts, the older delegated admin (DAP) list
)

// maxCustomerPages bounds the pages read of one customer list, so that a
// server whose paging links never end cannot hold the caller forever. At
// Graph's default of 100 customers a page it allows 100,000 customers.
const maxCustomerPages = 1000

// Customer is a customer tenant that an MSP's tenant manages.
type Customer struct {
	TenantID    string
	DisplayName string
	// DefaultDomain is empty when the list does not carry one, as
	// delegatedAdminCustomers does not.
	DefaultDomain string
	Relationship  string
}

// Customers lists the customer tenants of homeTenantID: the GDAP customers
// (permission DelegatedAdminRelationship.Read.All), or when that request
// fails or returns none, the older contracts list (Directory.Read.All).
// The error is a *directory.Error of the last request tried.
func (c *Client) Customers(ctx context.Context, homeTenantID string) ([]Customer, error) {
	if err := checkTenantID(homeTenantID); err != nil {
		return nil, err
	}
	gdap, gdapErr := c.gdapCustomers(ctx, homeTenantID)
	if gdapErr == nil && len(gdap) > 0 {
		return gdap, nil
	}
	if gdapErr != nil {
		c.log.Warn("graph: listing GDAP customers failed, trying contracts", "tenant", homeTenantID, "error", gdapErr)
	}
	contracts, err := c.contractCustomers(ctx, homeTenantID)
	if err != nil {
		if gdapErr != nil {
			return nil, fmt.Errorf("%w (GDAP customers: %v)", err, gdapErr)
		}
		return nil, err
	}
	return contracts, nil
}

func (c *Client) gdapCustomers(ctx context.Context, homeTenantID string) ([]Customer, error) {
	var out []Customer
	builder := c.service.TenantRelationships().DelegatedAdminCustomers()
	for page := 1; ; page++ {
		rctx, ex := c.requestContext(ctx, homeTenantID)
		resp, err := builder.Get(rctx, nil)
		if err != nil {
			return nil, c.classify(err, ex, homeTenantID, fmt.Sprintf("list GDAP customers, page %d", page))
		}
		for _, m := range resp.GetValue() {
			if cu, ok := gdapCustomer(m); ok {
				out = append(out, cu)
			}
		}
		next := deref(resp.GetOdataNextLink())
		if next == "" {
			return out, nil
		}
		if err := c.nextCustomerPage(next, page); err != nil {
			return nil, err
		}
		builder = builder.WithUrl(next)
	}
}

func (c *Client) contractCustomers(ctx context.Context, homeTenantID string) ([]Customer, error) {
	var out []Customer
	builder := c.service.Contracts()
	for page := 1; ; page++ {
		rctx, ex := c.requestContext(ctx, homeTenantID)
		resp, err := builder.Get(rctx, nil)
		if err != nil {
			return nil, c.classify(err, ex, homeTenantID, fmt.Sprintf("list contracts, page %d", page))
		}
		for _, m := range resp.GetValue() {
			if cu, ok := contractCustomer(m); ok {
				out = append(out, cu)
			}
		}
		next := deref(resp.GetOdataNextLink())
		if next == "" {
			return out, nil
		}
		if err := c.nextCustomerPage(next, page); err != nil {
			return nil, err
		}
		builder = builder.WithUrl(next)
	}
}

// nextCustomerPage checks a customer list's paging link before it is
// followed.
func (c *Client) nextCustomerPage(next string, page int) error {
	if page >= maxCustomerPages {
		return &directory.Error{Kind: directory.KindMalformed, HTTPStatus: 200, Message: fmt.Sprintf("customer list has more than %d pages", maxCustomerPages)}
	}
	return c.checkLink(next)
}

func gdapCustomer(m models.DelegatedAdminCustomerable) (Customer, bool) {
	if m == nil {
		return Customer{}, false
	}
	tid := strings.ToLower(deref(m.GetTenantId()))
	if tid == "" {
		tid = strings.ToLower(deref(m.GetId()))
	}
	if !isGUID(tid) {
		return Customer{}, false
	}
	return Customer{TenantID: tid, DisplayName: deref(m.GetDisplayName()), Relationship: RelationshipGDAP}, true
}

func contractCustomer(m models.Contractable) (Customer, bool) {
	if m == nil || m.GetCustomerId() == nil {
		return Customer{}, false
	}
	return Customer{
		TenantID: strings.ToLower(m.GetCustomerId().String()), DisplayName: deref(m.GetDisplayName()),
		DefaultDomain: strings.ToLower(deref(m.GetDefaultDomainName())), Relationship: RelationshipContract,
	}, true
}
