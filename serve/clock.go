package serve

import (
	"context"
	"time"
)

// Clock is the scheduler's time source. Tests replace it to fire
// schedules without waiting.
type Clock interface {
	Now() time.Time
	// WaitUntil blocks until t or until ctx is done, and reports whether
	// t was reached.
	WaitUntil(ctx context.Context, t time.Time) bool
}

// systemClock reads the wall clock.
type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) WaitUntil(ctx context.Context, t time.Time) bool {
	timer := time.NewTimer(time.Until(t))
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-timer.C:
		return true
	}
}
