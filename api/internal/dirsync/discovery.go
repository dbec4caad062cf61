package dirsync

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/rosterhq/roster/api/internal/audit"
	"github.com/rosterhq/roster/api/internal/directory"
	"github.com/rosterhq/roster/api/internal/tenant"
)

// Customer is a customer tenant of the MSP's home tenant as the directory
// lists it.
type Customer struct {
	TenantID    string
	DisplayName string
	// DefaultDomain is empty when the directory's list carries none.
	DefaultDomain string
	// Relationship names the list the customer came from: "gdap" or
	// "contract".
	Relationship string
}

// CustomerDirectory lists the customer tenants of an MSP's tenant. The Graph
// adapter implements it through an adapter in package app.
type CustomerDirectory interface {
	Customers(ctx context.Context, homeTenantID string) ([]Customer, error)
}

// ConsentChecker checks that Roster's application may read a tenant's
// users; the Graph adapter implements it. The error is a *directory.Error
// saying what is missing.
type ConsentChecker interface {
	CheckConsent(ctx context.Context, tenantID string) error
}

// SetCustomerDirectory sets where DiscoverCustomers and LinkCustomers read
// customers from.
func (s *Service) SetCustomerDirectory(cd CustomerDirectory) { s.customers = cd }

// DiscoveredCustomer is a customer and the Roster tenant linked to it.
type DiscoveredCustomer struct {
	Customer
	// Tenant is the Roster tenant linked to the customer's Entra tenant,
	// nil when there is none.
	Tenant *tenant.Tenant
}

// Discovery is the outcome of listing the home tenant's customers.
type Discovery struct {
	Customers []DiscoveredCustomer
	// Warning explains an empty or failed response, from which nothing can
	// be linked.
	Warning string
	// Err is the directory's failure, nil when it responded.
	Err *directory.Error
}

// DiscoverCustomers lists the customers of the home tenant with the Roster
// tenant each is linked to. A failed or empty response from the directory
// is not an error: Discovery.Warning explains it. The error is for
// failures of Roster's own database.
func (s *Service) DiscoverCustomers(ctx context.Context, homeTenantID string) (Discovery, error) {
	if s.customers == nil {
		return Discovery{Warning: "Customer discovery needs Microsoft Graph, which this server does not use."}, nil
	}
	listed, err := s.customers.Customers(ctx, homeTenantID)
	if err != nil {
		if ctx.Err() != nil {
			return Discovery{}, ctx.Err()
		}
		de := asDirectoryError(err)
		s.log.Warn("customer discovery failed", "home_tenant", homeTenantID, "error_kind", de.Kind, "error", err)
		return Discovery{Err: de, Warning: "Microsoft Graph did not list the customers, so nothing was changed: " + de.Error()}, nil
	}

	out := Discovery{Customers: make([]DiscoveredCustomer, 0, len(listed))}
	if len(listed) == 0 {
		out.Warning = "Microsoft Graph listed no customers of the home tenant, so nothing was changed. Check that Roster's application holds DelegatedAdminRelationship.Read.All (GDAP) or Directory.Read.All (contracts) in the home tenant."
		return out, nil
	}
	linked, err := s.tenantsByEntraID(ctx)
	if err != nil {
		return Discovery{}, err
	}
	for _, c := range dedupeCustomers(listed) {
		dc := DiscoveredCustomer{Customer: c}
		if t, ok := linked[c.TenantID]; ok {
			dc.Tenant = &t
		}
		out.Customers = append(out.Customers, dc)
	}
	return out, nil
}

// dedupeCustomers drops repeated tenant ids and sorts by display name.
func dedupeCustomers(in []Customer) []Customer {
	seen := map[string]bool{}
	var out []Customer
	for _, c := range in {
		c.TenantID = strings.ToLower(c.TenantID)
		if seen[c.TenantID] {
			continue
		}
		seen[c.TenantID] = true
		out = append(out, c)
	}
	slices.SortStableFunc(out, func(a, b Customer) int {
		return strings.Compare(strings.ToLower(a.DisplayName), strings.ToLower(b.DisplayName))
	})
	return out
}

func (s *Service) tenantsByEntraID(ctx context.Context) (map[string]tenant.Tenant, error) {
	var rows []tenant.Tenant
	if err := s.db.WithContext(ctx).Where("entra_tenant_id IS NOT NULL").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list linked tenants: %w", err)
	}
	out := make(map[string]tenant.Tenant, len(rows))
	for _, t := range rows {
		out[strings.ToLower(*t.EntraTenantID)] = t
	}
	return out, nil
}

func asDirectoryError(err error) *directory.Error {
	var de *directory.Error
	if errors.As(err, &de) {
		return de
	}
	return &directory.Error{Kind: directory.KindOther, Message: err.Error(), Err: err}
}

// LinkOutcome is the result of LinkCustomers for one requested customer.
type LinkOutcome struct {
	TenantID string // the customer's Entra tenant id
	// Tenant is the tenant created for the customer; nil when skipped.
	Tenant *tenant.Tenant
	// Reason explains why the customer was skipped.
	Reason string
}

// LinkResult is the outcome of LinkCustomers.
type LinkResult struct {
	Linked  []LinkOutcome
	Skipped []LinkOutcome
	// Warning explains a failed or empty customer list, when nothing was
	// linked.
	Warning string
}

// LinkCustomers creates a linked customer tenant for each requested
// customer of the home tenant, or for every customer not linked yet when
// all is set. It lists the customers again, so only tenants that the
// directory lists now are linked; a failed or empty list links nothing and
// returns a warning. Customers already linked or not listed are skipped
// with a reason. Each new tenant and the request as a whole are recorded in
// the audit trail.
func (s *Service) LinkCustomers(ctx context.Context, homeTenantID string, tenantIDs []string, all bool) (LinkResult, error) {
	res, err := s.linkCustomers(ctx, homeTenantID, tenantIDs, all)
	if err != nil {
		return res, err
	}
	linked := make([]string, len(res.Linked))
	for i, l := range res.Linked {
		linked[i] = l.TenantID
	}
	skipped := map[string]string{}
	for _, sk := range res.Skipped {
		skipped[sk.TenantID] = sk.Reason
	}
	err = audit.Record(ctx, s.db, audit.Entry{
		Action: "customers.link", TargetType: "customer_discovery", TargetID: homeTenantID,
		After: map[string]any{"requested": tenantIDs, "all": all, "linked": linked, "skipped": skipped, "warning": res.Warning},
	})
	return res, err
}

func (s *Service) linkCustomers(ctx context.Context, homeTenantID string, tenantIDs []string, all bool) (LinkResult, error) {
	found, err := s.DiscoverCustomers(ctx, homeTenantID)
	if err != nil {
		return LinkResult{}, err
	}
	if found.Warning != "" {
		return LinkResult{Warning: found.Warning}, nil
	}
	byID := map[string]DiscoveredCustomer{}
	for _, c := range found.Customers {
		byID[c.TenantID] = c
	}
	if all {
		tenantIDs = nil
		for _, c := range found.Customers {
			tenantIDs = append(tenantIDs, c.TenantID)
		}
	}

	var res LinkResult
	for _, id := range tenantIDs {
		id = strings.ToLower(strings.TrimSpace(id))
		c, ok := byID[id]
		switch {
		case !ok:
			res.Skipped = append(res.Skipped, LinkOutcome{TenantID: id, Reason: "not listed as a customer of the home tenant"})
		case c.Tenant != nil:
			if !all {
				res.Skipped = append(res.Skipped, LinkOutcome{TenantID: id, Tenant: c.Tenant, Reason: fmt.Sprintf("already linked to tenant %q", c.Tenant.Name)})
			}
		default:
			t, err := s.linkCustomer(ctx, c.Customer)
			if err != nil {
				s.log.Warn("customer not linked", "entra_tenant_id", id, "error", err)
				res.Skipped = append(res.Skipped, LinkOutcome{TenantID: id, Reason: err.Error()})
				continue
			}
			res.Linked = append(res.Linked, LinkOutcome{TenantID: id, Tenant: t})
		}
	}
	return res, nil
}

// linkCustomer creates the tenant of one customer, named after it. When the
// name is taken it adds the domain or the tenant id to it.
func (s *Service) linkCustomer(ctx context.Context, c Customer) (*tenant.Tenant, error) {
	name := strings.TrimSpace(c.DisplayName)
	if name == "" {
		name = c.TenantID
	}
	suffix := c.DefaultDomain
	if suffix == "" {
		suffix = c.TenantID
	}
	record := func(tx *gorm.DB, t *tenant.Tenant) error {
		return audit.Record(ctx, tx, audit.Entry{
			Action: "tenant.created", TargetType: "tenant", TargetID: t.ID, TenantID: t.ID,
			After: map[string]any{"name": t.Name, "entraTenantId": t.EntraTenantID, "primaryDomain": t.PrimaryDomain,
				"source": "customer-discovery", "relationship": c.Relationship},
		})
	}
	in := tenant.NewCustomer{Name: name, EntraTenantID: c.TenantID, PrimaryDomain: c.DefaultDomain}
	t, err := s.tenants.CreateCustomer(ctx, in, record)
	if errors.Is(err, tenant.ErrNameTaken) {
		in.Name = fmt.Sprintf("%s (%s)", name, suffix)
		t, err = s.tenants.CreateCustomer(ctx, in, record)
	}
	return t, err
}

// ConsentResult is the outcome of CheckConsent.
type ConsentResult struct {
	TenantID      string
	EntraTenantID string
	CheckedAt     time.Time
	// Err names what is missing. It is nil when Roster may read the
	// tenant's users.
	Err *directory.Error
}

// CheckConsent checks that Roster's application is present in the tenant's
// Entra tenant with permission to read users, and records the check and its
// outcome in the audit trail. It fails with ErrNotLinked for a tenant
// without an Entra link; a missing consent is reported in the result, not
// as an error.
func (s *Service) CheckConsent(ctx context.Context, tenantID string) (ConsentResult, error) {
	res, err := s.checkConsent(ctx, tenantID)
	if err != nil {
		return res, err
	}
	outcome := map[string]any{"ok": res.Err == nil}
	if res.Err != nil {
		outcome["errorKind"], outcome["error"] = res.Err.Kind, res.Err.Error()
	}
	err = audit.Record(ctx, s.db, audit.Entry{
		Action: "tenant.consent_checked", TargetType: "tenant", TargetID: res.TenantID, TenantID: res.TenantID, After: outcome,
	})
	return res, err
}

func (s *Service) checkConsent(ctx context.Context, tenantID string) (ConsentResult, error) {
	t, err := s.tenants.Get(ctx, tenantID)
	if err != nil {
		return ConsentResult{}, err
	}
	if !t.Linked() {
		return ConsentResult{}, fmt.Errorf("%w: tenant %q (%s) has no Entra tenant id", ErrNotLinked, t.Name, t.ID)
	}
	res := ConsentResult{TenantID: t.ID, EntraTenantID: *t.EntraTenantID}
	checker, ok := s.reader.(ConsentChecker)
	if !ok {
		res.CheckedAt = s.now()
		res.Err = &directory.Error{Kind: directory.KindOther, Message: "this server's directory reader cannot check consent"}
		return res, nil
	}
	err = checker.CheckConsent(ctx, *t.EntraTenantID)
	res.CheckedAt = s.now()
	if err != nil {
		if ctx.Err() != nil {
			return ConsentResult{}, ctx.Err()
		}
		res.Err = asDirectoryError(err)
		s.log.Info("consent check failed", "tenant_id", t.ID, "entra_tenant_id", *t.EntraTenantID, "error_kind", res.Err.Kind, "error", err)
	}
	return res, nil
}
