package app

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/rosterhq/roster/api/internal/config"
	"github.com/rosterhq/roster/api/internal/devdirectory"
	"github.com/rosterhq/roster/api/internal/devidp"
	"github.com/rosterhq/roster/api/internal/httpapi"
)

// DevEnvironment is what --dev adds: a self-signed certificate, the local
// identity provider and the Graph-compatible demo directory, all served on
// Roster's own HTTPS origin so that the real MSAL and Graph clients reach
// them like Entra ID and Microsoft Graph.
type DevEnvironment struct {
	Origin     string
	TLS        *tls.Config
	HTTPClient *http.Client
	Provider   *devidp.Provider
	Directory  *devdirectory.Directory
	Faults     *devdirectory.Faults
	graph      http.Handler
	dataDir    string
	listen     string
}

// DevTenantName is the home tenant's name in development mode.
const DevTenantName = "Northwind IT Services"

func newDevEnvironment(cfg *config.Config, log *slog.Logger) (*DevEnvironment, error) {
	origin, err := DevOrigin(cfg.Server)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cfg.Database.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create data directory %q: %w", cfg.Database.DataDir, err)
	}
	cert, err := LoadOrCreateDevCert(cfg.Database.DataDir, origin)
	if err != nil {
		return nil, err
	}
	roots, err := x509.SystemCertPool()
	if err != nil {
		roots = x509.NewCertPool()
	}
	roots.AddCert(cert.Leaf)
	client := &http.Client{
		Timeout:   60 * time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}, Proxy: nil},
	}

	id := &cfg.Identity
	id.Authority, id.V1IssuerHost = origin, origin
	id.HomeTenantID, id.HomeTenantName = devdirectory.HomeTenantID, DevTenantName
	id.APIClientID, id.APIIdentifierURI = devdirectory.APIClientID, devdirectory.APIIdentifierURI
	id.SPAClientID = devdirectory.SPAClientID
	id.BootstrapAdmins = append(id.BootstrapAdmins, devdirectory.AdminUPN)
	cfg.Graph.Endpoint = origin
	cfg.Graph.ClientID, cfg.Graph.ClientSecret = devdirectory.GraphClientID, devdirectory.GraphClientSecret
	cfg.Server.PublicURL = origin

	dir := devdirectory.NewDemo()
	provider, err := NewDevProvider(origin, cfg.Database.DataDir, dir, log)
	if err != nil {
		return nil, err
	}
	faults := devdirectory.NewFaults()
	graphHandler := devdirectory.Handler(devdirectory.Options{
		Directory:    dir,
		Authenticate: provider.VerifyGraphToken,
		Faults:       faults,
		Control:      true,
		Logger:       log,
	})
	return &DevEnvironment{
		Origin:     origin,
		TLS:        &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12},
		HTTPClient: client,
		Provider:   provider,
		Directory:  dir,
		Faults:     faults,
		graph:      graphHandler,
		dataDir:    cfg.Database.DataDir,
		listen:     cfg.Server.Listen,
	}, nil
}

// NewDevProvider returns the development identity provider for origin,
// keeping its signing key in dataDir and offering the people of dir.
// `roster dev token` uses it too, so its tokens verify on the server.
func NewDevProvider(origin, dataDir string, dir *devdirectory.Directory, log *slog.Logger) (*devidp.Provider, error) {
	people := func() []devidp.Person {
		var out []devidp.Person
		for _, p := range dir.People() {
			out = append(out, devidp.Person{TenantID: p.TenantID, ObjectID: p.ObjectID, DisplayName: p.Name, UserPrincipalName: p.UserPrincipalName})
		}
		return out
	}
	names := map[string]string{}
	for _, t := range dir.Tenants() {
		names[t.TenantID] = t.DisplayName
	}
	return devidp.New(devidp.Config{
		Issuer:      origin,
		DataDir:     dataDir,
		People:      people,
		TenantNames: names,
		Apps: []devidp.App{
			{ClientID: devdirectory.SPAClientID, DisplayName: "Roster web app", RedirectURIs: []string{origin + "/", origin}, TenantID: devdirectory.HomeTenantID},
			{ClientID: devdirectory.GraphClientID, DisplayName: "Roster directory reader", Secret: devdirectory.GraphClientSecret, TenantID: devdirectory.HomeTenantID, GraphRoles: []string{"User.Read.All"}},
			{ClientID: DevScriptClientID, DisplayName: "Roster demo script", Secret: DevScriptClientSecret, TenantID: devdirectory.HomeTenantID},
		},
		APIAudience:      devdirectory.APIClientID,
		APIIdentifierURI: devdirectory.APIIdentifierURI,
		Logger:           log,
		// Consent is per tenant in the demo directory, as in Entra ID.
		GraphGrants: func(tenantID, clientID string) ([]string, bool) {
			roles, present, err := dir.AppRoles(tenantID, clientID)
			return roles, present && err == nil
		},
	})
}

// The demo script application, for app-only tokens in development.
const (
	DevScriptClientID     = "8b3d6f9a-4c2e-4a7b-9d1f-3e5a7c9b1d13"
	DevScriptClientSecret = "dev-script-secret"
)

// wrap serves the identity provider and the directory on the API's origin.
func (d *DevEnvironment) wrap(api http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case d.Provider.Handles(r):
			d.Provider.ServeHTTP(w, r)
		case strings.HasPrefix(r.URL.Path, "/v1.0/") || strings.HasPrefix(r.URL.Path, "/_dev/"):
			d.graph.ServeHTTP(w, r)
		default:
			api.ServeHTTP(w, r)
		}
	})
}

func (d *DevEnvironment) configure(deps *httpapi.Deps) {
	deps.ClientConfig.Dev = true
	deps.ClientConfig.DevHint = "Development mode: pick a demo person on the sign-in page, e.g. " + devdirectory.AdminUPN + " (MSP administrator)."
}

// PrintWelcome prints the demo's address, the person to sign in as and the
// command for a script token.
func (d *DevEnvironment) PrintWelcome(w io.Writer, addr string) {
	fmt.Fprintf(w, `
Roster is running in development mode at %s
  Open it in a browser and accept the self-signed certificate once.
  Sign in as %s (MSP administrator) on the demo sign-in page.
  A token for scripts:   roster dev token --data-dir %s --listen %s
  API reference:         %s/docs

`, d.Origin, devdirectory.AdminUPN, d.dataDir, d.listen, d.Origin)
}

// DevOrigin returns the https origin of a development server.
func DevOrigin(s config.Server) (string, error) {
	if s.PublicURL != "" {
		u, err := url.Parse(s.PublicURL)
		if err != nil || u.Scheme != "https" || u.Host == "" {
			return "", fmt.Errorf("ROSTER_PUBLIC_URL %q must be an https:// origin in development mode", s.PublicURL)
		}
		return "https://" + u.Host, nil
	}
	host, port, err := net.SplitHostPort(s.Listen)
	if err != nil {
		return "", fmt.Errorf("invalid --listen %q, want host:port: %w", s.Listen, err)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	return "https://" + net.JoinHostPort(host, port), nil
}

// LoadOrCreateDevCert returns the self-signed certificate kept in the data
// directory, making a new one when it is missing, expiring within a week or
// not valid for the origin's host.
func LoadOrCreateDevCert(dataDir, origin string) (tls.Certificate, error) {
	host := hostOf(origin)
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return tls.Certificate{}, fmt.Errorf("create data directory %q: %w", dataDir, err)
	}
	certPath, keyPath := filepath.Join(dataDir, "dev-tls-cert.pem"), filepath.Join(dataDir, "dev-tls-key.pem")
	if cert, err := tls.LoadX509KeyPair(certPath, keyPath); err == nil {
		if leaf, err := x509.ParseCertificate(cert.Certificate[0]); err == nil &&
			time.Until(leaf.NotAfter) > 7*24*time.Hour && leaf.VerifyHostname(host) == nil {
			cert.Leaf = leaf
			return cert, nil
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return tls.Certificate{}, fmt.Errorf("read development certificate %s: %w (delete both dev-tls-*.pem files to make new ones)", certPath, err)
	}

	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "Roster development", Organization: []string{"Roster development"}},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().AddDate(1, 0, 0),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("::1")},
	}
	if ip := net.ParseIP(host); ip != nil {
		if !ip.Equal(net.ParseIP("127.0.0.1")) && !ip.Equal(net.ParseIP("::1")) {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		}
	} else if host != "localhost" {
		tmpl.DNSNames = append(tmpl.DNSNames, host)
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return tls.Certificate{}, err
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER})
	if err := os.WriteFile(certPath, certPEM, 0o644); err != nil {
		return tls.Certificate{}, err
	}
	if err := os.WriteFile(keyPath, keyPEM, 0o600); err != nil {
		return tls.Certificate{}, err
	}
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return tls.Certificate{}, err
	}
	cert.Leaf, _ = x509.ParseCertificate(der)
	return cert, nil
}
