package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/s3play/s3play/engine"
	"github.com/s3play/s3play/internal/testserver"
)

const headlinePlaybook = "../../playbooks/delete-buckets-with-prefix.yaml"

// serverCLI runs the CLI against the test server with its keys in the
// environment.
func serverCLI(t *testing.T, srv *testserver.Server, args ...string) (int, string, string) {
	t.Helper()
	isolateAWS(t)
	t.Setenv("AWS_ACCESS_KEY_ID", srv.AccessKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", srv.SecretKey)
	return execute(t, append(args, "--endpoint-url", srv.Endpoint)...)
}

// checkUnchanged asserts that the headline buckets still hold what
// seedHeadline put there.
func checkUnchanged(t *testing.T, srv *testserver.Server, b headlineBuckets) {
	t.Helper()
	want := map[string][2]int{b.versioned: {9, 2}, b.plain: {2500, 0}, b.keep: {3, 0}}
	for bucket, counts := range want {
		if !srv.BucketExists(t, bucket) {
			t.Errorf("bucket %s was deleted", bucket)
			continue
		}
		versions, markers := srv.CountVersions(t, bucket)
		if versions != counts[0] || markers != counts[1] {
			t.Errorf("bucket %s has %d versions and %d delete markers, want %d and %d",
				bucket, versions, markers, counts[0], counts[1])
		}
	}
}

func writePlan(t *testing.T, srv *testserver.Server, prefix string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "plan.json")
	code, out, errOut := serverCLI(t, srv, "plan", headlinePlaybook, "--input", "prefix="+prefix,
		"--out", path)
	if code != ExitSuccess {
		t.Fatalf("plan exit code = %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	return path
}

func TestPlanShowsHeadlineAndChangesNothing(t *testing.T) {
	srv := testserver.Versity(t)
	b := seedHeadline(t, srv)

	code, out, errOut := serverCLI(t, srv, "plan", headlinePlaybook, "--input", "prefix="+b.prefix)
	if code != ExitSuccess {
		t.Fatalf("exit code = %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	for _, line := range []string{
		"would delete 9 object versions and 2 delete markers, abort 1 incomplete upload, " +
			"141 B, in bucket " + b.versioned,
		"would delete 2,500 object versions, 34.2 KiB, in bucket " + b.plain,
		"would delete bucket " + b.versioned,
		"would delete bucket " + b.plain,
	} {
		if !strings.Contains(out, line) {
			t.Errorf("plan output lacks %q:\n%s", line, out)
		}
	}
	if strings.Contains(out, "would delete bucket "+b.keep) {
		t.Errorf("plan deletes bucket %s:\n%s", b.keep, out)
	}
	if strings.Contains(out+errOut, srv.SecretKey) {
		t.Error("output contains the secret key")
	}
	checkUnchanged(t, srv, b)
}

func TestDryRunIsPlan(t *testing.T) {
	srv := testserver.Versity(t)
	b := seedHeadline(t, srv)
	record := filepath.Join(t.TempDir(), "plan.json")

	code, out, errOut := serverCLI(t, srv, "run", headlinePlaybook, "--input", "prefix="+b.prefix,
		"--dry-run", "--record", record)
	if code != ExitSuccess {
		t.Fatalf("exit code = %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "Succeeded (predicted)") {
		t.Errorf("output does not mark predicted steps:\n%s", out)
	}
	if _, err := engine.ReadPlanFile(record); err != nil {
		t.Errorf("--record of a dry run is not a plan: %v", err)
	}
	checkUnchanged(t, srv, b)
}

func TestRunPlanRefusesNewBucket(t *testing.T) {
	srv := testserver.Versity(t)
	b := seedHeadline(t, srv)
	plan := writePlan(t, srv, b.prefix)
	extra := b.prefix + "x"
	srv.CreateBucket(t, extra)

	code, out, errOut := serverCLI(t, srv, "run", headlinePlaybook, "--input", "prefix="+b.prefix,
		"--plan", plan)
	if code != ExitRefused {
		t.Errorf("exit code = %d, want %d\nstdout:\n%s\nstderr:\n%s", code, ExitRefused, out, errOut)
	}
	if !strings.Contains(errOut, "new target: delete bucket "+extra) {
		t.Errorf("stderr does not name the new bucket %s:\n%s", extra, errOut)
	}
	checkUnchanged(t, srv, b)
	if !srv.BucketExists(t, extra) {
		t.Errorf("bucket %s was deleted", extra)
	}
}

func TestRunPlanRunsWhenUnchanged(t *testing.T) {
	srv := testserver.Versity(t)
	b := seedHeadline(t, srv)
	plan := writePlan(t, srv, b.prefix)
	approved, err := engine.ReadPlanFile(plan)
	if err != nil {
		t.Fatal(err)
	}

	code, out, errOut := serverCLI(t, srv, "run", headlinePlaybook, "--input", "prefix="+b.prefix,
		"--plan", plan, "--output", "json")
	if code != ExitSuccess {
		t.Fatalf("exit code = %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	checkHeadlineOutcome(t, srv, b)
	var rec engine.Record
	if err := json.Unmarshal([]byte(out), &rec); err != nil {
		t.Fatalf("stdout is not a run record: %v\n%s", err, out)
	}
	if rec.Mode != engine.ModeRun || rec.ApprovedPlan != approved.RunID {
		t.Errorf("record mode %q, approved plan %q; want run and %q", rec.Mode,
			rec.ApprovedPlan, approved.RunID)
	}
}

func TestRunPlanRefusesOtherInputs(t *testing.T) {
	srv := testserver.Versity(t)
	b := seedHeadline(t, srv)
	plan := writePlan(t, srv, b.prefix)

	code, _, errOut := serverCLI(t, srv, "run", headlinePlaybook, "--input", "prefix="+b.prefix+"a",
		"--plan", plan)
	if code != ExitRefused {
		t.Errorf("exit code = %d, want %d", code, ExitRefused)
	}
	if !strings.Contains(errOut, "input prefix is") {
		t.Errorf("stderr does not name the changed input:\n%s", errOut)
	}
	checkUnchanged(t, srv, b)
}

func TestRunWithoutTerminalChangesNothing(t *testing.T) {
	srv := testserver.Versity(t)
	b := seedHeadline(t, srv)

	code, out, errOut := serverCLI(t, srv, "run", headlinePlaybook, "--input", "prefix="+b.prefix)
	if code != ExitRefused {
		t.Errorf("exit code = %d, want %d\nstdout:\n%s\nstderr:\n%s", code, ExitRefused, out, errOut)
	}
	if !strings.Contains(errOut, "--yes") {
		t.Errorf("stderr does not mention --yes:\n%s", errOut)
	}
	checkUnchanged(t, srv, b)
}

func TestPlanExitCodeOfPredictedFailure(t *testing.T) {
	srv := testserver.Versity(t)
	bucket := srv.Bucket(t, "plan-full-")
	srv.Put(t, bucket, "a.txt")
	path := writePlaybook(t, `name: delete-full
steps:
  - id: delete
    action: s3.delete_buckets
    with:
      bucket_names: [`+bucket+`]
`)

	code, out, errOut := serverCLI(t, srv, "plan", path)
	if code != ExitFailure {
		t.Errorf("exit code = %d, want %d\nstdout:\n%s\nstderr:\n%s", code, ExitFailure, out, errOut)
	}
	if !strings.Contains(out, bucket+": would fail:") || !strings.Contains(out, "BucketNotEmpty") {
		t.Errorf("output does not predict BucketNotEmpty for %s:\n%s", bucket, out)
	}
	if !srv.BucketExists(t, bucket) {
		t.Errorf("bucket %s was deleted", bucket)
	}
}

func TestRunPlanRejectsMissingFile(t *testing.T) {
	code, _, errOut := execute(t, "run", headlinePlaybook, "--input", "prefix=x",
		"--plan", filepath.Join(t.TempDir(), "missing.json"), "--endpoint-url", "http://127.0.0.1:1")
	if code != ExitUsage {
		t.Errorf("exit code = %d, want %d", code, ExitUsage)
	}
	if !strings.Contains(errOut, "read plan") {
		t.Errorf("stderr does not say the plan could not be read:\n%s", errOut)
	}
	if _, err := os.Stat("missing.json"); err == nil {
		t.Error("a plan file was created")
	}
}
