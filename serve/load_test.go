package serve

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/s3play/s3play/engine"
)

func TestLoadFolderReportsEachProblem(t *testing.T) {
	dir := writeFolder(t, map[string]string{
		"a-good.yaml": listEveryMinute,
		"b-bad-schedule.yaml": `name: bad-schedule
schedule: "@every 5 minutes"
steps:
  - id: buckets
    action: s3.list_buckets
`,
		"c-manual.yml": `name: manual
steps:
  - id: buckets
    action: s3.list_buckets
`,
		"d-needs-input.yaml": `name: needs-input
schedule: "@hourly"
inputs:
  bucket: {type: string, required: true}
steps:
  - id: objects
    action: s3.list_bucket_objects
    with: {bucket: $.inputs.bucket}
`,
		"e-same-name.yaml": listEveryMinute,
		"notes.txt":        "not a playbook",
		".hidden.yaml":     "not: [valid",
	})

	f, err := LoadFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Jobs) != 1 || f.Jobs[0].Playbook.Name != "list-every-minute" {
		t.Fatalf("jobs = %v, want list-every-minute only", f.Jobs)
	}
	if len(f.Unscheduled) != 1 || filepath.Base(f.Unscheduled[0]) != "c-manual.yml" {
		t.Errorf("unscheduled = %v, want c-manual.yml", f.Unscheduled)
	}
	if len(f.Invalid) != 3 {
		t.Fatalf("invalid = %v, want three problems", f.Invalid)
	}
	wantPositions := []string{
		filepath.Join(dir, "b-bad-schedule.yaml") + ":2:11:",
		filepath.Join(dir, "d-needs-input.yaml") + ":4:3:",
	}
	for i, want := range wantPositions {
		var list engine.ErrorList
		if !errors.As(f.Invalid[i], &list) || !strings.HasPrefix(f.Invalid[i].Error(), want) {
			t.Errorf("problem %d = %q, want an ErrorList at %s", i, f.Invalid[i], want)
		}
	}
	if !strings.Contains(f.Invalid[2].Error(), "already used by") {
		t.Errorf("problem 2 = %q, want the duplicate name", f.Invalid[2])
	}
}

func TestLoadFolderMissing(t *testing.T) {
	if _, err := LoadFolder(filepath.Join(t.TempDir(), "nope")); err == nil {
		t.Fatal("no error for a missing folder")
	}
}

func TestCheckListen(t *testing.T) {
	for addr, want := range map[string]string{
		"127.0.0.1:0":    "127.0.0.1:0",
		"localhost:9310": "127.0.0.1:9310",
		"[::1]:80":       "[::1]:80",
		"127.1.2.3:9":    "127.1.2.3:9",
	} {
		got, err := CheckListen(addr)
		if err != nil || got != want {
			t.Errorf("CheckListen(%q) = %q, %v; want %q", addr, got, err, want)
		}
	}
	for _, addr := range []string{":9310", "0.0.0.0:9310", "[::]:9310", "10.0.0.1:9310",
		"example.com:9310", "127.0.0.1"} {
		if _, err := CheckListen(addr); err == nil {
			t.Errorf("CheckListen(%q) accepted a non-loopback address", addr)
		}
	}
}
