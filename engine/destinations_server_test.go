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
	"github.com/s3play/s3play/internal/testserver"
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
	srv := testserver.Versity(t)
	srv.SetEnv(t)
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
	srv := testserver.Versity(t)
	srv.SetEnv(t)
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
