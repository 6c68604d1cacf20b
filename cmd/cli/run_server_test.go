package cli

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/engine"
	"github.com/s3play/s3play/internal/testserver"
)

// headlineBuckets are the buckets of the cleanup scenario: two that start
// with prefix and must go, and one that must stay.
type headlineBuckets struct {
	prefix, versioned, plain, keep string
}

// seedHeadline creates a versioned bucket with 3 keys of 3 versions each,
// 2 delete markers and an incomplete multipart upload, a plain bucket with
// 2,500 objects (more than two DeleteObjects batches) and a bucket to keep
// with 3 objects. Every bucket is removed when the test ends.
func seedHeadline(t *testing.T, srv *testserver.Server) headlineBuckets {
	t.Helper()
	prefix := testserver.UniqueName("cli-") + "-"
	b := headlineBuckets{prefix: prefix, versioned: prefix + "a", plain: prefix + "b",
		keep: testserver.UniqueName("keep-")}
	for _, name := range []string{b.versioned, b.plain, b.keep} {
		srv.CreateBucket(t, name)
	}
	srv.EnableVersioning(t, b.versioned)
	for range 3 {
		srv.Put(t, b.versioned, "one.txt", "two.txt", "three.txt")
	}
	srv.DeleteMarker(t, b.versioned, "one.txt")
	srv.DeleteMarker(t, b.versioned, "two.txt")
	srv.StartUpload(t, b.versioned, "big.bin")
	srv.Put(t, b.plain, testserver.Keys("k/", 2500)...)
	srv.Put(t, b.keep, "a", "b", "c")

	versions, markers := srv.CountVersions(t, b.versioned)
	if versions != 9 || markers != 2 {
		t.Fatalf("seeded %s with %d versions and %d delete markers, want 9 and 2",
			b.versioned, versions, markers)
	}
	return b
}

// checkHeadlineOutcome asserts that the prefixed buckets are gone and the
// kept bucket still contains its 3 objects.
func checkHeadlineOutcome(t *testing.T, srv *testserver.Server, b headlineBuckets) {
	t.Helper()
	for _, name := range []string{b.versioned, b.plain} {
		if srv.BucketExists(t, name) {
			t.Errorf("bucket %s still exists", name)
		}
	}
	if !srv.BucketExists(t, b.keep) {
		t.Fatalf("bucket %s was deleted", b.keep)
	}
	versions, markers := srv.CountVersions(t, b.keep)
	if versions != 3 {
		t.Errorf("bucket %s has %d objects, want 3", b.keep, versions)
	}
	if markers != 0 {
		t.Errorf("bucket %s has %d delete markers, want 0", b.keep, markers)
	}
}

// runHeadline runs the shipped cleanup playbook through the CLI with the
// server's keys in the environment.
func runHeadline(t *testing.T, srv *testserver.Server, prefix string, extra ...string) (int, string, string) {
	t.Helper()
	isolateAWS(t)
	t.Setenv("AWS_ACCESS_KEY_ID", srv.AccessKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", srv.SecretKey)
	args := append([]string{"run", "../../playbooks/delete-buckets-with-prefix.yaml",
		"--input", "prefix=" + prefix, "--yes", "--endpoint-url", srv.Endpoint}, extra...)
	return execute(t, args...)
}

func TestRunHeadlineText(t *testing.T) {
	srv := testserver.Versity(t)
	b := seedHeadline(t, srv)

	code, out, errOut := runHeadline(t, srv, b.prefix)

	if code != ExitSuccess {
		t.Fatalf("exit code = %d, want %d\nstdout:\n%s\nstderr:\n%s", code, ExitSuccess, out, errOut)
	}
	checkHeadlineOutcome(t, srv, b)
	for _, step := range []string{"buckets", "empty", "delete"} {
		if !strings.Contains(out, step+" ") {
			t.Errorf("output does not show step %s:\n%s", step, out)
		}
	}
	if !strings.Contains(out, ": Succeeded in ") {
		t.Errorf("summary does not report a succeeded run:\n%s", out)
	}
	if strings.Contains(out+errOut, srv.SecretKey) {
		t.Error("output contains the secret key")
	}
}

func TestRunHeadlineJSONRecord(t *testing.T) {
	srv := testserver.Versity(t)
	b := seedHeadline(t, srv)

	code, out, errOut := runHeadline(t, srv, b.prefix, "--output", "json")

	if code != ExitSuccess {
		t.Fatalf("exit code = %d, want %d\nstdout:\n%s\nstderr:\n%s", code, ExitSuccess, out, errOut)
	}
	checkHeadlineOutcome(t, srv, b)
	if strings.Contains(out+errOut, srv.SecretKey) {
		t.Error("output contains the secret key")
	}
	var rec engine.Record
	if err := json.Unmarshal([]byte(out), &rec); err != nil {
		t.Fatalf("stdout is not one JSON record: %v\n%s", err, out)
	}
	if rec.Status != actions.Succeeded {
		t.Errorf("record status = %s, want %s", rec.Status, actions.Succeeded)
	}
	if rec.Connection.EndpointURL != srv.Endpoint {
		t.Errorf("record endpoint = %q, want %q", rec.Connection.EndpointURL, srv.Endpoint)
	}
	if rec.Inputs["prefix"] != b.prefix {
		t.Errorf("record input prefix = %v, want %s", rec.Inputs["prefix"], b.prefix)
	}
	if len(rec.Steps) != 3 {
		t.Fatalf("record has %d steps, want 3", len(rec.Steps))
	}
	checkEmptied(t, rec.Steps[1], b)

	var deleted []string
	for _, it := range rec.Steps[2].Items {
		if it.Status != actions.Succeeded {
			t.Errorf("delete item %v: status %s, error %v", it.Item, it.Status, it.Error)
		}
		name, _ := it.Item.(string)
		deleted = append(deleted, name)
	}
	slices.Sort(deleted)
	if want := []string{b.versioned, b.plain}; !slices.Equal(deleted, want) {
		t.Errorf("deleted buckets = %v, want %v", deleted, want)
	}
}

// emptiedCounts are the counts the empty step reports for one bucket.
// Objects of a bucket without versioning may be deleted with or without
// the version id "null", so they count as ObjectsDeleted or VersionsDeleted.
type emptiedCounts struct {
	objectsAndVersions, markers, uploads int
}

// checkEmptied asserts the counts the empty step reports for each prefixed
// bucket. The counts must be exact: a listing that repeats entries at page
// boundaries must not inflate them.
func checkEmptied(t *testing.T, step *engine.StepRecord, b headlineBuckets) {
	t.Helper()
	want := map[string]emptiedCounts{
		b.versioned: {objectsAndVersions: 9, markers: 2, uploads: 1},
		b.plain:     {objectsAndVersions: 2500},
	}
	for _, it := range step.Items {
		name, _ := it.Item.(string)
		counts, ok := want[name]
		if !ok {
			continue
		}
		delete(want, name)
		if it.Status != actions.Succeeded {
			t.Errorf("empty item %s: status %s, error %v", name, it.Status, it.Error)
			continue
		}

		out, _ := it.Output.(map[string]any)
		objects, _ := out["ObjectsDeleted"].(float64)
		versions, _ := out["VersionsDeleted"].(float64)
		markers, _ := out["DeleteMarkersDeleted"].(float64)
		uploads, _ := out["UploadsAborted"].(float64)
		if got := int(objects + versions); got != counts.objectsAndVersions {
			t.Errorf("empty item %s: %d objects and versions deleted, want %d",
				name, got, counts.objectsAndVersions)
		}
		if int(markers) != counts.markers {
			t.Errorf("empty item %s: %v delete markers deleted, want %d", name, markers, counts.markers)
		}
		if int(uploads) != counts.uploads {
			t.Errorf("empty item %s: %v uploads aborted, want %d", name, uploads, counts.uploads)
		}
	}
	for name := range want {
		t.Errorf("empty step has no item for bucket %s", name)
	}
}
