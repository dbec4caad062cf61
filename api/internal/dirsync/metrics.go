package dirsync

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics counts what sync runs do in Prometheus metrics. It implements
// Observer, and Throttled matches the Graph adapter's observer, so one value
// serves both. Metrics carry no tenant label, because an MSP may link
// thousands of tenants; per-tenant state is in GET /api/v1/sync-health.
type Metrics struct {
	runs          *prometheus.CounterVec
	duration      *prometheus.HistogramVec
	failures      *prometheus.CounterVec
	peopleWritten prometheus.Counter
	decisions     *prometheus.CounterVec
	throttleWaits prometheus.Histogram
}

// NewMetrics registers the sync metrics with reg.
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	m := &Metrics{
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "roster_sync_runs_total",
			Help: "Sync runs that ended, by outcome: succeeded, failed or needs_confirmation.",
		}, []string{"outcome"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "roster_sync_run_duration_seconds",
			Help:    "Duration of sync runs from start to end, by outcome.",
			Buckets: []float64{1, 5, 15, 60, 300, 900, 1800, 3600, 7200},
		}, []string{"outcome"}),
		failures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "roster_sync_failures_total",
			Help: "Failed sync runs by error kind, such as throttled, unavailable or consent_missing.",
		}, []string{"kind"}),
		peopleWritten: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "roster_sync_people_written_total",
			Help: "People rows that sync runs inserted or changed while reading pages.",
		}),
		decisions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "roster_sync_decisions_total",
			Help: "Runs held by the guard that an administrator decided, by decision: succeeded (confirmed) or discarded.",
		}, []string{"decision"}),
		throttleWaits: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "roster_graph_throttle_wait_seconds",
			Help:    "Waits before retrying a Graph request answered with 429 Too Many Requests.",
			Buckets: []float64{0.5, 1, 2, 5, 10, 30, 60},
		}),
	}
	for _, c := range []prometheus.Collector{m.runs, m.duration, m.failures, m.peopleWritten, m.decisions, m.throttleWaits} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// RunFinished implements Observer.
func (m *Metrics) RunFinished(_, status, errorKind string, duration time.Duration) {
	m.runs.WithLabelValues(status).Inc()
	m.duration.WithLabelValues(status).Observe(duration.Seconds())
	if status == StatusFailed {
		m.failures.WithLabelValues(errorKind).Inc()
	}
}

// PeopleWritten implements Observer.
func (m *Metrics) PeopleWritten(n int) { m.peopleWritten.Add(float64(n)) }

// Decided implements Observer.
func (m *Metrics) Decided(status string) { m.decisions.WithLabelValues(status).Inc() }

// Throttled counts a wait for a throttled Graph request; it implements the
// Graph adapter's observer.
func (m *Metrics) Throttled(_ string, wait time.Duration) { m.throttleWaits.Observe(wait.Seconds()) }
