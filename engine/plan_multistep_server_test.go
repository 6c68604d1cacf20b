package engine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/s3play/s3play/actions"
)

func TestPlanMoveThereAndBack(t *testing.T) {
	srv := versity(t)
	home, away := srv.Bucket(t, "home-"), srv.Bucket(t, "away-")
	srv.Put(t, home, "b.txt")
	pb := mustLoad(t, fmt.Sprintf(`
name: there-and-back
steps:
  - id: there
    action: s3.move_files
    with: {source_bucket: %[1]s, keys: [b.txt], destination_bucket: %[2]s, destination_path: r}
  - id: back
    action: s3.move_files
    with: {source_bucket: %[2]s, keys: [r/b.txt], destination_bucket: %[1]s}
  - id: there_again
    action: s3.move_files
    with: {source_bucket: %[1]s, keys: [r/b.txt], destination_bucket: %[2]s}
`, home, away))

	plan, rec := planThenRun(t, srv, pb)
	if plan.Status != actions.Succeeded {
		t.Errorf("plan status = %s; steps: %+v", plan.Status, stepSummary(plan))
	}
	if rec.Status != actions.Succeeded {
		t.Fatalf("run status = %s; steps: %+v", rec.Status, stepSummary(rec))
	}
	if got := listKeys(t, srv, away); !slices.Equal(got, []string{"r/b.txt"}) {
		t.Errorf("%s holds %q, want r/b.txt", away, got)
	}
	if got := listKeys(t, srv, home); len(got) != 0 {
		t.Errorf("%s holds %q, want nothing", home, got)
	}
}

func TestPlanDownloadThenUpload(t *testing.T) {
	srv := versity(t)
	source, target := srv.Bucket(t, "dlsrc-"), srv.Bucket(t, "uptgt-")
	srv.Put(t, source, "sub/a.txt")
	folder := filepath.Join(t.TempDir(), "evidence")
	pb := mustLoad(t, fmt.Sprintf(`
name: download-then-upload
steps:
  - id: dl
    action: s3.download_files
    with: {bucket: %s, keys: [sub/a.txt], destination: %s}
  - id: up
    action: s3.upload_files
    with: {bucket: %s, files: [%s], folder: copies}
`, source, folder, target, filepath.Join(folder, "sub", "a.txt")))

	plan, rec := planThenRun(t, srv, pb)
	if plan.Status != actions.Succeeded {
		t.Errorf("plan status = %s; steps: %+v", plan.Status, stepSummary(plan))
	}
	if rec.Status != actions.Succeeded {
		t.Fatalf("run status = %s; steps: %+v", rec.Status, stepSummary(rec))
	}
	if got := listKeys(t, srv, target); !slices.Equal(got, []string{"copies/a.txt"}) {
		t.Errorf("%s holds %q, want copies/a.txt", target, got)
	}
}

func TestPlanDownloadThenUploadPattern(t *testing.T) {
	srv := versity(t)
	source, target := srv.Bucket(t, "dlsrc-"), srv.Bucket(t, "uptgt-")
	srv.Put(t, source, "logs/a.txt", "logs/b.txt")
	folder := filepath.Join(t.TempDir(), "evidence")
	pb := mustLoad(t, fmt.Sprintf(`
name: download-then-upload-pattern
steps:
  - id: dl
    action: s3.download_files
    with: {bucket: %s, keys: [logs/a.txt, logs/b.txt], destination: %s}
  - id: up
    action: s3.upload_files
    with: {bucket: %s, files: ["%s"], folder: copies}
  - id: nothing
    action: s3.upload_files
    on_error: continue
    with: {bucket: %s, files: ["%s"]}
`, source, folder, target, filepath.Join(folder, "logs", "*.txt"), target,
		filepath.Join(folder, "none", "*.gz")))

	runner := newTestRunner(srv)
	plan := runner.Plan(context.Background(), pb, map[string]any{})
	if got := plan.Steps[1].Status; got != actions.Succeeded {
		t.Errorf("plan of the upload = %s (%+v), want Succeeded", got, plan.Steps[1].Items)
	}
	if n := len(plan.Steps[1].Changes); n != 2 {
		t.Errorf("plan of the upload has %d changes, want 2", n)
	}
	items := plan.Steps[2].Items
	if len(items) != 1 || items[0].Error == nil ||
		!strings.Contains(items[0].Error.Message, "matches no file") {
		t.Errorf("plan of a pattern that matches nothing = %+v, want its failure", items)
	}
}

func TestPlanQuarantineThenPurge(t *testing.T) {
	for _, versioned := range []bool{false, true} {
		srv := versity(t)
		source, quarantine := srv.Bucket(t, "purge-src-"), srv.Bucket(t, "purge-q-")
		if versioned {
			srv.EnableVersioning(t, source)
		}
		srv.Put(t, source, "a.txt", "b.exe", "d.log")
		pb := mustLoad(t, fmt.Sprintf(`
name: quarantine-then-purge
steps:
  - id: quarantine
    action: s3.move_files
    with: {source_bucket: %[1]s, keys: [b.exe], destination_bucket: %[2]s, destination_path: IR}
  - id: purge
    action: s3.delete_bucket_objects
    with: {bucket: %[1]s, keys: ["*"], all_versions: true}
  - id: drop
    action: s3.delete_buckets
    with: {bucket_names: [%[1]s]}
`, source, quarantine))

		plan, rec := planThenRun(t, srv, pb)
		if plan.Status != actions.Succeeded {
			t.Errorf("versioned %v: plan status = %s; steps: %+v", versioned, plan.Status,
				stepSummary(plan))
		}
		if got := plan.Steps[1].Changes[0].Counts.Versions; got != 2 {
			t.Errorf("versioned %v: the purge plan counts %d versions, want 2 (b.exe moves away)",
				versioned, got)
		}
		if rec.Status != actions.Succeeded {
			t.Errorf("versioned %v: run status = %s; steps: %+v", versioned, rec.Status,
				stepSummary(rec))
		}
		if srv.BucketExists(t, source) {
			t.Errorf("versioned %v: bucket %s was not deleted", versioned, source)
		}
	}
}

func TestPlanUploadThenEmpty(t *testing.T) {
	srv := versity(t)
	bucket := srv.Bucket(t, "upempty-")
	file := localFile(t, "report.txt", "report")
	pb := mustLoad(t, fmt.Sprintf(`
name: upload-then-empty
steps:
  - id: up
    action: s3.upload_files
    with: {bucket: %[1]s, files: [%[2]s]}
  - id: purge
    action: s3.delete_bucket_objects
    with: {bucket: %[1]s, keys: ["*"], all_versions: true}
  - id: cleanup
    action: s3.delete_bucket_objects
    with: {bucket: %[1]s, keys: [report.txt]}
`, bucket, file))

	plan, rec := planThenRun(t, srv, pb)
	if got := plan.Steps[1].Changes[0].Counts.Versions; got != 1 {
		t.Errorf("the purge plan counts %d versions, want the uploaded file", got)
	}
	if n := len(plan.Steps[2].Changes); n != 0 {
		t.Errorf("the cleanup plan has %d changes, want none after the purge", n)
	}
	if rec.Status != actions.Succeeded {
		t.Errorf("run status = %s; steps: %+v", rec.Status, stepSummary(rec))
	}
}

func TestApprovedPurgeRejectsSwappedObject(t *testing.T) {
	srv := versity(t)
	bucket := srv.Bucket(t, "swap-")
	putObject(t, srv, bucket, "x/y.txt", "seventeen bytes!!")
	pb := mustLoad(t, fmt.Sprintf(`
name: purge
steps:
  - id: purge
    action: s3.delete_bucket_objects
    with: {bucket: %s, keys: ["*"]}
`, bucket))
	runner := newTestRunner(srv)
	runner.Approved = runner.Plan(context.Background(), pb, map[string]any{})

	removeObject(t, srv, bucket, "x/y.txt")
	putObject(t, srv, bucket, "prod/critical.db", "critical prod db\n")
	rec := runner.Run(context.Background(), pb, map[string]any{})
	if rec.Steps[0].Status != actions.Failed || rec.Steps[0].Error == nil ||
		rec.Steps[0].Error.Code != CodePlanMismatch {
		t.Fatalf("purge = %s (%+v), want PlanMismatch", rec.Steps[0].Status, rec.Steps[0].Error)
	}
	if msg := rec.Steps[0].Error.Message; !strings.Contains(msg, "other keys or sizes") {
		t.Errorf("message %q does not say the keys changed", msg)
	}
	if got := listKeys(t, srv, bucket); !slices.Equal(got, []string{"prod/critical.db"}) {
		t.Errorf("%s holds %q, want prod/critical.db kept", bucket, got)
	}
}

func TestPlanMoveFromVersionedRevealsOlder(t *testing.T) {
	srv := versity(t)
	source, quarantine := srv.Bucket(t, "vrev-"), srv.Bucket(t, "vrevq-")
	srv.EnableVersioning(t, source)
	putObject(t, srv, source, "doc.txt", "older version")
	putObject(t, srv, source, "doc.txt", "newest")
	folder := filepath.Join(t.TempDir(), "after")
	pb := mustLoad(t, fmt.Sprintf(`
name: move-then-read
steps:
  - id: quarantine
    action: s3.move_files
    with: {source_bucket: %[1]s, keys: [doc.txt], destination_bucket: %[2]s}
  - id: fetch
    action: s3.download_files
    with: {bucket: %[1]s, keys: [doc.txt], destination: %[3]s}
`, source, quarantine, folder))

	plan, rec := planThenRun(t, srv, pb)
	if plan.Status != actions.Succeeded {
		t.Fatalf("plan status = %s; steps: %+v", plan.Status, stepSummary(plan))
	}
	if got := plan.Steps[1].Changes[0].Counts.Bytes; got != int64(len("older version")) {
		t.Errorf("the download plan counts %d bytes, want the older version's %d", got,
			len("older version"))
	}
	if rec.Status != actions.Succeeded {
		t.Fatalf("run status = %s; steps: %+v", rec.Status, stepSummary(rec))
	}
	got, err := os.ReadFile(filepath.Join(folder, "doc.txt"))
	if err != nil || string(got) != "older version" {
		t.Errorf("downloaded %q (%v), want the older version", got, err)
	}
}

func TestPlanDownloadOverLocalFilesThenUpload(t *testing.T) {
	srv := versity(t)
	source, target := srv.Bucket(t, "dlover-"), srv.Bucket(t, "upover-")
	putObject(t, srv, source, "logs/a.txt", "new")
	putObject(t, srv, source, "logs/b.txt", "fresh")
	folder := t.TempDir()
	if err := os.MkdirAll(filepath.Join(folder, "logs"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(folder, "logs", "a.txt"), []byte("stale!"), 0o600); err != nil {
		t.Fatal(err)
	}
	pattern := filepath.Join(folder, "logs", "*.txt")
	pb := mustLoad(t, fmt.Sprintf(`
name: download-over-then-upload
steps:
  - id: dl
    action: s3.download_files
    with: {bucket: %s, keys: [logs/a.txt, logs/b.txt], destination: %s, overwrite: true}
  - id: up
    action: s3.upload_files
    with: {bucket: %s, files: ["%s", "%s"]}
`, source, folder, target, pattern, pattern))

	plan, rec := planThenRun(t, srv, pb)
	changes := plan.Steps[1].Changes
	if len(changes) != 2 {
		t.Fatalf("the upload plan has %d changes, want a.txt and b.txt once each", len(changes))
	}
	if changes[0].Counts.Bytes != 3 {
		t.Errorf("a.txt is planned with %d bytes, want the downloaded 3", changes[0].Counts.Bytes)
	}
	if rec.Status != actions.Succeeded {
		t.Errorf("run status = %s; steps: %+v", rec.Status, stepSummary(rec))
	}
}

func TestPlanUploadThenDownloadAll(t *testing.T) {
	srv := versity(t)
	bucket := srv.Bucket(t, "updlall-")
	putObject(t, srv, bucket, "old.txt", "old")
	file := localFile(t, "new.txt", "brand new")
	folder := filepath.Join(t.TempDir(), "copy")
	pb := mustLoad(t, fmt.Sprintf(`
name: upload-then-download-all
steps:
  - id: up
    action: s3.upload_files
    with: {bucket: %[1]s, files: [%[2]s]}
  - id: drop_old
    action: s3.delete_bucket_objects
    with: {bucket: %[1]s, keys: [old.txt]}
  - id: again
    action: s3.upload_files
    with: {bucket: %[1]s, files: [%[2]s], folder: again}
  - id: fetch
    action: s3.download_files
    with: {bucket: %[1]s, keys: ["*"], destination: %[3]s}
`, bucket, file, folder))

	plan, rec := planThenRun(t, srv, pb)
	if plan.Status != actions.Succeeded {
		t.Errorf("plan status = %s; steps: %+v", plan.Status, stepSummary(plan))
	}
	if n := len(plan.Steps[3].Changes); n != 2 {
		t.Errorf("the download plan has %d changes, want new.txt and again/new.txt", n)
	}
	if rec.Status != actions.Succeeded {
		t.Fatalf("run status = %s; steps: %+v", rec.Status, stepSummary(rec))
	}
}

func TestPlanTwoEmptyingsOfVersionedBucket(t *testing.T) {
	srv := versity(t)
	bucket := srv.Bucket(t, "twoempty-")
	srv.EnableVersioning(t, bucket)
	putObject(t, srv, bucket, "a.txt", "one")
	putObject(t, srv, bucket, "b.txt", "two")
	pb := mustLoad(t, fmt.Sprintf(`
name: two-emptyings
steps:
  - id: current
    action: s3.delete_bucket_objects
    with: {bucket: %[1]s, keys: ["*"]}
  - id: everything
    action: s3.delete_bucket_objects
    with: {bucket: %[1]s, keys: ["*"], all_versions: true}
  - id: drop
    action: s3.delete_buckets
    with: {bucket_names: [%[1]s]}
`, bucket))

	plan, rec := planThenRun(t, srv, pb)
	if got := plan.Steps[1].Changes[0].Counts.DeleteMarkers; got != 2 {
		t.Errorf("the second emptying plans %d delete markers, want the 2 the first adds", got)
	}
	if rec.Status != actions.Succeeded {
		t.Errorf("run status = %s; steps: %+v", rec.Status, stepSummary(rec))
	}
}

func TestPlanTwoEmptyingsOfSuspendedBucket(t *testing.T) {
	srv := versity(t)
	bucket := srv.Bucket(t, "twosus-")
	_, err := srv.Client().PutBucketVersioning(context.Background(), &s3.PutBucketVersioningInput{
		Bucket: &bucket, VersioningConfiguration: &s3types.VersioningConfiguration{
			Status: s3types.BucketVersioningStatusSuspended}})
	if err != nil {
		t.Fatal(err)
	}
	putObject(t, srv, bucket, "a.txt", "one")
	pb := mustLoad(t, fmt.Sprintf(`
name: two-emptyings-suspended
steps:
  - id: current
    action: s3.delete_bucket_objects
    with: {bucket: %[1]s, keys: ["*"]}
  - id: everything
    action: s3.delete_bucket_objects
    with: {bucket: %[1]s, keys: ["*"], all_versions: true}
`, bucket))

	plan, rec := planThenRun(t, srv, pb)
	counts := plan.Steps[1].Changes[0].Counts
	if counts.Versions != 0 || counts.DeleteMarkers != 1 {
		t.Errorf("the second emptying plans %+v, want only the null delete marker", counts)
	}
	if rec.Status != actions.Succeeded {
		t.Errorf("run status = %s; steps: %+v", rec.Status, stepSummary(rec))
	}
}
