package settings

import "time"

// Settings of impersonation and of the audit trail.
const (
	ImpersonationEnabled     Key = "impersonation.enabled"
	ImpersonationMode        Key = "impersonation.mode"
	ImpersonationMaxDuration Key = "impersonation.maxDuration"
	AuditRetention           Key = "audit.retention"
)

func init() {
	register(
		Definition{
			Key: ImpersonationEnabled, Kind: KindBoolean, Default: false,
			Description: "Administrators holding users:impersonate may see Roster as another user. Turning it off ends every running session at its next request.",
		},
		Definition{
			Key: ImpersonationMode, Kind: KindString, Default: "read-only", Options: []string{"read-only", "full"},
			Description: "read-only refuses every change made while impersonating; full allows changes, each recorded with both identities.",
		},
		Definition{
			Key: ImpersonationMaxDuration, Kind: KindDuration, Default: "60m", Min: time.Minute, Max: 8 * time.Hour,
			Description: "The longest an impersonation session may last.",
		},
		Definition{
			Key: AuditRetention, Kind: KindDuration, Default: Never, AllowNever: true, Min: 30 * 24 * time.Hour,
			Description: "Audit events older than this are deleted, and the deletion is recorded so that the chain stays verifiable. never keeps every event.",
		},
	)
}
