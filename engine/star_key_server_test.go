package engine

import (
	"context"
	"testing"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/internal/testserver"
)

// An object may be named "*". Selecting it through a reference must delete
// that object only, never empty the bucket.
func TestRunComputedStarKeyDeletesOneObject(t *testing.T) {
	srv := testserver.Versity(t)
	srv.SetEnv(t)
	bucket := srv.Bucket(t, "s3play-star-")
	srv.Put(t, bucket, "*", "customer/data.csv", "keep.txt")

	pb := mustLoad(t, `
name: star-key
inputs:
  bucket: {type: string, required: true}
steps:
  - id: list
    action: s3.list_bucket_objects
    with:
      bucket: $.inputs.bucket
  - id: delete
    action: s3.delete_bucket_objects
    with:
      bucket: $.inputs.bucket
      keys: $.steps.list.output.Contents[?(@.Key == '*')].Key
`)
	inputs, err := pb.ResolveInputs(map[string]string{"bucket": bucket})
	if err != nil {
		t.Fatal(err)
	}
	rec := newTestRunner(srv).Run(context.Background(), pb, inputs)
	if rec.Status != actions.Succeeded {
		t.Fatalf("run status = %s; steps: %+v", rec.Status, stepSummary(rec))
	}

	versions, _ := srv.CountVersions(t, bucket)
	if versions != 2 {
		t.Errorf("bucket has %d objects after deleting the key *, want 2", versions)
	}
	if items := rec.Steps[1].Items; len(items) != 1 || items[0].Item != "*" {
		t.Errorf("delete items = %+v, want one item for the key *", items)
	}
}
