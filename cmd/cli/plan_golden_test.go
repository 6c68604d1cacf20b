package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Volatile parts of plan output, replaced before comparing with a golden
// file.
var (
	runIDPattern    = regexp.MustCompile(`\d{8}T\d{6}Z-[0-9a-f]{8}`)
	durationPattern = regexp.MustCompile(`\b\d+ ms\b`)
	endpointPattern = regexp.MustCompile(`http://127\.0\.0\.1:\d+`)
)

// volatileJSON matches the JSON fields whose values change from run to
// run, as the CLI indents them.
var volatileJSON = regexp.MustCompile(
	`"(run_id|started|finished|endpoint_url|playbook_sha256|CreationDate|LastModified|VersionId)": "[^"]*"` +
		`|"duration_ms": \d+`)

func normaliseText(t *testing.T, text string) string {
	t.Helper()
	text = runIDPattern.ReplaceAllString(text, "RUN-ID")
	text = durationPattern.ReplaceAllString(text, "N ms")
	text = endpointPattern.ReplaceAllString(text, "http://127.0.0.1:PORT")
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(text, wd, "CWD")
}

// normaliseJSON checks that text is JSON and replaces the values of the
// volatile fields, keeping the layout the CLI printed.
func normaliseJSON(t *testing.T, text string) string {
	t.Helper()
	if !json.Valid([]byte(text)) {
		t.Fatalf("output is not JSON:\n%s", text)
	}
	text = volatileJSON.ReplaceAllStringFunc(text, func(field string) string {
		name, _, _ := strings.Cut(field, ":")
		return name + `: "VOLATILE"`
	})
	return normaliseText(t, text)
}

// checkGolden compares got with testdata/name, or rewrites the file when
// the test runs with -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *updateGolden {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (create it with go test ./cmd/cli -run %s -update): %v",
			t.Name(), err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (run with -update to accept it):\n--- got\n%s\n--- want\n%s",
			path, got, want)
	}
}

// planSandbox plans a playbook against a fresh sandbox through the CLI.
func planSandbox(t *testing.T, playbook string, extra ...string) (int, string) {
	t.Helper()
	withoutAWSCredentials(t)
	code, out, errOut := execute(t, append([]string{"plan", "--sandbox", playbook}, extra...)...)
	if errOut != "" {
		t.Errorf("stderr is not empty:\n%s", errOut)
	}
	return code, out
}

func TestPlanGoldenDemoText(t *testing.T) {
	code, out := planSandbox(t, demoPlaybook)
	if code != ExitSuccess {
		t.Errorf("exit code = %d, want %d", code, ExitSuccess)
	}
	checkGolden(t, "plan-demo.txt.golden", normaliseText(t, out))
}

func TestPlanGoldenDemoJSON(t *testing.T) {
	code, out := planSandbox(t, demoPlaybook, "--output", "json")
	if code != ExitSuccess {
		t.Errorf("exit code = %d, want %d", code, ExitSuccess)
	}
	checkGolden(t, "plan-demo.json.golden", normaliseJSON(t, out))
}

func TestPlanGoldenSettingsText(t *testing.T) {
	code, out := planSandbox(t, "testdata/plan-settings.yaml")
	if code != ExitSuccess {
		t.Errorf("exit code = %d, want %d", code, ExitSuccess)
	}
	checkGolden(t, "plan-settings.txt.golden", normaliseText(t, out))
}

func TestPlanGoldenTransfersText(t *testing.T) {
	code, out := planSandbox(t, "testdata/plan-transfers.yaml")
	if code != ExitSuccess {
		t.Errorf("exit code = %d, want %d", code, ExitSuccess)
	}
	if _, err := os.Stat("evidence"); !os.IsNotExist(err) {
		t.Errorf("the plan created the download folder evidence (stat error %v)", err)
		_ = os.RemoveAll("evidence")
	}
	checkGolden(t, "plan-transfers.txt.golden", normaliseText(t, out))
}
