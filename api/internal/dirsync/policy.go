package dirsync

import (
	"math/rand/v2"
	"time"

	"github.com/rosterhq/roster/api/internal/directory"
)

// Defaults of Policy.
const (
	DefaultGuardPercent = 20
	DefaultGuardMin     = 10
	DefaultRetryBase    = time.Minute
	DefaultRetryMax     = 30 * time.Minute
	DefaultMaxAttempts  = 4
	DefaultPeriod       = time.Hour
	DefaultFullPeriod   = 7 * 24 * time.Hour
	// DefaultMaxBackoff bounds how far the schedule pushes back a tenant
	// that keeps failing.
	DefaultMaxBackoff = 24 * time.Hour
)

// Policy holds the settings of the guard, of retries and of the schedule.
type Policy struct {
	// GuardPercent and GuardMin: a run that would disable or remove more
	// than GuardPercent percent of the tenant's people and more than
	// GuardMin people stops for confirmation. A GuardPercent of 0 selects
	// both defaults.
	GuardPercent int
	GuardMin     int

	// RetryBase is the delay before retrying a run that failed for a
	// transient reason (throttled, unavailable, malformed response). Each
	// further consecutive failure doubles it, up to RetryMax, with up to 20%
	// jitter. A throttled run waits at least the Retry-After that Graph sent.
	RetryBase time.Duration
	RetryMax  time.Duration
	// MaxAttempts bounds consecutive attempts, the first run included;
	// after that the tenant waits for the schedule.
	MaxAttempts int

	// Period is how often the schedule syncs each linked tenant; 0 turns
	// the schedule off. Each tenant gets a fixed offset within the period
	// derived from its id, so that tenants do not all start at once.
	Period time.Duration
	// FullPeriod is how often a scheduled run enumerates everyone instead
	// of reading a delta, to catch removals that a delta missed.
	FullPeriod time.Duration
	// MaxBackoff bounds the schedule's backoff of a failing tenant: after n
	// consecutive failures it waits Period·2^(n−1), at most MaxBackoff.
	MaxBackoff time.Duration
}

// DefaultPolicy returns the policy with every default and the schedule off.
func DefaultPolicy() Policy { return Policy{}.withDefaults() }

func (p Policy) withDefaults() Policy {
	if p.GuardPercent <= 0 {
		p.GuardPercent, p.GuardMin = DefaultGuardPercent, DefaultGuardMin
	}
	p.GuardPercent = min(p.GuardPercent, 100)
	p.GuardMin = max(p.GuardMin, 0)
	if p.RetryBase <= 0 {
		p.RetryBase = DefaultRetryBase
	}
	if p.RetryMax <= 0 {
		p.RetryMax = DefaultRetryMax
	}
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = DefaultMaxAttempts
	}
	if p.FullPeriod <= 0 {
		p.FullPeriod = DefaultFullPeriod
	}
	if p.MaxBackoff <= 0 {
		p.MaxBackoff = DefaultMaxBackoff
	}
	return p
}

// Trips reports whether a run that would disable or remove wouldGo of
// population people must stop for confirmation.
func (p Policy) Trips(wouldGo, population int) bool {
	return wouldGo > p.GuardMin && wouldGo*100 > p.GuardPercent*population
}

// retryable reports whether a failure of this kind may go away by itself,
// so that retrying the run makes sense. Missing consent, wrong credentials
// and unknown tenants need an administrator first.
func retryable(kind directory.ErrorKind) bool {
	switch kind {
	case directory.KindConsentMissing, directory.KindBadCredentials, directory.KindAppNotInTenant,
		directory.KindTenantNotFound, kindNotLinked:
		return false
	}
	return true
}

// kindNotLinked is the error kind of a run whose tenant lost its Entra link.
const kindNotLinked directory.ErrorKind = "not_linked"

// retryDelay returns the wait before attempt number next (2 or more), at
// least minimum.
func (p Policy) retryDelay(next int, minimum time.Duration) time.Duration {
	d := p.RetryBase << min(next-2, 20)
	if d <= 0 || d > p.RetryMax {
		d = p.RetryMax
	}
	d += time.Duration(rand.Int64N(int64(d)/5 + 1))
	return max(d, minimum)
}

// backoff returns how long after its last failure a tenant with failures
// consecutive failed runs waits for its next scheduled run.
func (p Policy) backoff(failures int) time.Duration {
	if failures <= 0 {
		return 0
	}
	d := p.Period << min(failures-1, 20)
	if d <= 0 || d > p.MaxBackoff {
		d = p.MaxBackoff
	}
	return d
}
