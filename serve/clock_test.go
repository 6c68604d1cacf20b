package serve

import (
	"context"
	"sync"
	"testing"
	"time"
)

// fakeClock moves only when a test calls Advance.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters map[*fakeWaiter]bool
	changed chan struct{} // closed and replaced whenever waiters change
}

type fakeWaiter struct {
	at   time.Time
	done chan struct{}
}

func newFakeClock(now time.Time) *fakeClock {
	return &fakeClock{now: now, waiters: map[*fakeWaiter]bool{}, changed: make(chan struct{})}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) WaitUntil(ctx context.Context, t time.Time) bool {
	c.mu.Lock()
	if !t.After(c.now) {
		c.mu.Unlock()
		return true
	}
	w := &fakeWaiter{at: t, done: make(chan struct{})}
	c.waiters[w] = true
	c.notifyLocked()
	c.mu.Unlock()
	select {
	case <-w.done:
		return true
	case <-ctx.Done():
		c.mu.Lock()
		delete(c.waiters, w)
		c.notifyLocked()
		c.mu.Unlock()
		return false
	}
}

// Advance moves the clock and wakes every waiter whose time has come.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	for w := range c.waiters {
		if !w.at.After(c.now) {
			close(w.done)
			delete(c.waiters, w)
		}
	}
	c.notifyLocked()
}

func (c *fakeClock) notifyLocked() {
	close(c.changed)
	c.changed = make(chan struct{})
}

// awaitWaiters blocks until n goroutines wait on the clock, which means
// every schedule loop has finished its previous tick.
func (c *fakeClock) awaitWaiters(t *testing.T, n int) {
	t.Helper()
	deadline := time.After(testTimeout)
	for {
		c.mu.Lock()
		count, changed := len(c.waiters), c.changed
		c.mu.Unlock()
		if count >= n {
			return
		}
		select {
		case <-changed:
		case <-deadline:
			t.Fatalf("%d schedule loops wait on the clock, want %d", count, n)
		}
	}
}
