package engine

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/internal/testserver"
)

// runShipped runs a playbook from playbooks/ with text inputs, as the
// command line passes them.
func runShipped(t *testing.T, srv *testserver.Server, name string,
	inputs map[string]string) *Record {
	t.Helper()
	pb, err := LoadFile(filepath.Join("..", "playbooks", name))
	if err != nil {
		t.Fatal(err)
	}
	resolved, err := pb.ResolveInputs(inputs)
	if err != nil {
		t.Fatal(err)
	}
	return newTestRunner(srv).Run(context.Background(), pb, resolved)
}

func listKeys(t *testing.T, srv *testserver.Server, bucket string) []string {
	t.Helper()
	out, err := srv.Client().ListObjectsV2(context.Background(),
		&s3.ListObjectsV2Input{Bucket: &bucket})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, o := range out.Contents {
		keys = append(keys, aws.ToString(o.Key))
	}
	slices.Sort(keys)
	return keys
}

func TestRunQuarantineObjects(t *testing.T) {
	srv := testserver.Versity(t)
	srv.SetEnv(t)
	source, quarantine := srv.Bucket(t, "src-"), srv.Bucket(t, "quarantine-")
	srv.Put(t, source, "keep.txt", "loose a+b.txt", "drop/1.txt", "drop/2 x.txt")

	rec := runShipped(t, srv, "quarantine-objects.yaml", map[string]string{
		"source_bucket": source, "quarantine_bucket": quarantine, "case_id": "IR-7",
		"keys": `["loose a+b.txt", "drop/1.txt"]`, "prefix": "drop/"})

	if rec.Status != actions.Succeeded {
		t.Fatalf("run status = %s; steps: %+v", rec.Status, stepSummary(rec))
	}
	want := []string{"IR-7/drop/1.txt", "IR-7/drop/2 x.txt", "IR-7/loose a+b.txt"}
	if got := listKeys(t, srv, quarantine); !slices.Equal(got, want) {
		t.Errorf("quarantine holds %q, want %q", got, want)
	}
	if got := listKeys(t, srv, source); !slices.Equal(got, []string{"keep.txt"}) {
		t.Errorf("source holds %q, want only keep.txt", got)
	}
	if n := len(rec.Steps[2].Items); n != 1 {
		t.Errorf("move_listed moved %d keys, want 1: drop/1.txt was named in keys", n)
	}
	if rec.Outputs["objects_left_behind"] != false {
		t.Errorf("objects_left_behind = %v, want false", rec.Outputs["objects_left_behind"])
	}
}

func TestRunQuarantineAboveOnePage(t *testing.T) {
	srv := testserver.Versity(t)
	srv.SetEnv(t)
	source, quarantine := srv.Bucket(t, "src-"), srv.Bucket(t, "quarantine-")
	srv.Put(t, source, testserver.Keys("many/", 1005)...)
	inputs := map[string]string{"source_bucket": source, "quarantine_bucket": quarantine,
		"case_id": "IR-8", "prefix": "many/"}

	// Each run moves at most 1,000 objects and reports when more remain, so
	// a second run moves the rest.
	for run, want := range []struct {
		moved, left int
		behind      bool
	}{{1000, 5, true}, {5, 0, false}} {
		rec := runShipped(t, srv, "quarantine-objects.yaml", inputs)
		if rec.Status != actions.Succeeded {
			t.Fatalf("run %d status = %s; steps: %+v", run, rec.Status, stepSummary(rec))
		}
		if moved, _ := rec.Outputs["moved_under_prefix"].([]any); len(moved) != want.moved {
			t.Errorf("run %d: moved_under_prefix has %d keys, want %d", run, len(moved), want.moved)
		}
		if got := countKeys(t, srv, source); got != want.left {
			t.Errorf("run %d: %d objects left in the source, want %d", run, got, want.left)
		}
		if rec.Outputs["objects_left_behind"] != want.behind {
			t.Errorf("run %d: objects_left_behind = %v, want %v", run,
				rec.Outputs["objects_left_behind"], want.behind)
		}
	}
}

// countKeys counts the current objects of a bucket across every page.
func countKeys(t *testing.T, srv *testserver.Server, bucket string) int {
	t.Helper()
	n := 0
	pages := s3.NewListObjectsV2Paginator(srv.Client(), &s3.ListObjectsV2Input{Bucket: &bucket})
	for pages.HasMorePages() {
		page, err := pages.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		n += len(page.Contents)
	}
	return n
}

func TestRunCollectEvidence(t *testing.T) {
	srv := testserver.Versity(t)
	srv.SetEnv(t)
	bucket := srv.Bucket(t, "evidence-")
	srv.Put(t, bucket, "logs/a.log", "logs/2024/b.log", "other.txt")
	dest := filepath.Join(t.TempDir(), "case")

	rec := runShipped(t, srv, "collect-evidence.yaml", map[string]string{
		"bucket": bucket, "prefix": "logs/", "destination": dest})

	if rec.Status != actions.Succeeded {
		t.Fatalf("run status = %s; steps: %+v", rec.Status, stepSummary(rec))
	}
	for _, key := range []string{"logs/a.log", "logs/2024/b.log"} {
		data, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(key)))
		if err != nil || string(data) != "body of "+key {
			t.Errorf("%s: %q, %v", key, data, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dest, "other.txt")); err == nil {
		t.Error("other.txt, outside the prefix, was downloaded")
	}
	if rec.Outputs["more_objects"] != false {
		t.Errorf("more_objects = %v, want false", rec.Outputs["more_objects"])
	}
}
