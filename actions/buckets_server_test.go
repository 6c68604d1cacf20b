package actions

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3play/s3play/internal/testserver"
)

func TestListBucketsPages(t *testing.T) {
	withPageSize(t, 1)
	call, srv := serverCall(t, nil)
	want := []string{srv.Bucket(t, "s3play-list-"), srv.Bucket(t, "s3play-list-")}

	res, err := runAction(t, call, "s3.list_buckets")
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]any{}
	for _, b := range res.Output.(map[string]any)["Buckets"].([]any) {
		entry := b.(map[string]any)
		found[entry["Name"].(string)] = entry["CreationDate"]
	}
	for _, name := range want {
		created, ok := found[name]
		if !ok {
			t.Errorf("bucket %s missing from %d listed", name, len(found))
			continue
		}
		if _, err := time.Parse(time.RFC3339, created.(string)); err != nil {
			t.Errorf("CreationDate of %s: %v", name, err)
		}
	}
}

func TestCreateDeleteBuckets(t *testing.T) {
	call, srv := serverCall(t, nil)
	names := []string{testserver.UniqueName("s3play-new-"), testserver.UniqueName("s3play-new-")}
	t.Cleanup(func() {
		for _, n := range names {
			srv.Remove(context.Background(), n)
		}
	})

	call.Params = Params{"bucket_names": names}
	res, err := runAction(t, call, "s3.create_buckets")
	if err != nil || res.Outcome() != Succeeded {
		t.Fatalf("create: status %v, error %v, items %+v", res.Outcome(), err, res.Items)
	}
	res, err = runAction(t, call, "s3.create_buckets")
	if err != nil || res.Outcome() != Succeeded {
		t.Fatalf("create again: status %v, error %v, items %+v", res.Outcome(), err, res.Items)
	}
	if owned := res.Items[0].Output.(map[string]any)["AlreadyOwnedByYou"]; owned != true {
		t.Errorf("AlreadyOwnedByYou = %v, want true", owned)
	}

	res, err = runAction(t, call, "s3.delete_buckets")
	if err != nil || res.Outcome() != Succeeded {
		t.Fatalf("delete: status %v, error %v, items %+v", res.Outcome(), err, res.Items)
	}
	_, err = srv.Client().HeadBucket(context.Background(), &s3.HeadBucketInput{Bucket: &names[0]})
	if err == nil {
		t.Errorf("bucket %s still exists", names[0])
	}

	res, err = runAction(t, call, "s3.delete_buckets")
	if err != nil {
		t.Fatal(err)
	}
	if item := res.Items[0]; item.Status != Failed || item.Error.StatusCode != "404" {
		t.Errorf("second delete = %+v, want Failed with 404", item)
	}
}
