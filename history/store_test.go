package history

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/engine"
)

func openStore(t *testing.T, dir string) *Store {
	t.Helper()
	s, err := Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func sampleRecord(id, playbook string, started time.Time, status actions.Status) *engine.Record {
	return &engine.Record{
		RunID: id, Playbook: playbook, File: playbook + ".yaml", Status: status,
		Inputs:  map[string]any{"bucket": "logs"},
		Started: started, Finished: started.Add(1500 * time.Millisecond), DurationMS: 1500,
		APICalls: 7, Retries: 2,
		Steps: []*engine.StepRecord{{ID: "buckets", Action: "s3.list_buckets",
			Status: actions.Succeeded, Started: started}},
	}
}

func TestSaveRunAndGet(t *testing.T) {
	s := openStore(t, t.TempDir())
	start := time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)
	rec := sampleRecord("run-1", "close", start, actions.PartiallySucceeded)
	if err := s.SaveRun(context.Background(), CommandRun, rec); err != nil {
		t.Fatal(err)
	}

	e, raw, err := s.Get(context.Background(), "run-1")
	if err != nil {
		t.Fatal(err)
	}
	want := Entry{ID: "run-1", Kind: KindRun, Command: CommandRun, Playbook: "close",
		File: "close.yaml", Status: "PartiallySucceeded", Started: start,
		Finished: start.Add(1500 * time.Millisecond), DurationMS: 1500, APICalls: 7, Retries: 2}
	if e != want {
		t.Errorf("entry = %+v\nwant    %+v", e, want)
	}
	var back engine.Record
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	if back.RunID != "run-1" || len(back.Steps) != 1 || back.Steps[0].ID != "buckets" {
		t.Errorf("stored record = %+v", back)
	}
}

func TestGetUnknownRun(t *testing.T) {
	s := openStore(t, t.TempDir())
	_, _, err := s.Get(context.Background(), "nope")
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("error = %v, want ErrNotFound", err)
	}
	if !strings.Contains(err.Error(), "nope") {
		t.Errorf("error %q does not name the id", err)
	}
}

func TestListNewestFirstWithFilters(t *testing.T) {
	s := openStore(t, t.TempDir())
	ctx := context.Background()
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 5 {
		name := []string{"a", "b"}[i%2]
		rec := sampleRecord(fmt.Sprintf("run-%d", i), name, base.Add(time.Duration(i)*time.Hour),
			actions.Succeeded)
		if err := s.SaveRun(ctx, CommandServe, rec); err != nil {
			t.Fatal(err)
		}
	}
	skipID, err := s.SaveSkip(ctx, Skip{Playbook: "a", File: "a.yaml",
		Scheduled: base.Add(10 * time.Hour), RunningSince: base.Add(9 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}

	all, err := s.List(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range all {
		ids = append(ids, e.ID)
	}
	if got := strings.Join(ids, ","); got != skipID+",run-4,run-3,run-2,run-1,run-0" {
		t.Errorf("ids = %s", got)
	}
	onlyA, _ := s.List(ctx, Filter{Playbook: "a", Kind: KindRun, Limit: 2})
	if len(onlyA) != 2 || onlyA[0].ID != "run-4" || onlyA[1].ID != "run-2" {
		t.Errorf("playbook a runs, limit 2 = %+v", onlyA)
	}
	skips, _ := s.List(ctx, Filter{Kind: KindSkip})
	if len(skips) != 1 || skips[0].Status != StatusSkipped {
		t.Fatalf("skips = %+v", skips)
	}
	if !strings.Contains(skips[0].Reason, "still running") {
		t.Errorf("skip reason = %q", skips[0].Reason)
	}
}

func TestSecretsNeverStored(t *testing.T) {
	s := openStore(t, t.TempDir())
	const secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
	s.Secrets = []string{secret, "short"}
	rec := sampleRecord("run-s", "leaky", time.Now(), actions.Failed)
	rec.Inputs = map[string]any{"api_token": "tok-123456789", "note": "key " + secret,
		"word": "short"}
	rec.Steps[0].Error = &actions.Failure{Message: "signature for " + secret + " failed"}
	if err := s.SaveRun(context.Background(), CommandRun, rec); err != nil {
		t.Fatal(err)
	}

	// With the write-ahead log, the new row may still be in history.db-wal.
	files, _ := filepath.Glob(s.Path() + "*")
	texts := []string{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(data))
	}
	_, raw, _ := s.Get(context.Background(), "run-s")
	for _, text := range append(texts, string(raw)) {
		if strings.Contains(text, secret) {
			t.Error("the secret key was stored")
		}
		if strings.Contains(text, "tok-123456789") {
			t.Error("the value of input api_token was stored")
		}
	}
	if !strings.Contains(string(raw), `"word":"short"`) {
		t.Errorf("a value shorter than %d characters was redacted: %s", minSecretLength, raw)
	}
}

func TestFilePrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	s := openStore(t, dir)
	for path, want := range map[string]os.FileMode{dir: 0o700, s.Path(): 0o600} {
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := info.Mode().Perm(); got != want {
			t.Errorf("%s mode = %o, want %o", path, got, want)
		}
	}
}

func TestConcurrentWriters(t *testing.T) {
	dir := t.TempDir()
	stores := []*Store{openStore(t, dir), openStore(t, dir)}
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for w, s := range stores {
		wg.Go(func() {
			for i := range 20 {
				rec := sampleRecord(fmt.Sprintf("w%d-%d", w, i), "p", time.Now(), actions.Succeeded)
				errs <- s.SaveRun(context.Background(), CommandServe, rec)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	all, err := stores[0].List(context.Background(), Filter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 40 {
		t.Errorf("entries = %d, want 40", len(all))
	}
}

func TestNewerSchemaRejected(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	if _, err := s.db.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), dir)
	if err == nil || !strings.Contains(err.Error(), "newer s3play") {
		t.Fatalf("error = %v, want a newer-schema error", err)
	}
}

func TestDefaultDir(t *testing.T) {
	t.Setenv(EnvState, "")
	t.Setenv("XDG_STATE_HOME", "/xdg")
	if dir, _ := DefaultDir(); dir != filepath.Join("/xdg", "s3play") {
		t.Errorf("with XDG_STATE_HOME: %s", dir)
	}
	t.Setenv(EnvState, "/explicit")
	if dir, _ := DefaultDir(); dir != "/explicit" {
		t.Errorf("with %s: %s", EnvState, dir)
	}
	t.Setenv(EnvState, "")
	t.Setenv("XDG_STATE_HOME", "")
	t.Setenv("HOME", "/home/someone")
	if dir, _ := DefaultDir(); dir != "/home/someone/.local/state/s3play" {
		t.Errorf("from HOME: %s", dir)
	}
}

func TestOpenExistingMissing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	_, err := OpenExisting(context.Background(), dir)
	if !errors.Is(err, ErrNoHistory) {
		t.Errorf("error = %v, want ErrNoHistory", err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("state folder: %v, want it not created", err)
	}
}

func TestOpenExistingReadsRuns(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SaveRun(context.Background(), CommandRun, sampleRecord("r1", "p", time.Now(), actions.Succeeded)); err != nil {
		t.Fatal(err)
	}
	_ = s.Close()

	s, err = OpenExisting(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	entries, err := s.List(context.Background(), Filter{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].ID != "r1" {
		t.Errorf("entries = %+v, want run r1", entries)
	}
}
