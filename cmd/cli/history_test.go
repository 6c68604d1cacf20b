package cli

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/s3play/s3play/engine"
	"github.com/s3play/s3play/history"
)

const listBucketsPlaybook = `name: list-only
inputs:
  api_token: {type: string, default: "tok-0123456789"}
steps:
  - id: buckets
    action: s3.list_buckets
`

// runTwice runs a read-only playbook twice against a fake and returns the
// state folder and the run ids, oldest first.
func runTwice(t *testing.T) (string, []string) {
	t.Helper()
	isolateAWS(t)
	fakeCredentials(t)
	fake := newFakeS3(t, "listed")
	state := t.TempDir()
	path := writePlaybook(t, listBucketsPlaybook)
	var ids []string
	for range 2 {
		code, out, errOut := execute(t, "run", path, "--state", state, "--endpoint-url", fake.URL(),
			"-o", "json")
		if code != ExitSuccess || errOut != "" {
			t.Fatalf("run exit code = %d\nstderr:\n%s", code, errOut)
		}
		var rec engine.Record
		if err := json.Unmarshal([]byte(out), &rec); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, rec.RunID)
	}
	return state, ids
}

func TestHistoryListText(t *testing.T) {
	state, ids := runTwice(t)

	code, out, errOut := execute(t, "history", "--state", state)
	if code != ExitSuccess {
		t.Fatalf("exit code = %d\n%s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "RUN ID") {
		t.Fatalf("output:\n%s", out)
	}
	if !strings.HasPrefix(lines[1], ids[1]) || !strings.HasPrefix(lines[2], ids[0]) {
		t.Errorf("runs not newest first, want %s then %s:\n%s", ids[1], ids[0], out)
	}
	if !strings.Contains(lines[1], "list-only") || !strings.Contains(lines[1], "Succeeded") {
		t.Errorf("line lacks playbook or status: %s", lines[1])
	}
}

func TestHistoryListJSONFilters(t *testing.T) {
	state, ids := runTwice(t)

	_, out, _ := execute(t, "history", "--state", state, "-o", "json", "--limit", "1")
	var entries []history.Entry
	if err := json.Unmarshal([]byte(out), &entries); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(entries) != 1 || entries[0].ID != ids[1] || entries[0].Command != history.CommandRun {
		t.Errorf("--limit 1 = %+v, want run %s by run", entries, ids[1])
	}
	_, out, _ = execute(t, "history", "--state", state, "-o", "json", "--playbook", "other")
	if strings.TrimSpace(out) != "[]" {
		t.Errorf("--playbook other = %s, want []", out)
	}
	code, _, errOut := execute(t, "history", "--state", state, "--limit", "0")
	if code != ExitUsage || !strings.Contains(errOut, "--limit") {
		t.Errorf("--limit 0: exit code %d, %s", code, errOut)
	}
}

func TestHistoryShow(t *testing.T) {
	state, ids := runTwice(t)

	code, out, errOut := execute(t, "history", "show", ids[0], "--state", state)
	if code != ExitSuccess {
		t.Fatalf("exit code = %d\n%s", code, errOut)
	}
	for _, want := range []string{"playbook list-only", "buckets", "s3.list_buckets", "run " + ids[0]} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
	_, out, _ = execute(t, "history", "show", ids[0], "--state", state, "-o", "json")
	var rec engine.Record
	if err := json.Unmarshal([]byte(out), &rec); err != nil {
		t.Fatal(err)
	}
	if rec.RunID != ids[0] || len(rec.Steps) != 1 {
		t.Errorf("record = %+v", rec)
	}
	if rec.Inputs["api_token"] != "[redacted]" {
		t.Errorf("input api_token stored as %v", rec.Inputs["api_token"])
	}
	if strings.Contains(out, "fake-secret") {
		t.Error("the record contains the secret key")
	}
}

func TestHistoryShowUnknown(t *testing.T) {
	code, _, errOut := execute(t, "history", "show", "nope", "--state", t.TempDir())
	if code != ExitFailure {
		t.Errorf("exit code = %d, want %d", code, ExitFailure)
	}
	if !strings.Contains(errOut, "nope") || !strings.Contains(errOut, "s3play history") {
		t.Errorf("message = %s", errOut)
	}
}

func TestRunHistoryFailureWarns(t *testing.T) {
	isolateAWS(t)
	fakeCredentials(t)
	fake := newFakeS3(t, "listed")
	blocked := filepath.Join(writePlaybook(t, "not a folder"), "state")

	code, _, errOut := execute(t, "run", writePlaybook(t, listBucketsPlaybook), "--state", blocked,
		"--endpoint-url", fake.URL())
	if code != ExitSuccess {
		t.Errorf("exit code = %d, want %d: the run itself succeeded", code, ExitSuccess)
	}
	if !strings.Contains(errOut, "warning: run ") || !strings.Contains(errOut, "not saved") {
		t.Errorf("stderr lacks the warning:\n%s", errOut)
	}
}

func TestRunHistoryFromEnvironment(t *testing.T) {
	isolateAWS(t)
	fakeCredentials(t)
	fake := newFakeS3(t, "listed")
	state := t.TempDir()
	t.Setenv(history.EnvState, state)

	execute(t, "run", writePlaybook(t, listBucketsPlaybook), "--endpoint-url", fake.URL())
	_, out, _ := execute(t, "history", "-o", "json")
	var entries []history.Entry
	if err := json.Unmarshal([]byte(out), &entries); err != nil || len(entries) != 1 {
		t.Fatalf("history in %s = %s (%v), want one run", state, out, err)
	}
}

func TestHistoryShowSkip(t *testing.T) {
	state := t.TempDir()
	store, err := history.Open(t.Context(), state)
	if err != nil {
		t.Fatal(err)
	}
	scheduled := time.Date(2025, 6, 1, 13, 0, 0, 0, time.UTC)
	id, err := store.SaveSkip(t.Context(), history.Skip{Playbook: "slow", File: "slow.yaml",
		Scheduled: scheduled, RunningSince: scheduled.Add(-time.Hour)})
	_ = store.Close()
	if err != nil {
		t.Fatal(err)
	}

	code, out, errOut := execute(t, "history", "show", id, "--state", state)
	if code != ExitSuccess {
		t.Fatalf("exit code = %d\n%s", code, errOut)
	}
	if !strings.Contains(out, "2025-06-01T13:00:00Z") || !strings.Contains(out, "still running") {
		t.Errorf("output = %s", out)
	}
	_, out, _ = execute(t, "history", "--state", state)
	if !strings.Contains(out, id) || !strings.Contains(out, "Skipped") {
		t.Errorf("list lacks the skip:\n%s", out)
	}
}

// history only reads, so a state folder that does not exist stays absent.
func TestHistoryMissingFolderNotCreated(t *testing.T) {
	state := filepath.Join(t.TempDir(), "new")
	code, out, errOut := execute(t, "history", "--state", state)
	if code != ExitSuccess {
		t.Errorf("list: exit code = %d, want %d\n%s", code, ExitSuccess, errOut)
	}
	if !strings.Contains(out, "no history in "+state) {
		t.Errorf("list output = %q, want it to say there is no history in %s", out, state)
	}

	code, out, _ = execute(t, "history", "--state", state, "-o", "json")
	if code != ExitSuccess {
		t.Errorf("list JSON: exit code = %d, want %d", code, ExitSuccess)
	}
	if strings.TrimSpace(out) != "[]" {
		t.Errorf("list JSON output = %q, want []", out)
	}

	code, _, errOut = execute(t, "history", "show", "20250601T120000Z-1a2b3c4d", "--state", state)
	if code != ExitFailure {
		t.Errorf("show: exit code = %d, want %d", code, ExitFailure)
	}
	if !strings.Contains(errOut, "no history in "+state) {
		t.Errorf("show message = %q, want it to say there is no history in %s", errOut, state)
	}

	if _, err := os.Stat(state); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("state folder after history: %v, want it not to exist", err)
	}
}

func TestHistoryShowWithoutRunID(t *testing.T) {
	code, _, errOut := execute(t, "history", "show", "--state", t.TempDir())
	if code != ExitUsage {
		t.Errorf("exit code = %d, want %d\n%s", code, ExitUsage, errOut)
	}
}

// An empty --state would silently read the default folder, which may hold
// other runs, so it is rejected for every command that takes it.
func TestEmptyStateFlagRejected(t *testing.T) {
	for _, args := range [][]string{
		{"history", "--state", ""},
		{"history", "show", "20250601T120000Z-1a2b3c4d", "--state", " "},
		{"run", "--sandbox", "--state", "", writePlaybook(t, listPlaybook)},
	} {
		code, _, errOut := execute(t, args...)
		if code != ExitUsage {
			t.Errorf("%q: exit code = %d, want %d", args, code, ExitUsage)
		}
		if !strings.Contains(errOut, "invalid --state") {
			t.Errorf("%q: message = %q, want it to name --state", args, errOut)
		}
	}
}
