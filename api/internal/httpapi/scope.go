package httpapi

import (
	"fmt"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/rosterhq/roster/api/internal/access"
)

// checkTenant lets a request touch something in tenantID only if the caller
// holds perm there. A tenant where the caller holds nothing at all is
// answered with notFound, so that its existence does not leak; otherwise a
// missing permission is a 403.
func checkTenant(c echo.Context, tenantID string, perm access.Permission, notFound error) error {
	eff := callerOf(c).Effective
	if eff.Allowed(perm, tenantID) {
		return nil
	}
	if len(eff.InTenant(tenantID)) == 0 {
		return notFound
	}
	return forbidden(perm)
}

// visibleTenants returns the tenants where the caller holds perm, narrowed
// to requested when it is not empty.
func visibleTenants(c echo.Context, perm access.Permission, requested []string) []string {
	allowed := callerOf(c).Effective.Tenants(perm)
	if len(requested) == 0 {
		return allowed
	}
	out := []string{}
	for _, id := range requested {
		if slices.Contains(allowed, id) {
			out = append(out, id)
		}
	}
	return out
}

func notFoundErr(err error, id string) error { return fmt.Errorf("%w: %s", err, id) }
