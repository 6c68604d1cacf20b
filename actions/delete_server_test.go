package actions

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// seedVersioned fills a versioned bucket with two versions of a.txt behind a
// delete marker, then suspends versioning and adds s.txt (version "null")
// and a "null" delete marker for n.txt, and leaves an incomplete multipart
// upload of big.bin.
func seedVersioned(t *testing.T, c *s3.Client, bucket string) {
	t.Helper()
	ctx := context.Background()
	setVersioning(t, c, bucket, types.BucketVersioningStatusEnabled)
	putKeys(t, c, bucket, []string{"a.txt"})
	putKeys(t, c, bucket, []string{"a.txt"})
	mustDelete(t, c, bucket, "a.txt")
	setVersioning(t, c, bucket, types.BucketVersioningStatusSuspended)
	putKeys(t, c, bucket, []string{"s.txt", "n.txt"})
	mustDelete(t, c, bucket, "n.txt")
	up, err := c.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{
		Bucket: &bucket, Key: aws.String("big.bin")})
	if err != nil {
		t.Fatalf("start upload: %v", err)
	}
	_, err = c.UploadPart(ctx, &s3.UploadPartInput{Bucket: &bucket, Key: aws.String("big.bin"),
		UploadId: up.UploadId, PartNumber: aws.Int32(1), Body: strings.NewReader("part")})
	if err != nil {
		t.Fatalf("upload part: %v", err)
	}
	if n := rawVersions(t, c, bucket); n != 5 {
		t.Fatalf("seeded %d versions and delete markers, want 5", n)
	}
}

func mustDelete(t *testing.T, c *s3.Client, bucket, key string) {
	t.Helper()
	_, err := c.DeleteObject(context.Background(), &s3.DeleteObjectInput{
		Bucket: &bucket, Key: aws.String(key)})
	if err != nil {
		t.Fatalf("delete %s: %v", key, err)
	}
}

func TestEmptyVersionedBucket(t *testing.T) {
	call, srv := serverCall(t, nil)
	c := srv.Client()
	bucket := srv.Bucket(t, "s3play-empty-")
	seedVersioned(t, c, bucket)

	call.Params = Params{"bucket": bucket, "keys": []string{"*"}, "all_versions": true}
	res, err := runAction(t, call, "s3.delete_bucket_objects")
	if err != nil {
		t.Fatalf("empty bucket: %v", err)
	}
	if res.Outcome() != Succeeded {
		t.Fatalf("status = %s (%v), want Succeeded", res.Outcome(), res.Error)
	}
	wantCounts(t, res, map[string]int{
		"VersionsDeleted": 3, "DeleteMarkersDeleted": 2, "UploadsAborted": 1})
	if n := rawVersions(t, c, bucket); n != 0 {
		t.Errorf("%d versions or delete markers left", n)
	}
	if n := uploadCount(t, c, bucket); n != 0 {
		t.Errorf("%d uploads left", n)
	}

	call.Params = Params{"bucket_names": []string{bucket}}
	res, err = runAction(t, call, "s3.delete_buckets")
	if err != nil || res.Outcome() != Succeeded {
		t.Fatalf("delete bucket: status %v, error %v, items %+v", res.Outcome(), err, res.Items)
	}
}

func wantCounts(t *testing.T, res *Result, want map[string]int) {
	t.Helper()
	for field, n := range want {
		if got := outputNumber(t, res, field); got != n {
			t.Errorf("%s = %d, want %d", field, got, n)
		}
	}
}

func TestEmptyWithoutVersionsKeepsBucket(t *testing.T) {
	call, srv := serverCall(t, nil)
	bucket := srv.Bucket(t, "s3play-current-")
	seedVersioned(t, srv.Client(), bucket)

	call.Params = Params{"bucket": bucket, "keys": []string{"*"}, "all_versions": false}
	res, err := runAction(t, call, "s3.delete_bucket_objects")
	if err != nil || res.Outcome() != Succeeded {
		t.Fatalf("empty bucket: status %v, error %v", res.Outcome(), err)
	}

	call.Params = Params{"bucket_names": []string{bucket}}
	res, err = runAction(t, call, "s3.delete_buckets")
	if err != nil {
		t.Fatal(err)
	}
	item := res.Items[0]
	if item.Status != Failed || item.Error == nil {
		t.Fatalf("item = %+v, want Failed", item)
	}
	if item.Error.StatusCode != "409" || item.Error.Code != "BucketNotEmpty" {
		t.Errorf("error = %s %s, want 409 BucketNotEmpty", item.Error.StatusCode, item.Error.Code)
	}
	want := "An error occurred (BucketNotEmpty) when calling the DeleteBucket operation: "
	if !strings.HasPrefix(item.Error.Message, want) {
		t.Errorf("message = %q, want prefix %q", item.Error.Message, want)
	}
	if want := "Delete Buckets failed for " + bucket + "."; item.Error.Indicator != want {
		t.Errorf("indicator = %q, want %q", item.Error.Indicator, want)
	}
}

// versitygw 1.8.0 repeats the entry at each page boundary and ends a
// listing early when the entry named by the markers was deleted.
func TestEmptyRepeatingServer(t *testing.T) {
	for _, versioned := range []bool{false, true} {
		t.Run(map[bool]string{false: "unversioned", true: "versioned"}[versioned],
			func(t *testing.T) {
				call, srv := serverCall(t, nil)
				c := srv.Client()
				bucket := srv.Bucket(t, "s3play-repeat-")
				if versioned {
					setVersioning(t, c, bucket, types.BucketVersioningStatusEnabled)
				}
				putKeys(t, c, bucket, numberedKeys("k/", 3000))
				t.Logf("plain listing returns %d entries for 3000 objects",
					rawVersions(t, c, bucket))

				call.Params = Params{"bucket": bucket, "keys": []string{"*"},
					"all_versions": true}
				res, err := runAction(t, call, "s3.delete_bucket_objects")
				if err != nil || res.Outcome() != Succeeded {
					t.Fatalf("empty bucket: status %v, error %v", res.Outcome(), err)
				}
				wantCounts(t, res, map[string]int{"VersionsDeleted": 3000, "Passes": 1})
				if n := rawVersions(t, c, bucket); n != 0 {
					t.Errorf("%d versions left", n)
				}
			})
	}
}

func TestEmptyBatchesOnServer(t *testing.T) {
	call, srv := serverCall(t, nil)
	bucket := srv.Bucket(t, "s3play-batch-")
	putKeys(t, srv.Client(), bucket, numberedKeys("k/", 2500))

	client, err := call.Conn.S3(context.Background(), call.Settings)
	if err != nil {
		t.Fatal(err)
	}
	counting := &countingClient{Client: client}
	call.Params = Params{"all_versions": false}
	res, err := deleteObjects(context.Background(), counting, call, deleteTitle, bucket,
		[]string{"*"})
	if err != nil || res.Outcome() != Succeeded {
		t.Fatalf("empty bucket: status %v, error %v", res.Outcome(), err)
	}
	if len(counting.batches) != 3 {
		t.Errorf("DeleteObjects requests = %v, want 3", counting.batches)
	}
	for _, n := range counting.batches {
		if n > maxBatch {
			t.Errorf("a request carried %d keys, over %d", n, maxBatch)
		}
	}
	wantCounts(t, res, map[string]int{"ObjectsDeleted": 2500})
}
