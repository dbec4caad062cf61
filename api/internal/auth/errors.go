package auth

import (
	"errors"
	"fmt"
)

// Check names the verification step that rejected a token. The values are
// stable: the API puts them into problem documents and clients may match them.
type Check string

// Verification steps, in the order Verify runs them.
const (
	CheckMissing     Check = "missing"       // no token was presented
	CheckMalformed   Check = "malformed"     // not a compact JWS with JSON header and claims
	CheckAlgorithm   Check = "algorithm"     // alg is not RS256 (none, HS256 and the rest)
	CheckTenant      Check = "tenant"        // tid is missing, invalid, a personal-account tenant or not linked
	CheckIssuer      Check = "issuer"        // iss is not the v1 or v2 issuer of the token's own tid
	CheckAudience    Check = "audience"      // aud is not one of Roster's API audiences
	CheckUnknownKey  Check = "unknown_key"   // kid is not in the issuer's key set, even after a refresh
	CheckSignature   Check = "signature"     // the signature does not verify with the published key
	CheckExpired     Check = "expired"       // exp is in the past by more than the leeway
	CheckNotYetValid Check = "not_yet_valid" // nbf or iat is in the future by more than the leeway
)

// Error is a rejected token. Detail is safe to show to the caller: it names
// claim values and configuration, never the token or a signature.
type Error struct {
	Check  Check
	Detail string
}

func (e *Error) Error() string {
	return fmt.Sprintf("token rejected (%s): %s", e.Check, e.Detail)
}

// ErrUnavailable is wrapped by Verify when the discovery document or the key
// set of an issuer could not be fetched. The token may well be valid, so
// callers should respond 503 rather than 401.
var ErrUnavailable = errors.New("signing keys unavailable")

func reject(check Check, format string, args ...any) *Error {
	return &Error{Check: check, Detail: fmt.Sprintf(format, args...)}
}

// maxDetailValue bounds how much of an attacker-chosen claim value ends up in
// an error detail or a log line.
const maxDetailValue = 80

// clip shortens an untrusted value for an error detail.
func clip(s string) string {
	if len(s) <= maxDetailValue {
		return s
	}
	return s[:maxDetailValue] + "…"
}
