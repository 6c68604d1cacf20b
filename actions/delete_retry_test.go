package actions

import (
	"context"
	"testing"
)

// deleteWithStats deletes keys from the fake with max attempts set and
// returns the step's counters.
func deleteWithStats(t *testing.T, f *fakeS3, maxAttempts int, keys ...string) (*Result, *Stats) {
	t.Helper()
	shortRetryDelay(t)
	call, _ := fakeCall(false)
	call.Settings.MaxAttempts = maxAttempts
	stats := &Stats{}
	res, err := deleteObjects(WithStats(context.Background(), stats), f, call, deleteTitle, "b", keys)
	if err != nil {
		t.Fatal(err)
	}
	return res, stats
}

func TestDeleteKeyRetryCounted(t *testing.T) {
	f := newFakeS3(fakeKeys("k/", 3)...)
	f.keyError = errorFor("k/00001", "SlowDown", 1)
	res, stats := deleteWithStats(t, f, 0, "k/00000", "k/00001", "k/00002")
	if res.Outcome() != Succeeded {
		t.Fatalf("status = %s, want Succeeded", res.Outcome())
	}
	if len(f.deletes) != 2 || len(f.deletes[1]) != 1 {
		t.Fatalf("DeleteObjects requests = %v, want a second one with the throttled key alone",
			f.deletes)
	}
	if got := stats.Retries(); got != 1 {
		t.Errorf("retries = %d, want 1 for the resent key", got)
	}
}

func TestDeleteKeyRetryMaxAttempts(t *testing.T) {
	f := newFakeS3(fakeKeys("k/", 1)...)
	f.keyError = errorFor("k/00000", "SlowDown", -1)
	res, stats := deleteWithStats(t, f, 2, "k/00000")
	if len(f.deletes) != 2 {
		t.Errorf("DeleteObjects requests = %d, want 2 with max_attempts 2", len(f.deletes))
	}
	if res.Outcome() != Failed {
		t.Errorf("status = %s, want Failed", res.Outcome())
	}
	if got := stats.Retries(); got != 1 {
		t.Errorf("retries = %d, want 1", got)
	}
}
