package devdirectory

import (
	"net/http"
	"strconv"

	"github.com/google/uuid"
)

// listCustomers serves the customer lists of an MSP's tenant:
//
//	GET /v1.0/tenantRelationships/delegatedAdminCustomers  (relationship gdap)
//	GET /v1.0/contracts                                     (relationship contract)
//
// Both page with $top or Prefer: odata.maxpagesize and an
// @odata.nextLink whose $skiptoken is the offset of the next page.
//
// NOTE: any token that may read users may read these lists here, while Graph
// requires DelegatedAdminRelationship.Read.All or Directory.Read.All.
func (g *graphServer) listCustomers(relationship string) func(w http.ResponseWriter, r *http.Request, tid string) {
	return func(w http.ResponseWriter, r *http.Request, tid string) {
		if !g.checkQuery(w, r, "$top", "$skiptoken") {
			return
		}
		all, err := g.opts.Directory.Customers(tid)
		if err != nil {
			g.fail(w, r, http.StatusNotFound, "Request_ResourceNotFound", err.Error())
			return
		}
		var listed []Customer
		for _, c := range all {
			if c.Relationship == RelationshipBoth || c.Relationship == relationship {
				listed = append(listed, c)
			}
		}

		offset := 0
		if raw := r.URL.Query().Get("$skiptoken"); raw != "" {
			n, err := strconv.Atoi(raw)
			if err != nil || n < 0 || n > len(listed) {
				g.fail(w, r, http.StatusBadRequest, "Request_BadRequest", "The $skiptoken value is invalid.")
				return
			}
			offset = n
		}
		size, ok := g.pageSize(w, r, 0)
		if !ok {
			return
		}
		end := min(offset+size, len(listed))

		value := make([]map[string]any, 0, end-offset)
		for _, c := range listed[offset:end] {
			value = append(value, renderCustomer(c, relationship))
		}
		body := map[string]any{"value": value}
		if end < len(listed) {
			q := r.URL.Query()
			q.Set("$skiptoken", strconv.Itoa(end))
			body["@odata.nextLink"] = baseURL(r) + r.URL.Path + "?" + q.Encode()
		}
		writeJSON(w, http.StatusOK, body)
	}
}

// renderCustomer returns a customer as a delegatedAdminCustomer or a
// contract resource.
func renderCustomer(c Customer, relationship string) map[string]any {
	if relationship == RelationshipGDAP {
		return map[string]any{"id": c.TenantID, "tenantId": c.TenantID, "displayName": c.DisplayName}
	}
	// A contract has its own id; derive a stable one from the customer.
	id := uuid.NewSHA1(uuid.NameSpaceOID, []byte("contract:"+c.TenantID)).String()
	return map[string]any{
		"id": id, "contractType": "ResellerPartner", "customerId": c.TenantID,
		"defaultDomainName": nullable(c.DefaultDomain), "displayName": c.DisplayName,
	}
}
