package devdirectory

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// Kinds of page token. The kind is signed with the rest, so a token minted for
// one query parameter is rejected in another.
const (
	tokenUsersPage = "users" // $skiptoken of GET /users
	tokenDeltaPage = "next"  // $skiptoken of GET /users/delta(), inside one round
	tokenDeltaLink = "delta" // $deltatoken: start a new round of changes
)

// pageToken is the state that Graph keeps in $skiptoken and $deltatoken. It is
// serialized to JSON and signed with HMAC-SHA256, so a client can neither
// forge one nor alter the tenant or sequence number in it.
type pageToken struct {
	Kind   string `json:"k"`
	Epoch  string `json:"e"`
	Tenant string `json:"t"`
	// Since is the sequence number after which changes are returned; it is
	// meaningful only when Changes is set. A first enumeration has Changes
	// unset and returns every user that is not deleted.
	Since   uint64 `json:"s,omitempty"`
	Changes bool   `json:"c,omitempty"`
	// Start is the sequence number when the round began. The delta link at
	// the end of the round continues from it, so changes made while the
	// client was paging are returned next time.
	Start  uint64   `json:"n,omitempty"`
	After  string   `json:"a,omitempty"` // last user id of the previous page
	Select []string `json:"p,omitempty"`
	Size   int      `json:"z,omitempty"`
	Issued int64    `json:"i"` // Unix seconds
}

var errBadToken = errors.New("invalid or expired page token")

// tokenSigner signs and verifies page tokens with one HMAC key.
type tokenSigner struct {
	key []byte
	ttl time.Duration // 0: tokens never expire
	now func() time.Time
}

func (s tokenSigner) sign(t pageToken) string {
	t.Issued = s.now().Unix()
	payload, _ := json.Marshal(t) // a struct of strings and numbers always marshals
	enc := base64.RawURLEncoding
	return enc.EncodeToString(payload) + "." + enc.EncodeToString(s.mac(payload))
}

// verify decodes token and checks its signature, kind, age and tenant.
func (s tokenSigner) verify(token, kind, tenantID, epoch string) (pageToken, error) {
	enc := base64.RawURLEncoding
	p64, m64, ok := strings.Cut(token, ".")
	if !ok {
		return pageToken{}, errBadToken
	}
	payload, err1 := enc.DecodeString(p64)
	mac, err2 := enc.DecodeString(m64)
	if err1 != nil || err2 != nil || !hmac.Equal(mac, s.mac(payload)) {
		return pageToken{}, errBadToken
	}
	var t pageToken
	if err := json.Unmarshal(payload, &t); err != nil {
		return pageToken{}, errBadToken
	}
	if t.Kind != kind || t.Epoch != epoch || !strings.EqualFold(t.Tenant, tenantID) {
		return pageToken{}, errBadToken
	}
	if s.ttl > 0 && s.now().Sub(time.Unix(t.Issued, 0)) > s.ttl {
		return pageToken{}, errBadToken
	}
	return t, nil
}

func (s tokenSigner) mac(payload []byte) []byte {
	h := hmac.New(sha256.New, s.key)
	h.Write(payload)
	return h.Sum(nil)
}
