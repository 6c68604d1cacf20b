package serve

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/s3play/s3play/engine"
)

const hourlyPlaybook = `name: hourly
schedule: "@hourly"
steps:
  - id: buckets
    action: s3.list_buckets
`

func TestLoadFolderReportsEachProblem(t *testing.T) {
	dir := writeFolder(t, map[string]string{
		"a-same-name.yaml": listEveryMinute,
		"a-good.yaml":      hourlyPlaybook,
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
	if len(f.Jobs) != 1 || f.Jobs[0].Playbook.Name != "hourly" {
		t.Fatalf("jobs = %v, want hourly only", f.Jobs)
	}
	if len(f.Unscheduled) != 1 || filepath.Base(f.Unscheduled[0]) != "c-manual.yml" {
		t.Errorf("unscheduled = %v, want c-manual.yml", f.Unscheduled)
	}
	if len(f.Invalid) != 4 {
		t.Fatalf("invalid = %v, want four problems", f.Invalid)
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
	// Both files named list-every-minute are rejected, each naming the other.
	shared := []string{filepath.Join(dir, "a-same-name.yaml"), filepath.Join(dir, "e-same-name.yaml")}
	for i, file := range shared {
		problem := f.Invalid[2+i]
		var fileErr *FileError
		if !errors.As(problem, &fileErr) || fileErr.File != file {
			t.Errorf("problem %d = %q, want a FileError for %s", 2+i, problem, file)
		}
		other := shared[1-i]
		if !strings.Contains(problem.Error(), "also used by "+other) {
			t.Errorf("problem %d = %q, want it to name %s", 2+i, problem, other)
		}
	}
}

func TestLogProblemsNamesFiles(t *testing.T) {
	dir := writeFolder(t, map[string]string{
		"dup.yml":   listEveryMinute,
		"fast.yaml": listEveryMinute,
	})
	f, err := LoadFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Jobs) != 0 {
		t.Errorf("jobs = %v, want none: both files share a name", f.Jobs)
	}

	var logs bytes.Buffer
	f.LogProblems(slog.New(slog.NewJSONHandler(&logs, nil)))
	var files []string
	for line := range strings.Lines(logs.String()) {
		var entry map[string]any
		if err := json.Unmarshal([]byte(line), &entry); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		file, _ := entry[keyFile].(string)
		files = append(files, file)
	}
	want := []string{filepath.Join(dir, "dup.yml"), filepath.Join(dir, "fast.yaml")}
	if !slices.Equal(files, want) {
		t.Errorf("logged files = %q, want %q", files, want)
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
	for _, addr := range []string{"127.0.0.1:99999", "127.0.0.1:http", "127.0.0.1:", "[::1]:-1"} {
		_, err := CheckListen(addr)
		if err == nil || !strings.Contains(err.Error(), "port must be a number") {
			t.Errorf("CheckListen(%q) = %v, want an invalid port", addr, err)
		}
	}
}
