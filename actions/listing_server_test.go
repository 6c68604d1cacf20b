package actions

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// markerRecorder records the markers of each ListObjectVersions request.
type markerRecorder struct {
	*s3.Client
	mu       sync.Mutex
	requests []*s3.ListObjectVersionsInput
}

func (m *markerRecorder) ListObjectVersions(ctx context.Context, in *s3.ListObjectVersionsInput,
	opts ...func(*s3.Options)) (*s3.ListObjectVersionsOutput, error) {
	m.mu.Lock()
	clone := *in
	m.requests = append(m.requests, &clone)
	m.mu.Unlock()
	return m.Client.ListObjectVersions(ctx, in, opts...)
}

// seedHot writes 25 versions and 3 delete markers of hot.txt and one
// version of cold.txt.
func seedHot(t *testing.T, c *s3.Client, bucket string) {
	t.Helper()
	setVersioning(t, c, bucket, types.BucketVersioningStatusEnabled)
	for i := range 25 {
		putKeys(t, c, bucket, []string{"hot.txt"})
		if i%8 == 7 {
			mustDelete(t, c, bucket, "hot.txt")
		}
	}
	putKeys(t, c, bucket, []string{"cold.txt"})
}

func TestListVersionsPagesOfTen(t *testing.T) {
	withPageSize(t, 10)
	call, srv := serverCall(t, nil)
	bucket := srv.Bucket(t, "s3play-pages-")
	seedHot(t, srv.Client(), bucket)
	client, err := call.Conn.S3(context.Background(), call.Settings)
	if err != nil {
		t.Fatal(err)
	}
	recorder := &markerRecorder{Client: client}

	seen := map[entryKey]int{}
	feed := newVersionFeed(func(e versionEntry) {
		seen[entryKey{aws.ToString(e.id.Key), aws.ToString(e.id.VersionId)}]++
	})
	err = walkVersions(context.Background(), recorder,
		s3.ListObjectVersionsInput{Bucket: &bucket},
		func(out *s3.ListObjectVersionsOutput) bool { feed.page(out); return true })
	feed.flush()
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 29 {
		t.Errorf("distinct entries = %d, want 29", len(seen))
	}
	for k, n := range seen {
		if n > 1 {
			t.Errorf("%s %s listed %d times", k.key, k.version, n)
		}
	}
	if len(recorder.requests) < 3 {
		t.Fatalf("requests = %d, want at least 3 pages of 10", len(recorder.requests))
	}
	for i, in := range recorder.requests[1:] {
		if aws.ToString(in.KeyMarker) == "" || aws.ToString(in.VersionIdMarker) == "" {
			t.Errorf("request %d lacks a marker: key %q, version %q", i+2,
				aws.ToString(in.KeyMarker), aws.ToString(in.VersionIdMarker))
		}
	}
}

func TestDeleteKeyAllVersions(t *testing.T) {
	withPageSize(t, 10)
	call, srv := serverCall(t, nil)
	c := srv.Client()
	bucket := srv.Bucket(t, "s3play-hot-")
	seedHot(t, c, bucket)

	call.Params = Params{"bucket": bucket, "keys": []string{"hot.txt"}, "all_versions": true}
	res, err := runAction(t, call, "s3.delete_bucket_objects")
	if err != nil || res.Outcome() != Succeeded {
		t.Fatalf("delete hot.txt: status %v, error %v, items %+v", res.Outcome(), err, res.Items)
	}
	wantCounts(t, res, map[string]int{"VersionsDeleted": 25, "DeleteMarkersDeleted": 3})
	deleted := res.Items[0].Output.(map[string]any)["Deleted"].([]any)
	if len(deleted) != 28 {
		t.Errorf("item lists %d deleted entries, want 28", len(deleted))
	}
	if n := rawVersions(t, c, bucket); n != 1 {
		t.Errorf("%d entries left, want only cold.txt", n)
	}
}

func TestListObjectsExactCounts(t *testing.T) {
	call, srv := serverCall(t, nil)
	c := srv.Client()
	for _, n := range []int{1000, 2500} {
		bucket := srv.Bucket(t, "s3play-count-")
		putKeys(t, c, bucket, numberedKeys("k/", n))

		call.Params = Params{"bucket": bucket, "prefix": "k/", "max_objects": 1000}
		res, err := runAction(t, call, "s3.list_bucket_objects")
		if err != nil {
			t.Fatal(err)
		}
		out := res.Output.(map[string]any)
		contents := out["Contents"].([]any)
		if len(contents) != 1000 || out["KeyCount"] != float64(1000) {
			t.Errorf("%d keys: listed %d, KeyCount %v, want 1000", n, len(contents), out["KeyCount"])
		}
		if truncated := out["IsTruncated"]; truncated != (n > 1000) {
			t.Errorf("%d keys: IsTruncated = %v, want %v", n, truncated, n > 1000)
		}
		if got := countObjects(t, call, bucket); got != n {
			t.Errorf("walk counted %d keys, want %d", got, n)
		}
	}
}

func TestListObjectsBeyondOnePage(t *testing.T) {
	call, srv := serverCall(t, nil)
	bucket := srv.Bucket(t, "s3play-many-")
	putKeys(t, srv.Client(), bucket, numberedKeys("k/", 1001))

	cases := []struct {
		max, listed int
		truncated   bool
	}{
		{999, 999, true},
		{maxListObjects, 1000, true},
	}
	for _, c := range cases {
		call.Params = Params{"bucket": bucket, "prefix": "k/", "max_objects": c.max}
		res, err := runAction(t, call, "s3.list_bucket_objects")
		if err != nil {
			t.Fatal(err)
		}
		out := res.Output.(map[string]any)
		contents := out["Contents"].([]any)
		if len(contents) != c.listed {
			t.Errorf("max_objects %d: listed %d keys, want %d", c.max, len(contents), c.listed)
		}
		if out["KeyCount"] != float64(c.listed) {
			t.Errorf("max_objects %d: KeyCount = %v, want %d", c.max, out["KeyCount"], c.listed)
		}
		if out["IsTruncated"] != c.truncated {
			t.Errorf("max_objects %d: IsTruncated = %v, want %v", c.max, out["IsTruncated"],
				c.truncated)
		}
		last := contents[len(contents)-1].(map[string]any)["Key"]
		if want := fmt.Sprintf("k/%05d", c.listed-1); last != want {
			t.Errorf("max_objects %d: last key %v, want %s", c.max, last, want)
		}
	}
}

// countObjects counts the distinct keys of every ListObjectsV2 page.
func countObjects(t *testing.T, call *Call, bucket string) int {
	t.Helper()
	client, err := call.Conn.S3(context.Background(), call.Settings)
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	err = walkObjects(context.Background(), client, s3.ListObjectsV2Input{Bucket: &bucket},
		func(out *s3.ListObjectsV2Output) bool {
			for _, o := range out.Contents {
				keys[*o.Key] = true
			}
			return true
		})
	if err != nil {
		t.Fatal(err)
	}
	return len(keys)
}

func TestListObjectsEmptyBucket(t *testing.T) {
	call, srv := serverCall(t, nil)
	bucket := srv.Bucket(t, "s3play-none-")
	call.Params = Params{"bucket": bucket}
	res, err := runAction(t, call, "s3.list_bucket_objects")
	if err != nil {
		t.Fatal(err)
	}
	contents, ok := res.Output.(map[string]any)["Contents"].([]any)
	if !ok || len(contents) != 0 {
		t.Errorf("Contents = %#v, want an empty list", res.Output.(map[string]any)["Contents"])
	}
}

func TestListObjectsMaxAndPrefix(t *testing.T) {
	withPageSize(t, 3)
	call, srv := serverCall(t, nil)
	bucket := srv.Bucket(t, "s3play-max-")
	putKeys(t, srv.Client(), bucket, append(numberedKeys("a/", 10), "b/1"))

	call.Params = Params{"bucket": bucket, "prefix": "a/", "max_objects": 7}
	res, err := runAction(t, call, "s3.list_bucket_objects")
	if err != nil {
		t.Fatal(err)
	}
	out := res.Output.(map[string]any)
	contents := out["Contents"].([]any)
	if len(contents) != 7 || out["IsTruncated"] != true {
		t.Fatalf("listed %d keys, IsTruncated %v, want 7 and true", len(contents), out["IsTruncated"])
	}
	first := contents[0].(map[string]any)
	if first["Key"] != "a/00000" || first["Size"] != float64(1) {
		t.Errorf("first entry = %v, want a/00000 of 1 byte", first)
	}
	if !strings.HasSuffix(first["LastModified"].(string), "Z") {
		t.Errorf("LastModified = %v, want RFC 3339 in UTC", first["LastModified"])
	}
}
