package engine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/s3play/s3play/actions"
)

// collidingMoves moves evidence.log from two buckets to one destination
// key, one loop item per source bucket.
const collidingMoves = `
name: collide
steps:
  - id: quarantine
    action: s3.move_files
    for_each: [%s, %s]
    with:
      source_bucket: $.item
      keys: [evidence.log]
      destination_bucket: %s
      destination_path: IR-9
`

func TestRunRejectsSecondWriteToOneKey(t *testing.T) {
	srv := versity(t)
	first, second, quarantine := srv.Bucket(t, "first-"), srv.Bucket(t, "second-"),
		srv.Bucket(t, "quarantine-")
	srv.Put(t, first, "evidence.log")
	srv.Put(t, second, "evidence.log")
	pb := mustLoad(t, fmt.Sprintf(collidingMoves, first, second, quarantine))
	runner := newTestRunner(srv)

	plan := runner.Plan(context.Background(), pb, map[string]any{})
	rec := runner.Run(context.Background(), pb, map[string]any{})

	for name, r := range map[string]*Record{"plan": plan, "run": rec} {
		items := r.Steps[0].Items
		if len(items) != 2 {
			t.Fatalf("%s: %d items, want 2", name, len(items))
		}
		if items[0].Status != actions.Succeeded {
			t.Errorf("%s: first move = %s, want Succeeded", name, items[0].Status)
		}
		if items[1].Status != actions.Failed {
			t.Errorf("%s: second move = %s, want Failed", name, items[1].Status)
			continue
		}
		if msg := items[1].Error.Message; !strings.Contains(msg, "step quarantine, item 0") {
			t.Errorf("%s: message %q does not name the first write", name, msg)
		}
	}
	if got := listKeys(t, srv, second); !slices.Equal(got, []string{"evidence.log"}) {
		t.Errorf("second source holds %q, want evidence.log kept", got)
	}
	if got := listKeys(t, srv, first); len(got) != 0 {
		t.Errorf("first source holds %q, want it moved", got)
	}
}

func TestRunRejectsSecondDownloadToOneFile(t *testing.T) {
	srv := versity(t)
	first, second := srv.Bucket(t, "first-"), srv.Bucket(t, "second-")
	srv.Put(t, first, "logs/app.log")
	srv.Put(t, second, "logs/app.log")
	destination := t.TempDir()
	pb := mustLoad(t, fmt.Sprintf(`
name: evidence
steps:
  - id: collect
    action: s3.download_files
    for_each: [%s, %s]
    with: {bucket: $.item, keys: [logs/app.log], destination: %s}
`, first, second, destination))

	rec := newTestRunner(srv).Run(context.Background(), pb, map[string]any{})
	items := rec.Steps[0].Items
	if len(items) != 2 || items[0].Status != actions.Succeeded || items[1].Status != actions.Failed {
		t.Fatalf("items = %+v, want the first download to succeed and the second to fail", items)
	}
	if _, err := os.Stat(filepath.Join(destination, "logs", "app.log")); err != nil {
		t.Errorf("the first download is missing: %v", err)
	}
}

func TestRunFailedItemFreesDestination(t *testing.T) {
	srv := versity(t)
	empty, full, quarantine := srv.Bucket(t, "empty-"), srv.Bucket(t, "full-"),
		srv.Bucket(t, "quarantine-")
	srv.Put(t, full, "evidence.log")
	pb := mustLoad(t, fmt.Sprintf(collidingMoves, empty, full, quarantine))

	rec := newTestRunner(srv).Run(context.Background(), pb, map[string]any{})
	items := rec.Steps[0].Items
	if len(items) != 2 || items[0].Status != actions.Failed || items[1].Status != actions.Succeeded {
		t.Fatalf("items = %+v, want the missing key to fail and the other to move", items)
	}
	if got := listKeys(t, srv, quarantine); !slices.Equal(got, []string{"IR-9/evidence.log"}) {
		t.Errorf("quarantine holds %q, want IR-9/evidence.log", got)
	}
}

func TestRunRejectsDownloadThroughLink(t *testing.T) {
	srv := versity(t)
	first, second := srv.Bucket(t, "first-"), srv.Bucket(t, "second-")
	srv.Put(t, first, "sub/a")
	srv.Put(t, second, "sub/a")
	dir := t.TempDir()
	real, link := filepath.Join(dir, "dl1"), filepath.Join(dir, "dl2")
	if err := os.Mkdir(real, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	pb := mustLoad(t, fmt.Sprintf(`
name: through-link
steps:
  - id: d1
    action: s3.download_files
    with: {bucket: %s, keys: [sub/a], destination: %s}
  - id: d2
    action: s3.download_files
    with: {bucket: %s, keys: [sub/a], destination: %s}
`, first, real, second, link))

	rec := newTestRunner(srv).Run(context.Background(), pb, map[string]any{})
	if rec.Steps[1].Status != actions.Failed {
		t.Errorf("second download through the link = %s, want Failed", rec.Steps[1].Status)
	}
}

func TestPlanDeleteThenUploadSameKey(t *testing.T) {
	srv := versity(t)
	bucket := srv.Bucket(t, "delup-")
	file := localFile(t, "a.txt", "first")
	pb := mustLoad(t, fmt.Sprintf(`
name: upload-delete-upload
steps:
  - id: up
    action: s3.upload_files
    with: {bucket: %[1]s, files: [%[2]s]}
  - id: drop
    action: s3.delete_bucket_objects
    with: {bucket: %[1]s, keys: [a.txt]}
  - id: up_again
    action: s3.upload_files
    with: {bucket: %[1]s, files: [%[2]s]}
`, bucket, file))

	plan, rec := planThenRun(t, srv, pb)
	if plan.Status != actions.Succeeded {
		t.Errorf("plan status = %s; steps: %+v", plan.Status, stepSummary(plan))
	}
	if rec.Status != actions.Succeeded {
		t.Errorf("run status = %s; steps: %+v", rec.Status, stepSummary(rec))
	}
}
