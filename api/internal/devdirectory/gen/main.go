// Command gen writes the demo directory of package devdirectory: the MSP's
// home tenant and three customer tenants with fictional people. The output
// depends only on this program, so running it again reproduces the committed
// file byte for byte:
//
//	go run ./api/internal/devdirectory/gen -o api/internal/devdirectory/demo.json
//
// Phone numbers come from ranges reserved for fiction (US 555-0100 to
// 555-0199, UK Ofcom drama numbers) and every domain ends in .example.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"
	"unicode"

	"github.com/google/uuid"
	"golang.org/x/text/unicode/norm"

	"github.com/rosterhq/roster/api/internal/devdirectory"
)

func main() {
	out := flag.String("o", "api/internal/devdirectory/demo.json", "output file")
	flag.Parse()

	data, err := json.MarshalIndent(demoFile(), "", "  ")
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	data = append(data, '\n')
	if _, err := devdirectory.Parse(data); err != nil {
		fmt.Fprintln(os.Stderr, "gen: generated directory is invalid:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// office is a site with its phone numbers. Numbers are the office's prefix
// followed by two (US) or three (UK) random digits.
type office struct {
	name        string
	phonePrefix string
	digits      int
}

// department lists job titles; the first title goes to the department's head.
type department struct {
	name   string
	titles []string
	weight int // relative head count
	// noMail is the share of people, in percent, without a mailbox (shop floor,
	// facilities staff who only use shared devices).
	noMail int
}

// tenantSpec describes one tenant to generate.
type tenantSpec struct {
	id, name, domain string
	size             int // people, guests included
	guests           []string
	offices          []office
	departments      []department
	// syncedPercent is the share of members synced from on-premises AD.
	syncedPercent int
	// fixed people come first, in this order.
	fixed []fixedPerson
}

type fixedPerson struct {
	given, surname, title, department, office string
}

var (
	seattle    = office{"Seattle HQ", "+1 206 555 01", 2}
	manchester = office{"Manchester", "+44 161 496 0", 3}
	detroit    = office{"Detroit Plant", "+1 313 555 01", 2}
	toledo     = office{"Toledo Distribution Center", "+1 419 555 01", 2}
	sheffield  = office{"Sheffield Plant", "+44 114 496 0", 3}
	portland   = office{"Portland Studio", "+1 503 555 01", 2}
	mainCampus = office{"Main Campus", "+1 612 555 01", 2}
	eastside   = office{"Eastside Clinic", "+1 651 555 01", 2}
	northgate  = office{"Northgate Clinic", "+1 763 555 01", 2}
)

// northwindTechnicians are home-tenant people invited as guests into every
// customer tenant, as MSP technicians usually are.
var northwindTechnicians = []string{"megan.bowen", "tomasz.mazur", "priya.iyer"}

var specs = []tenantSpec{
	{
		id: devdirectory.HomeTenantID, name: "Northwind IT Services", domain: devdirectory.HomeTenantDomain, size: 25,
		guests:  []string{"grace.kim_ledgerline.example"},
		offices: []office{seattle, seattle, manchester},
		departments: []department{
			{"Service Desk", []string{"Service Desk Manager", "Service Desk Analyst", "Senior Service Desk Analyst"}, 4, 0},
			{"Field Engineering", []string{"Field Engineering Lead", "Field Engineer"}, 3, 0},
			{"Cloud Engineering", []string{"Principal Cloud Architect", "Cloud Engineer", "Microsoft 365 Engineer"}, 3, 0},
			{"Security Operations", []string{"Security Operations Lead", "Security Analyst"}, 2, 0},
			{"Account Management", []string{"Head of Client Services", "Account Manager"}, 2, 0},
			{"Finance & Operations", []string{"Finance Manager", "Billing Specialist"}, 1, 0},
		},
		fixed: []fixedPerson{
			{"Megan", "Bowen", "IT Operations Director", "Leadership", "Seattle HQ"},
			{"Tomasz", "Mazur", "Service Delivery Manager", "Service Desk", "Manchester"},
			{"Priya", "Iyer", "Principal Cloud Architect", "Cloud Engineering", "Seattle HQ"},
		},
	},
	{
		id: devdirectory.FabrikamTenantID, name: "Fabrikam Manufacturing", domain: devdirectory.FabrikamDomain, size: 120,
		guests:        []string{"jane.doe_contoso.example", "rafael.souza_litware.example", "ops_adatum.example"},
		offices:       []office{detroit, detroit, toledo, sheffield},
		syncedPercent: 85,
		departments: []department{
			{"Production", []string{"Production Manager", "Machine Operator", "Assembly Technician", "Shift Supervisor", "CNC Machinist"}, 10, 40},
			{"Quality Assurance", []string{"Quality Manager", "Quality Inspector", "Quality Engineer"}, 3, 10},
			{"Maintenance", []string{"Maintenance Manager", "Maintenance Technician", "Electrician"}, 3, 30},
			{"Logistics", []string{"Logistics Manager", "Warehouse Associate", "Forklift Operator", "Shipping Coordinator"}, 4, 35},
			{"Engineering", []string{"Engineering Director", "Process Engineer", "Mechanical Engineer", "CAD Designer"}, 3, 0},
			{"Procurement", []string{"Procurement Lead", "Buyer"}, 1, 0},
			{"Sales", []string{"Sales Director", "Account Executive", "Sales Coordinator"}, 2, 0},
			{"Finance", []string{"Controller", "Accountant", "Payroll Specialist"}, 2, 0},
			{"Human Resources", []string{"HR Manager", "HR Generalist"}, 1, 0},
			{"IT", []string{"IT Manager", "Systems Administrator"}, 1, 0},
		},
	},
	{
		id: devdirectory.TailspinTenantID, name: "Tailspin Toys", domain: devdirectory.TailspinDomain, size: 40,
		guests:  []string{"studio_brightpixel.example"},
		offices: []office{portland},
		departments: []department{
			{"Design", []string{"Creative Director", "Toy Designer", "Industrial Designer", "Illustrator"}, 4, 0},
			{"Marketing", []string{"Marketing Manager", "Brand Specialist", "Social Media Coordinator"}, 2, 0},
			{"Sales", []string{"Head of Sales", "Retail Account Manager"}, 2, 0},
			{"Retail Operations", []string{"Store Operations Manager", "Store Associate"}, 2, 50},
			{"Customer Service", []string{"Customer Service Lead", "Customer Service Representative"}, 2, 0},
			{"Finance", []string{"Finance Lead", "Bookkeeper"}, 1, 0},
		},
	},
	{
		id: devdirectory.WoodgroveTenantID, name: "Woodgrove Clinic", domain: devdirectory.WoodgroveDomain, size: 190,
		guests:        []string{"dr.hale_locumcare.example", "samira.qasim_locumcare.example", "support_medisoft.example"},
		offices:       []office{mainCampus, mainCampus, eastside, northgate},
		syncedPercent: 92,
		departments: []department{
			{"Nursing", []string{"Director of Nursing", "Registered Nurse", "Nurse Practitioner", "Licensed Practical Nurse", "Charge Nurse"}, 12, 0},
			{"Primary Care", []string{"Medical Director", "Physician", "Physician Assistant", "Medical Assistant"}, 6, 0},
			{"Cardiology", []string{"Head of Cardiology", "Cardiologist", "Cardiac Sonographer"}, 2, 0},
			{"Radiology", []string{"Radiology Manager", "Radiologist", "Radiologic Technologist"}, 2, 0},
			{"Pediatrics", []string{"Head of Pediatrics", "Pediatrician", "Pediatric Nurse"}, 2, 0},
			{"Pharmacy", []string{"Pharmacy Manager", "Pharmacist", "Pharmacy Technician"}, 2, 0},
			{"Laboratory", []string{"Laboratory Manager", "Medical Laboratory Scientist", "Phlebotomist"}, 2, 0},
			{"Patient Services", []string{"Patient Services Manager", "Receptionist", "Scheduler", "Medical Biller"}, 4, 0},
			{"Facilities", []string{"Facilities Manager", "Facilities Technician", "Environmental Services Aide"}, 2, 60},
			{"Administration", []string{"Chief Operating Officer", "Practice Administrator", "Compliance Officer", "HR Partner"}, 2, 0},
			{"IT", []string{"IT Lead", "Clinical Systems Analyst"}, 1, 0},
		},
	},
}

// namespace makes object ids stable: each is a UUIDv5 of tenant and index.
var namespace = uuid.MustParse("0f6b8f9e-5d0a-4c39-9a51-6a1c2e7d4b30")

func demoFile() devdirectory.File {
	var f devdirectory.File
	for i, spec := range specs {
		f.Tenants = append(f.Tenants, generateTenant(spec, newRandom(uint64(i+1)*0x9E3779B97F4A7C15)))
	}
	return f
}

func generateTenant(spec tenantSpec, rnd *random) devdirectory.Tenant {
	t := devdirectory.Tenant{
		TenantID: spec.id, DisplayName: spec.name, DefaultDomain: spec.domain,
		Apps: []devdirectory.AppGrant{{AppID: devdirectory.GraphClientID, Roles: []string{"User.Read.All"}}},
	}
	g := generator{spec: spec, rnd: rnd, usedNames: map[string]bool{}, usedUPNs: map[string]bool{}}

	heads := map[string]bool{} // departments whose head exists
	for _, p := range spec.fixed {
		g.usedNames[p.given+" "+p.surname] = true
		heads[p.department] = true
		t.Users = append(t.Users, g.member(p.given, p.surname, g.departmentNamed(p.department), p.title, g.officeNamed(p.office)))
	}
	members := spec.size - len(spec.guests) - len(spec.fixed)
	if spec.id != devdirectory.HomeTenantID {
		members -= len(northwindTechnicians)
	}
	for range members {
		dept := g.pickDepartment()
		title := dept.titles[1+rnd.intn(len(dept.titles)-1)]
		if !heads[dept.name] {
			heads[dept.name] = true
			title = dept.titles[0]
		}
		given, surname := g.uniqueName()
		t.Users = append(t.Users, g.member(given, surname, dept, title, spec.offices[rnd.intn(len(spec.offices))]))
	}
	for _, local := range spec.guests {
		t.Users = append(t.Users, g.guest(local))
	}
	if spec.id != devdirectory.HomeTenantID {
		for _, tech := range northwindTechnicians {
			t.Users = append(t.Users, g.guest(tech+"_"+devdirectory.HomeTenantDomain))
		}
	}
	return t
}

type generator struct {
	spec      tenantSpec
	rnd       *random
	usedNames map[string]bool
	usedUPNs  map[string]bool
	count     int // users generated so far
}

func (g *generator) nextID() string {
	g.count++
	return uuid.NewSHA1(namespace, fmt.Appendf(nil, "%s/%d", g.spec.id, g.count)).String()
}

func (g *generator) uniqueName() (given, surname string) {
	for {
		c := cultures[g.rnd.intn(len(cultures))]
		given, surname = c.given[g.rnd.intn(len(c.given))], c.surnames[g.rnd.intn(len(c.surnames))]
		if !g.usedNames[given+" "+surname] {
			g.usedNames[given+" "+surname] = true
			return given, surname
		}
	}
}

func (g *generator) member(given, surname string, dept department, title string, off office) devdirectory.User {
	upn := g.uniqueUPN(asciiLocal(given) + "." + asciiLocal(surname))
	id := g.nextID()
	u := devdirectory.User{
		ID:                id,
		DisplayName:       given + " " + surname,
		GivenName:         given,
		Surname:           surname,
		UserPrincipalName: upn + "@" + g.spec.domain,
		Mail:              upn + "@" + g.spec.domain,
		JobTitle:          title,
		Department:        dept.name,
		OfficeLocation:    off.name,
		BusinessPhones:    []string{g.phone(off.phonePrefix, off.digits)},
		AccountEnabled:    ptr(g.rnd.intn(100) >= 4 || g.count <= len(g.spec.fixed)), // fixed people stay enabled
		UserType:          "Member",
		CreatedDateTime:   g.createdAt(),
	}
	if g.rnd.intn(100) < dept.noMail && title != dept.titles[0] {
		u.Mail = ""
		u.BusinessPhones = nil
		if g.rnd.intn(2) == 0 {
			u.OtherMails = []string{asciiLocal(given) + "." + asciiLocal(surname) + "@" + []string{"mail.example", "inbox.example"}[g.rnd.intn(2)]}
		}
	}
	if g.rnd.intn(100) < 60 {
		u.MobilePhone = g.mobile(off)
	}
	if g.rnd.intn(100) < g.spec.syncedPercent {
		u.OnPremisesSyncEnabled = ptr(true)
	}
	return u
}

// guest returns a B2B guest whose home address is local with its last "_"
// replaced by "@", the way Entra builds a guest's userPrincipalName.
func (g *generator) guest(local string) devdirectory.User {
	at := strings.LastIndex(local, "_")
	mail := local[:at] + "@" + local[at+1:]
	g.usedUPNs[local] = true
	name := displayNameOf(local[:at], local[at+1:])
	return devdirectory.User{
		ID:                g.nextID(),
		DisplayName:       name,
		UserPrincipalName: local + "#EXT#@" + g.spec.domain,
		Mail:              mail,
		OtherMails:        []string{mail},
		AccountEnabled:    ptr(true),
		UserType:          "Guest",
		CreatedDateTime:   g.createdAt(),
	}
}

// displayNameOf turns "jane.doe" at contoso.example into "Jane Doe", and a
// mailbox name such as "ops" into "Ops (adatum.example)".
func displayNameOf(local, domain string) string {
	parts := strings.FieldsFunc(local, func(r rune) bool { return r == '.' })
	for i, p := range parts {
		parts[i] = strings.ToUpper(p[:1]) + p[1:]
	}
	if len(parts) == 1 {
		return parts[0] + " (" + domain + ")"
	}
	if parts[0] == "Dr" {
		parts[0] = "Dr."
	}
	return strings.Join(parts, " ")
}

func (g *generator) uniqueUPN(base string) string {
	upn := base
	for n := 2; g.usedUPNs[upn]; n++ {
		upn = fmt.Sprintf("%s%d", base, n)
	}
	g.usedUPNs[upn] = true
	return upn
}

func (g *generator) pickDepartment() department {
	total := 0
	for _, d := range g.spec.departments {
		total += d.weight
	}
	n := g.rnd.intn(total)
	for _, d := range g.spec.departments {
		if n < d.weight {
			return d
		}
		n -= d.weight
	}
	panic("unreachable")
}

func (g *generator) departmentNamed(name string) department {
	for _, d := range g.spec.departments {
		if d.name == name {
			return d
		}
	}
	return department{name: name}
}

func (g *generator) officeNamed(name string) office {
	for _, o := range g.spec.offices {
		if o.name == name {
			return o
		}
	}
	panic("gen: unknown office " + name)
}

func (g *generator) phone(prefix string, digits int) string {
	n := g.rnd.intn(pow10(digits))
	return fmt.Sprintf("%s%0*d", prefix, digits, n)
}

// mobile returns a fictional mobile number of the office's country.
func (g *generator) mobile(off office) string {
	if strings.HasPrefix(off.phonePrefix, "+44") {
		return g.phone("+44 7700 900", 3)
	}
	return g.phone(off.phonePrefix, off.digits) // US 555-01xx numbers serve mobiles too
}

// createdAt returns a time between 2016-01-01 and 2025-06-30.
func (g *generator) createdAt() string {
	start := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
	span := int(time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC).Sub(start) / time.Second)
	return start.Add(time.Duration(g.rnd.intn(span)) * time.Second).Format(time.RFC3339)
}

func pow10(n int) int {
	p := 1
	for range n {
		p *= 10
	}
	return p
}

func ptr[T any](v T) *T { return &v }

// asciiLocal folds a name to the lower-case ASCII used in mail addresses:
// "Łukasz" -> "lukasz", "Ó Briain" -> "obriain", "Ben-David" -> "ben-david".
func asciiLocal(name string) string {
	special := strings.NewReplacer("ł", "l", "Ł", "L", "ø", "o", "Ø", "O", "ß", "ss", "đ", "d", "Đ", "D", "æ", "ae", "ı", "i")
	var b strings.Builder
	for _, r := range norm.NFD.String(special.Replace(name)) {
		switch {
		case unicode.Is(unicode.Mn, r), r == ' ', r == '\'':
		case r < unicode.MaxASCII:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// random is a splitmix64 generator. It is written out here rather than taken
// from math/rand so that the sequence, and so the generated file, cannot
// change with the Go version.
type random struct{ state uint64 }

func newRandom(seed uint64) *random { return &random{state: seed} }

func (r *random) next() uint64 {
	r.state += 0x9E3779B97F4A7C15
	z := r.state
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

// intn returns a number in [0, n).
func (r *random) intn(n int) int {
	return int(r.next() % uint64(n))
}
