package engine

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/internal/testserver"
)

const maxItemsPlaybook = `
name: max-items
inputs:
  prefix: {type: string, required: true}
steps:
  - id: buckets
    action: s3.list_buckets
  - id: delete
    action: s3.delete_buckets
    for_each: $.steps.buckets.output.Buckets[*].Name
    when: item startsWith inputs.prefix
    max_items: %d
    with:
      bucket_names: ["{{ $.item }}"]
`

// runMaxItems deletes the three buckets under a fresh prefix, next to
// other buckets on the server, with the given max_items.
func runMaxItems(t *testing.T, limit int) (*Record, *testserver.Server, []string) {
	srv := testserver.Versity(t)
	srv.SetEnv(t)
	prefix := testserver.UniqueName("max") + "-"
	names := []string{prefix + "a", prefix + "b", prefix + "c"}
	for _, b := range names {
		srv.CreateBucket(t, b)
	}
	srv.Bucket(t, "s3play-other-")

	pb := mustLoad(t, fmt.Sprintf(maxItemsPlaybook, limit))
	inputs, err := pb.ResolveInputs(map[string]string{"prefix": prefix})
	if err != nil {
		t.Fatal(err)
	}
	return newTestRunner(srv).Run(context.Background(), pb, inputs), srv, names
}

func TestMaxItemsStopsBeforeAnyChange(t *testing.T) {
	rec, srv, names := runMaxItems(t, 2)
	step := rec.Steps[1]
	if step.Status != actions.Failed {
		t.Fatalf("delete status = %s, want Failed", step.Status)
	}
	if step.Error == nil || !strings.Contains(step.Error.Message, "max_items") {
		t.Errorf("error = %v, want it to name max_items", step.Error)
	}
	for _, b := range names {
		if !srv.BucketExists(t, b) {
			t.Errorf("bucket %s was deleted although the step exceeded max_items", b)
		}
	}
}

func TestMaxItemsCountsOnlySelectedItems(t *testing.T) {
	rec, srv, names := runMaxItems(t, 3)
	if rec.Status != actions.Succeeded {
		t.Fatalf("run status = %s; steps: %+v", rec.Status, stepSummary(rec))
	}
	for _, b := range names {
		if srv.BucketExists(t, b) {
			t.Errorf("bucket %s still exists", b)
		}
	}
}

func TestMaxItemsCountsRepeatedKeyOnce(t *testing.T) {
	srv := testserver.Versity(t)
	srv.SetEnv(t)
	bucket := srv.Bucket(t, "s3play-maxdup-")
	srv.Put(t, bucket, "dup.txt")
	pb := mustLoad(t, fmt.Sprintf(`
name: max-items-repeated
steps:
  - id: delete
    action: s3.delete_bucket_objects
    max_items: 1
    with: {bucket: %s, keys: [dup.txt, dup.txt, dup.txt]}
`, bucket))

	rec := newTestRunner(srv).Run(context.Background(), pb, map[string]any{})
	if rec.Steps[0].Status != actions.Succeeded {
		t.Errorf("status = %s (%v), want Succeeded: three copies of one key are one target",
			rec.Steps[0].Status, rec.Steps[0].Error)
	}
}
