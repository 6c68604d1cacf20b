package engine

import (
	"context"
	"testing"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/internal/testserver"
)

func newTestRunner(srv *testserver.Server) *Runner {
	return &Runner{
		Conn: actions.NewConnector(),
		Env:  actions.Settings{EndpointURL: srv.Endpoint},
	}
}

// seedHeadline creates the buckets of the headline scenario under a unique
// prefix: a versioned bucket with versions, delete markers and an
// incomplete upload, a plain bucket with 2,500 objects, and one to keep.
func seedHeadline(t *testing.T, srv *testserver.Server) (prefix, versioned, plain, keep string) {
	prefix = testserver.UniqueName("tmp") + "-"
	versioned, plain = prefix+"a", prefix+"b"
	keep = testserver.UniqueName("keep-c")
	for _, b := range []string{versioned, plain, keep} {
		srv.CreateBucket(t, b)
	}
	srv.EnableVersioning(t, versioned)
	for range 3 {
		srv.Put(t, versioned, "one.txt", "two.txt", "three.txt")
	}
	srv.DeleteMarker(t, versioned, "one.txt")
	srv.DeleteMarker(t, versioned, "two.txt")
	srv.StartUpload(t, versioned, "big.bin")
	srv.Put(t, plain, testserver.Keys("k/", 2500)...)
	srv.Put(t, keep, "a", "b", "c")
	return prefix, versioned, plain, keep
}

func TestRunHeadlineDeletesPrefixedBuckets(t *testing.T) {
	srv := testserver.Versity(t)
	srv.SetEnv(t)
	prefix, versioned, plain, keep := seedHeadline(t, srv)

	pb, err := LoadFile("../playbooks/delete-buckets-with-prefix.yaml")
	if err != nil {
		t.Fatal(err)
	}
	inputs, err := pb.ResolveInputs(map[string]string{"prefix": prefix})
	if err != nil {
		t.Fatal(err)
	}
	rec := newTestRunner(srv).Run(context.Background(), pb, inputs)

	if rec.Status != actions.Succeeded {
		t.Fatalf("run status = %s; steps: %+v", rec.Status, stepSummary(rec))
	}
	for _, b := range []string{versioned, plain} {
		if srv.BucketExists(t, b) {
			t.Errorf("bucket %s still exists", b)
		}
	}
	if !srv.BucketExists(t, keep) {
		t.Fatalf("bucket %s was deleted", keep)
	}
	if v, _ := srv.CountVersions(t, keep); v != 3 {
		t.Errorf("bucket %s has %d objects, want 3", keep, v)
	}
	deleted := rec.Steps[2].Items
	if len(deleted) != 2 {
		t.Errorf("delete step has %d items, want 2", len(deleted))
	}
}

func TestRunWithoutAllVersionsLeavesBucket(t *testing.T) {
	srv := testserver.Versity(t)
	srv.SetEnv(t)
	bucket := srv.Bucket(t, "ver-")
	srv.EnableVersioning(t, bucket)
	srv.Put(t, bucket, "a.txt")
	srv.Put(t, bucket, "a.txt")

	pb := mustLoad(t, `
name: shallow-empty
inputs:
  bucket: {type: string}
steps:
  - id: empty
    action: s3.delete_bucket_objects
    with: {bucket: $.inputs.bucket, keys: ["*"]}
  - id: delete
    action: s3.delete_buckets
    with: {bucket_names: ["{{ $.inputs.bucket }}"]}
`)
	rec := newTestRunner(srv).Run(context.Background(), pb, map[string]any{"bucket": bucket})

	del := rec.Steps[1]
	if del.Status != actions.Failed {
		t.Fatalf("delete status = %s, want Failed", del.Status)
	}
	if len(del.Items) != 1 || del.Items[0].Error == nil {
		t.Fatalf("delete items = %+v", del.Items)
	}
	f := del.Items[0].Error
	if f.StatusCode != "409" || f.Code != "BucketNotEmpty" {
		t.Errorf("failure = %+v, want 409 BucketNotEmpty", f)
	}
	if rec.Status != actions.Failed {
		t.Errorf("run status = %s, want Failed", rec.Status)
	}
}

func stepSummary(rec *Record) []string {
	var out []string
	for _, s := range rec.Steps {
		line := s.ID + "=" + string(s.Status) + " " + s.Reason
		if s.Error != nil {
			line += " " + s.Error.Error()
		}
		for _, it := range s.Items {
			if it.Error != nil {
				line += " | " + it.Error.Error()
			}
		}
		out = append(out, line)
	}
	return out
}
