package devidp

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// KeyFileName is the signing key's file name inside Config.DataDir.
const KeyFileName = "dev-idp-key.pem"

// signingKey is the provider's RSA key with the identifiers Entra publishes
// beside a key: kid, and x5t, the SHA-1 thumbprint of a certificate for it.
type signingKey struct {
	private     *rsa.PrivateKey
	kid         string
	certificate []byte // DER
	x5t         string
	// sessionSecret authenticates the sign-in session cookie.
	sessionSecret []byte
}

// loadOrCreateKey reads the key from dataDir, creating it with mode 0600 when
// it does not exist. Two processes creating it at once end up with the same key.
func loadOrCreateKey(dataDir string, logger *slog.Logger) (*signingKey, error) {
	if dataDir == "" {
		return nil, errors.New("devidp: DataDir is empty: set the directory that keeps the signing key")
	}
	path := filepath.Join(dataDir, KeyFileName)

	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		data, err = createKeyFile(dataDir, path)
		if err == nil {
			logger.Info("created development identity provider signing key", "path", path)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("devidp: reading signing key %s: %w", path, err)
	}
	if info, err := os.Stat(path); err == nil && info.Mode().Perm()&0o077 != 0 {
		logger.Warn("signing key file is readable by other users: run chmod 600 on it", "path", path, "mode", info.Mode().Perm().String())
	}

	block, _ := pem.Decode(data)
	if block == nil || block.Type != "PRIVATE KEY" {
		return nil, fmt.Errorf("devidp: %s contains no PEM PRIVATE KEY block: delete it to create a new key", path)
	}
	parsed, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("devidp: parsing %s: %w", path, err)
	}
	private, ok := parsed.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("devidp: %s contains a %T, not an RSA key: delete it to create a new key", path, parsed)
	}
	return newSigningKey(private, block.Bytes)
}

// createKeyFile writes a new key to a temporary file and links it into
// place, so that a concurrent reader never sees a partial file and a
// concurrent creator's key wins over ours.
func createKeyFile(dataDir, path string) ([]byte, error) {
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, err
	}
	private, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	der, err := x509.MarshalPKCS8PrivateKey(private)
	if err != nil {
		return nil, err
	}
	data := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})

	temporary, err := os.CreateTemp(dataDir, KeyFileName+".*")
	if err != nil {
		return nil, err
	}
	defer os.Remove(temporary.Name())
	if _, err := temporary.Write(data); err != nil {
		temporary.Close()
		return nil, err
	}
	if err := temporary.Close(); err != nil {
		return nil, err
	}

	// os.CreateTemp creates the file with mode 0600.
	if err := os.Link(temporary.Name(), path); errors.Is(err, fs.ErrExist) {
		return os.ReadFile(path)
	} else if err != nil {
		return nil, err
	}
	return data, nil
}

func newSigningKey(private *rsa.PrivateKey, pkcs8 []byte) (*signingKey, error) {
	kid := thumbprint(&private.PublicKey)
	certificate, err := selfSignedCertificate(private, kid)
	if err != nil {
		return nil, fmt.Errorf("devidp: creating the key's certificate: %w", err)
	}
	x5t := sha1.Sum(certificate)
	secret := sha256.Sum256(append([]byte("roster devidp session cookie\x00"), pkcs8...))

	return &signingKey{
		private:       private,
		kid:           kid,
		certificate:   certificate,
		x5t:           base64.RawURLEncoding.EncodeToString(x5t[:]),
		sessionSecret: secret[:],
	}, nil
}

// thumbprint returns the RFC 7638 JWK thumbprint of key, a kid that stays the
// same for as long as the key file does.
func thumbprint(key *rsa.PublicKey) string {
	members, _ := json.Marshal(struct {
		E   string `json:"e"`
		Kty string `json:"kty"`
		N   string `json:"n"`
	}{
		E:   base64.RawURLEncoding.EncodeToString(big.NewInt(int64(key.E)).Bytes()),
		Kty: "RSA",
		N:   base64.RawURLEncoding.EncodeToString(key.N.Bytes()),
	})
	sum := sha256.Sum256(members)
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// selfSignedCertificate returns a certificate for the key, as Entra publishes
// in x5c. Its fields are fixed and RSA PKCS #1 v1.5 signatures are
// deterministic, so every process derives the same certificate and x5t.
func selfSignedCertificate(private *rsa.PrivateKey, kid string) ([]byte, error) {
	serial := sha256.Sum256([]byte(kid))
	template := &x509.Certificate{
		SerialNumber: new(big.Int).SetBytes(serial[:16]),
		Subject:      pkix.Name{CommonName: "Roster development identity provider"},
		NotBefore:    time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:     time.Date(2045, 1, 1, 0, 0, 0, 0, time.UTC),
		KeyUsage:     x509.KeyUsageDigitalSignature,
	}
	return x509.CreateCertificate(rand.Reader, template, template, &private.PublicKey, private)
}

// jwk returns the public key as Entra publishes it: without alg.
func (k *signingKey) jwk(issuer string) map[string]any {
	return map[string]any{
		"kty":    "RSA",
		"use":    "sig",
		"kid":    k.kid,
		"x5t":    k.x5t,
		"n":      base64.RawURLEncoding.EncodeToString(k.private.N.Bytes()),
		"e":      base64.RawURLEncoding.EncodeToString(big.NewInt(int64(k.private.E)).Bytes()),
		"x5c":    []string{base64.StdEncoding.EncodeToString(k.certificate)},
		"issuer": issuer,
	}
}

// sign returns claims as a compact RS256 JWT with Entra's header fields.
func (k *signingKey) sign(claims jwt.MapClaims) (string, error) {
	token := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	token.Header["kid"] = k.kid
	token.Header["x5t"] = k.x5t
	return token.SignedString(k.private)
}
