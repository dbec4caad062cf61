package settings

import "time"

// Settings of self-registration through access requests.
const (
	AccessRequestsEnabled            Key = "accessRequests.enabled"
	AccessRequestsContact            Key = "accessRequests.contact"
	AccessRequestsDefaultGrantExpiry Key = "accessRequests.defaultGrantExpiry"
	AccessRequestsPendingMaxAge      Key = "accessRequests.pendingMaxAge"
)

// GrantExpiryPresets are the expiries a reviewer picks from when granting a
// request, besides a date.
var GrantExpiryPresets = []string{"1h", "1d", "3d", "30d", Never}

func init() {
	register(
		Definition{
			Key: AccessRequestsEnabled, Kind: KindBoolean, Default: true,
			Description: "People without access may ask for it from the sign-in page. When off, the page shows the contact text instead.",
		},
		Definition{
			Key: AccessRequestsContact, Kind: KindString, Default: "", MaxLength: 500,
			Description: "Whom people without access should contact, shown on the sign-in page and in refusals, e.g. \"the Northwind service desk, +1 555 0100\".",
		},
		Definition{
			Key: AccessRequestsDefaultGrantExpiry, Kind: KindDuration, Default: "30d", AllowNever: true, Options: GrantExpiryPresets,
			Description: "The access expiry a grant gets when the reviewer picks none.",
		},
		Definition{
			Key: AccessRequestsPendingMaxAge, Kind: KindDuration, Default: "14d", Min: time.Hour, Max: 365 * 24 * time.Hour,
			Description: "Pending requests older than this expire.",
		},
	)
}
