package history

import (
	"context"
	"testing"
	"time"

	"github.com/s3play/s3play/actions"
)

func TestPruneDeletesOlderEntries(t *testing.T) {
	s := openStore(t, t.TempDir())
	ctx := context.Background()
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	for id, age := range map[string]time.Duration{"old": 100 * 24 * time.Hour,
		"edge": 90*24*time.Hour - time.Second, "new": time.Hour} {
		if err := s.SaveRun(ctx, CommandServe, sampleRecord(id, "p", now.Add(-age),
			actions.Succeeded)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.SaveSkip(ctx, Skip{Playbook: "p", Scheduled: now.Add(-200 * 24 * time.Hour),
		RunningSince: now.Add(-200*24*time.Hour - time.Minute)}); err != nil {
		t.Fatal(err)
	}

	n, err := s.Prune(ctx, now.Add(-90*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("pruned %d entries, want 2: the old run and the old skip", n)
	}
	entries, err := s.List(ctx, Filter{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range entries {
		ids = append(ids, e.ID)
	}
	if len(ids) != 2 || ids[0] != "new" || ids[1] != "edge" {
		t.Errorf("entries left = %q, want new and edge", ids)
	}
}
