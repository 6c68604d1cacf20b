package cli

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/engine"
	"github.com/s3play/s3play/history"
)

func TestParseAge(t *testing.T) {
	for text, want := range map[string]time.Duration{"90d": 90 * 24 * time.Hour,
		"36h": 36 * time.Hour, "1d": 24 * time.Hour, "90m": 90 * time.Minute} {
		got, err := parseAge(text)
		if err != nil || got != want {
			t.Errorf("parseAge(%q) = %v, %v; want %v", text, got, err, want)
		}
	}
	for _, text := range []string{"", "0d", "-1d", "0s", "-5h", "ninety", "1.5d", "d"} {
		_, err := parseAge(text)
		if err == nil {
			t.Errorf("parseAge(%q) accepted", text)
			continue
		}
		if strings.Contains(err.Error(), "too large") {
			t.Errorf("parseAge(%q) = %v, which is not about size", text, err)
		}
	}
}

func TestParseAgeLimits(t *testing.T) {
	maxDays := fmt.Sprintf("%dd", maxAgeDays)
	got, err := parseAge(maxDays)
	if err != nil {
		t.Fatalf("parseAge(%q): %v", maxDays, err)
	}
	if want := time.Duration(maxAgeDays) * 24 * time.Hour; got != want || got <= 0 {
		t.Errorf("parseAge(%q) = %v, want %v", maxDays, got, want)
	}
	for _, text := range []string{"106752d", "99999999999999999999d", "2562048h",
		"9999999999999999999ns", "+300000000h"} {
		_, err := parseAge(text)
		if err == nil {
			t.Errorf("parseAge(%q) accepted", text)
			continue
		}
		if !strings.Contains(err.Error(), "too large: the maximum is 106751d") {
			t.Errorf("parseAge(%q) = %v, want too large with the maximum", text, err)
		}
	}
	for _, text := range []string{"-106752d", "-2562048h", "-99999999999999999999d"} {
		_, err := parseAge(text)
		if err == nil || strings.Contains(err.Error(), "too large") {
			t.Errorf("parseAge(%q) = %v, want a rejection that is not about size", text, err)
		}
	}
}

func TestHistoryPruneOnePlaybook(t *testing.T) {
	state := t.TempDir()
	store, err := history.Open(context.Background(), state)
	if err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-40 * 24 * time.Hour)
	for id, playbook := range map[string]string{"old-a": "a", "old-b": "b"} {
		rec := &engine.Record{RunID: id, Playbook: playbook, Status: actions.Succeeded,
			Started: old, Finished: old}
		if err := store.SaveRun(context.Background(), history.CommandRun, rec); err != nil {
			t.Fatal(err)
		}
	}
	_ = store.Close()

	code, out, errOut := execute(t, "history", "prune", "--older-than", "30d",
		"--playbook", "a", "--state", state)
	if code != ExitSuccess {
		t.Fatalf("exit code = %d\n%s", code, errOut)
	}
	if !strings.Contains(out, "deleted 1 entry of playbook a") {
		t.Errorf("output = %q, want one entry of playbook a deleted", out)
	}
	_, list, _ := execute(t, "history", "--state", state)
	if strings.Contains(list, "old-a") {
		t.Errorf("history after pruning still lists old-a:\n%s", list)
	}
	if !strings.Contains(list, "old-b") {
		t.Errorf("history after pruning lost old-b of another playbook:\n%s", list)
	}

	code, _, errOut = execute(t, "history", "prune", "--older-than", "30d",
		"--playbook", "", "--state", state)
	if code != ExitUsage || !strings.Contains(errOut, "--playbook") {
		t.Errorf("--playbook \"\": exit code %d, stderr %q; want a usage error", code, errOut)
	}
}

func TestHistoryPruneDeletesOldRuns(t *testing.T) {
	state := t.TempDir()
	store, err := history.Open(context.Background(), state)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	for id, started := range map[string]time.Time{"old-run": now.Add(-40 * 24 * time.Hour),
		"new-run": now.Add(-time.Hour)} {
		rec := &engine.Record{RunID: id, Playbook: "p", Status: actions.Succeeded,
			Started: started, Finished: started}
		if err := store.SaveRun(context.Background(), history.CommandServe, rec); err != nil {
			t.Fatal(err)
		}
	}
	_ = store.Close()

	code, out, errOut := execute(t, "history", "prune", "--older-than", "30d", "--state", state)
	if code != ExitSuccess {
		t.Fatalf("exit code = %d\n%s", code, errOut)
	}
	if !strings.Contains(out, "deleted 1 entry") {
		t.Errorf("output = %q, want one entry deleted", out)
	}
	_, list, _ := execute(t, "history", "--state", state)
	if strings.Contains(list, "old-run") || !strings.Contains(list, "new-run") {
		t.Errorf("history after pruning:\n%s\nwant only new-run", list)
	}

	code, _, errOut = execute(t, "history", "prune", "--older-than", "0d", "--state", state)
	if code != ExitUsage || !strings.Contains(errOut, "positive") {
		t.Errorf("--older-than 0d: exit code %d, stderr %q; want a usage error", code, errOut)
	}
}
