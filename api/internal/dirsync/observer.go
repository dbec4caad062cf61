package dirsync

import "time"

// Observer receives what runs do, for metrics. Implementations must be safe
// for concurrent use and must not block.
type Observer interface {
	// RunFinished is called once per run that ends: status is succeeded,
	// failed or needs_confirmation, errorKind is set for failures.
	RunFinished(tenantID, status, errorKind string, duration time.Duration)
	// PeopleWritten is called after each page with the people rows it wrote.
	PeopleWritten(n int)
	// Decided is called when an administrator confirms or discards a run.
	Decided(status string)
}

type noObserver struct{}

func (noObserver) RunFinished(string, string, string, time.Duration) {}
func (noObserver) PeopleWritten(int)                                 {}
func (noObserver) Decided(string)                                    {}
