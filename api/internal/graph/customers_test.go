package graph_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/rosterhq/roster/api/internal/devdirectory"
	"github.com/rosterhq/roster/api/internal/directory"
	"github.com/rosterhq/roster/api/internal/graph"
)

func customers(n int, relationship string) []devdirectory.Customer {
	out := make([]devdirectory.Customer, n)
	for i := range out {
		out[i] = devdirectory.Customer{
			TenantID:    fmt.Sprintf("c0000000-0000-4000-8000-%012d", i+1),
			DisplayName: fmt.Sprintf("Customer %03d", i+1), DefaultDomain: fmt.Sprintf("customer%03d.example", i+1),
			Relationship: relationship,
		}
	}
	return out
}

func TestCustomers(t *testing.T) {
	status := func(code, times int) devdirectory.Fault {
		return devdirectory.Fault{Kind: devdirectory.FaultStatus, Status: code, Times: times}
	}
	cases := []struct {
		name         string
		customers    []devdirectory.Customer
		faults       []devdirectory.Fault
		want         int
		relationship string
		domains      bool
		kind         directory.ErrorKind
	}{
		{"gdap-paged", customers(150, devdirectory.RelationshipBoth), nil, 150, graph.RelationshipGDAP, false, ""},
		{"gdap-denied-contracts", customers(3, devdirectory.RelationshipBoth), []devdirectory.Fault{status(403, 1)}, 3, graph.RelationshipContract, true, ""},
		{"gdap-empty-contracts", customers(2, devdirectory.RelationshipContract), nil, 2, graph.RelationshipContract, true, ""},
		{"none", nil, nil, 0, "", false, ""},
		{"both-fail", customers(2, devdirectory.RelationshipBoth), []devdirectory.Fault{status(503, 6)}, 0, "", false, directory.KindUnavailable},
		{"malformed", customers(2, devdirectory.RelationshipBoth), []devdirectory.Fault{{Kind: devdirectory.FaultHTML}, {Kind: devdirectory.FaultMalformed}}, 0, "", false, directory.KindMalformed},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, 1, nil)
			if err := e.dir.SetCustomers(tenantA, tc.customers); err != nil {
				t.Fatal(err)
			}
			e.addFaults(t, tenantA, tc.faults...)
			got, err := e.client.Customers(context.Background(), tenantA)
			if tc.kind != "" {
				if directory.KindOf(err) != tc.kind {
					t.Fatalf("error = %v, want %s", err, tc.kind)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tc.want {
				t.Fatalf("customers = %d, want %d", len(got), tc.want)
			}
			for i, c := range got {
				want := tc.customers[i]
				if c.TenantID != want.TenantID || c.DisplayName != want.DisplayName || c.Relationship != tc.relationship {
					t.Errorf("customer %d = %+v, want %s %q via %s", i, c, want.TenantID, want.DisplayName, tc.relationship)
				}
				if tc.domains && c.DefaultDomain != want.DefaultDomain {
					t.Errorf("customer %d domain = %q, want %q", i, c.DefaultDomain, want.DefaultDomain)
				}
			}
		})
	}
}
