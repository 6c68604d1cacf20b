package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// execute runs the CLI in-process and returns its exit code and output.
func execute(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Execute(context.Background(), args, strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func writePlaybook(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "playbook.yaml")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestValidateUnknownStepReference(t *testing.T) {
	// A proxy that accepts no connection makes any network call fail loudly.
	t.Setenv("HTTPS_PROXY", "http://127.0.0.1:1")
	t.Setenv("HTTP_PROXY", "http://127.0.0.1:1")
	path := writePlaybook(t, `name: bad-ref
steps:
  - id: buckets
    action: s3.list_buckets
  - id: delete
    action: s3.delete_buckets
    with:
      bucket_names: $.steps.nope.output.Buckets[*].Name
`)
	code, out, _ := execute(t, "validate", path)
	if code != ExitUsage {
		t.Errorf("exit code = %d, want %d", code, ExitUsage)
	}
	if !strings.Contains(out, path+":8:21:") {
		t.Errorf("output lacks FILE:LINE:COL:\n%s", out)
	}
	if !strings.Contains(out, `"nope"`) {
		t.Errorf("output does not name the step:\n%s", out)
	}
}

func TestValidateShippedPlaybooks(t *testing.T) {
	files, err := filepath.Glob("../../playbooks/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no playbooks found: %v", err)
	}
	code, out, errOut := execute(t, append([]string{"validate"}, files...)...)
	if code != ExitSuccess {
		t.Fatalf("exit code = %d\n%s%s", code, out, errOut)
	}
}

func TestRunRefusedWithoutTerminal(t *testing.T) {
	path := writePlaybook(t, `name: destructive
steps:
  - id: delete
    action: s3.delete_buckets
    with:
      bucket_names: [some-bucket]
`)
	code, _, errOut := execute(t, "run", path, "--endpoint-url", "http://127.0.0.1:1")
	if code != ExitRefused {
		t.Errorf("exit code = %d, want %d", code, ExitRefused)
	}
	if !strings.Contains(errOut, "--yes") {
		t.Errorf("message does not mention --yes: %s", errOut)
	}
}

func TestRunMissingInput(t *testing.T) {
	code, _, errOut := execute(t, "run", "../../playbooks/delete-buckets-with-prefix.yaml", "--yes")
	if code != ExitUsage {
		t.Errorf("exit code = %d, want %d", code, ExitUsage)
	}
	if !strings.Contains(errOut, "prefix") {
		t.Errorf("message does not name the input: %s", errOut)
	}
}

func TestRunEmptyRequiredInput(t *testing.T) {
	// An unset shell variable in --input prefix=$PREFIX must not select
	// every bucket.
	t.Setenv("HTTPS_PROXY", "http://127.0.0.1:1")
	t.Setenv("HTTP_PROXY", "http://127.0.0.1:1")
	for _, value := range []string{"prefix=", "prefix=  "} {
		code, _, errOut := execute(t, "run", "../../playbooks/delete-buckets-with-prefix.yaml",
			"--yes", "--input", value, "--endpoint-url", "http://127.0.0.1:1")
		if code != ExitUsage {
			t.Errorf("--input %q: exit code = %d, want %d", value, code, ExitUsage)
		}
		if !strings.Contains(errOut, "required input prefix") || !strings.Contains(errOut, "empty") {
			t.Errorf("--input %q: message = %s", value, errOut)
		}
	}
}

func TestActionsDescribeUnknown(t *testing.T) {
	code, _, errOut := execute(t, "actions", "s3.delete_bucket")
	if code != ExitUsage {
		t.Errorf("exit code = %d, want %d", code, ExitUsage)
	}
	if !strings.Contains(errOut, "s3.delete_buckets") {
		t.Errorf("message does not list known actions: %s", errOut)
	}
}

func TestUsageErrorsExitCode(t *testing.T) {
	cases := [][]string{
		{"run"},
		{"validate"},
		{"iam"},
		{"schema", "extra"},
		{"rnu", "playbook.yaml"},
		{"run", "--no-such-flag", "playbook.yaml"},
	}
	for _, args := range cases {
		if code, _, errOut := execute(t, args...); code != ExitUsage {
			t.Errorf("%v: exit code = %d, want %d; stderr: %s", args, code, ExitUsage, errOut)
		}
	}
}

func TestMissingRequiredFlagExitsUsage(t *testing.T) {
	state := t.TempDir()
	for _, args := range [][]string{
		{"history", "prune", "--state", state},
		{"serve", "--state", state},
	} {
		code, _, errOut := execute(t, args...)
		if code != ExitUsage {
			t.Errorf("%q: exit code = %d, want %d", args, code, ExitUsage)
		}
		if !strings.Contains(errOut, "required flag") {
			t.Errorf("%q: stderr = %q, want the missing flag named", args, errOut)
		}
	}
}

func TestRunRecordPathCheckedFirst(t *testing.T) {
	// A proxy that accepts no connection makes any network call fail loudly.
	t.Setenv("HTTPS_PROXY", "http://127.0.0.1:1")
	t.Setenv("HTTP_PROXY", "http://127.0.0.1:1")
	playbook := writePlaybook(t, `name: record
steps:
  - id: delete
    action: s3.delete_buckets
    with:
      bucket_names: [some-bucket]
`)
	before, err := os.ReadFile(playbook)
	if err != nil {
		t.Fatal(err)
	}
	for _, record := range []string{playbook, t.TempDir(), filepath.Join(t.TempDir(), "missing", "r.json")} {
		code, _, errOut := execute(t, "run", playbook, "--yes", "--record", record,
			"--endpoint-url", "http://127.0.0.1:1")
		if code != ExitUsage {
			t.Errorf("--record %s: exit code = %d, want %d", record, code, ExitUsage)
		}
		if !strings.Contains(errOut, "invalid output file") {
			t.Errorf("--record %s: message = %s", record, errOut)
		}
	}
	code, _, errOut := execute(t, "plan", playbook, "--out", playbook, "--endpoint-url", "http://127.0.0.1:1")
	if code != ExitUsage || !strings.Contains(errOut, "the playbook itself") {
		t.Errorf("plan --out PLAYBOOK: exit code = %d, message = %s", code, errOut)
	}
	after, err := os.ReadFile(playbook)
	if err != nil || string(after) != string(before) {
		t.Errorf("the playbook changed: %v", err)
	}
}
