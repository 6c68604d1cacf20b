package history

import (
	"context"
	"strings"
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

	n, err := s.Prune(ctx, now.Add(-90*24*time.Hour), PruneFilter{})
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

// pruneIDs lists the ids left in the store, newest first.
func pruneIDs(t *testing.T, s *Store) []string {
	t.Helper()
	entries, err := s.List(context.Background(), Filter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{}
	for _, e := range entries {
		ids = append(ids, e.ID)
	}
	return ids
}

func TestPruneFilterSelectsEntries(t *testing.T) {
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	old := now.Add(-100 * 24 * time.Hour)
	seed := func(t *testing.T) *Store {
		s := openStore(t, t.TempDir())
		ctx := context.Background()
		saves := []struct {
			id, command, playbook string
			started               time.Time
		}{
			{"run-a", CommandRun, "a", old},
			{"run-b", CommandRun, "b", old},
			{"serve-a", CommandServe, "a", old},
			{"serve-b-new", CommandServe, "b", now},
		}
		for _, e := range saves {
			rec := sampleRecord(e.id, e.playbook, e.started, actions.Succeeded)
			if err := s.SaveRun(ctx, e.command, rec); err != nil {
				t.Fatal(err)
			}
		}
		skip := Skip{Playbook: "b", Scheduled: old, RunningSince: old.Add(-time.Minute)}
		if _, err := s.SaveSkip(ctx, skip); err != nil {
			t.Fatal(err)
		}
		return s
	}
	cutoff := now.Add(-90 * 24 * time.Hour)
	for _, tc := range []struct {
		name   string
		filter PruneFilter
		want   int64
		kept   []string
		skips  int // skips left
	}{
		{"serve only", PruneFilter{Command: CommandServe}, 2,
			[]string{"serve-b-new", "run-b", "run-a"}, 0},
		{"run only", PruneFilter{Command: CommandRun}, 2, []string{"serve-b-new", "serve-a"}, 1},
		{"one playbook", PruneFilter{Playbook: "a"}, 2, []string{"serve-b-new", "run-b"}, 1},
		{"serve and playbook", PruneFilter{Command: CommandServe, Playbook: "a"}, 1,
			[]string{"serve-b-new", "run-b", "run-a"}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := seed(t)
			n, err := s.Prune(context.Background(), cutoff, tc.filter)
			if err != nil {
				t.Fatal(err)
			}
			if n != tc.want {
				t.Errorf("pruned %d entries, want %d", n, tc.want)
			}
			var kept []string
			skips := 0
			for _, id := range pruneIDs(t, s) {
				if strings.HasPrefix(id, "skip-") {
					skips++
				} else {
					kept = append(kept, id)
				}
			}
			if strings.Join(kept, " ") != strings.Join(tc.kept, " ") {
				t.Errorf("runs left = %q, want %q", kept, tc.kept)
			}
			if skips != tc.skips {
				t.Errorf("skips left = %d, want %d", skips, tc.skips)
			}
		})
	}
}
