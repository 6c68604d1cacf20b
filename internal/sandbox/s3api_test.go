package sandbox

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// Each test runs once per checksum mode against a fresh sandbox.
func forEachChecksumMode(t *testing.T, test func(t *testing.T, s *Sandbox, client *s3.Client)) {
	for _, mode := range checksumModes {
		t.Run(mode.name, func(t *testing.T) {
			s := startSandbox(t)
			test(t, s, sandboxClient(s, mode.mode))
		})
	}
}

func TestBucketLifecycle(t *testing.T) {
	forEachChecksumMode(t, func(t *testing.T, s *Sandbox, client *s3.Client) {
		ctx := testContext(t)
		bucket := aws.String("rehearsal-bucket")

		if _, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: bucket}); err != nil {
			t.Fatalf("CreateBucket: %v", err)
		}
		_, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: bucket})
		requireAPIError(t, err, "BucketAlreadyOwnedByYou", 409)

		listing, err := client.ListBuckets(ctx, &s3.ListBucketsInput{})
		if err != nil {
			t.Fatalf("ListBuckets: %v", err)
		}
		var names []string
		for _, b := range listing.Buckets {
			names = append(names, aws.ToString(b.Name))
		}
		wantNames := []string{"demo-keep", "demo-logs", "demo-tmp-1", "demo-tmp-2", "rehearsal-bucket"}
		for _, want := range wantNames {
			if !slices.Contains(names, want) {
				t.Errorf("ListBuckets = %v, missing %s", names, want)
			}
		}

		if _, err := client.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: bucket}); err != nil {
			t.Fatalf("DeleteBucket on an empty bucket: %v", err)
		}
		_, err = client.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: bucket})
		requireAPIError(t, err, "NoSuchBucket", 404)
	})
}

func TestDeleteBucketNotEmpty(t *testing.T) {
	forEachChecksumMode(t, func(t *testing.T, s *Sandbox, client *s3.Client) {
		_, err := client.DeleteBucket(testContext(t),
			&s3.DeleteBucketInput{Bucket: aws.String("demo-keep")})
		requireAPIError(t, err, "BucketNotEmpty", 409)
		if err != nil && !strings.Contains(err.Error(), "The bucket you tried to delete is not empty") {
			t.Errorf("error = %v, want S3's BucketNotEmpty message", err)
		}
	})
}

func TestPutGetObject(t *testing.T) {
	forEachChecksumMode(t, func(t *testing.T, s *Sandbox, client *s3.Client) {
		ctx := testContext(t)
		// Keys with spaces, '+', '%', '=' and non-ASCII letters must round-trip.
		for _, key := range []string{"notes/a b+c%d=e.txt", "notes/résumé.txt"} {
			_, err := client.PutObject(ctx, &s3.PutObjectInput{
				Bucket:   aws.String("demo-keep"),
				Key:      aws.String(key),
				Body:     strings.NewReader("content of " + key),
				Metadata: map[string]string{"owner": "sandbox"},
			})
			if err != nil {
				t.Fatalf("PutObject %q: %v", key, err)
			}

			object, err := client.GetObject(ctx, &s3.GetObjectInput{
				Bucket: aws.String("demo-keep"),
				Key:    aws.String(key),
			})
			if err != nil {
				t.Fatalf("GetObject %q: %v", key, err)
			}
			if body := readBody(t, object.Body); body != "content of "+key {
				t.Errorf("GetObject %q body = %q", key, body)
			}
			if object.Metadata["owner"] != "sandbox" {
				t.Errorf("GetObject %q metadata = %v, want owner=sandbox", key, object.Metadata)
			}
		}
	})
}

func TestGetObjectRange(t *testing.T) {
	forEachChecksumMode(t, func(t *testing.T, s *Sandbox, client *s3.Client) {
		ctx := testContext(t)
		_, err := client.PutObject(ctx, &s3.PutObjectInput{
			Bucket:            aws.String("demo-keep"),
			Key:               aws.String("range.txt"),
			Body:              strings.NewReader("0123456789"),
			ChecksumAlgorithm: types.ChecksumAlgorithmCrc32,
		})
		if err != nil {
			t.Fatalf("PutObject: %v", err)
		}

		object, err := client.GetObject(ctx, &s3.GetObjectInput{
			Bucket: aws.String("demo-keep"),
			Key:    aws.String("range.txt"),
			Range:  aws.String("bytes=2-5"),
		})
		if err != nil {
			t.Fatalf("GetObject with Range: %v", err)
		}
		if body := readBody(t, object.Body); body != "2345" {
			t.Errorf("ranged body = %q, want 2345", body)
		}
	})
}

func TestGetObjectReturnsChecksum(t *testing.T) {
	forEachChecksumMode(t, func(t *testing.T, s *Sandbox, client *s3.Client) {
		ctx := testContext(t)
		_, err := client.PutObject(ctx, &s3.PutObjectInput{
			Bucket:            aws.String("demo-keep"),
			Key:               aws.String("sum.txt"),
			Body:              strings.NewReader("hello"),
			ChecksumAlgorithm: types.ChecksumAlgorithmCrc32,
		})
		if err != nil {
			t.Fatalf("PutObject: %v", err)
		}
		object, err := client.GetObject(ctx, &s3.GetObjectInput{
			Bucket:       aws.String("demo-keep"),
			Key:          aws.String("sum.txt"),
			ChecksumMode: types.ChecksumModeEnabled,
		})
		if err != nil {
			t.Fatalf("GetObject: %v", err)
		}
		readBody(t, object.Body)
		// CRC32 of "hello", base64 of its big-endian bytes.
		if got := aws.ToString(object.ChecksumCRC32); got != "NhCmhg==" {
			t.Errorf("ChecksumCRC32 = %q, want NhCmhg==", got)
		}
	})
}

func TestListObjectsV2Pages(t *testing.T) {
	forEachChecksumMode(t, func(t *testing.T, s *Sandbox, client *s3.Client) {
		ctx := testContext(t)
		var want []string
		for i := range 5 {
			key := fmt.Sprintf("paged/%02d.txt", i)
			want = append(want, key)
			_, err := client.PutObject(ctx, &s3.PutObjectInput{
				Bucket: aws.String("demo-tmp-2"), Key: aws.String(key), Body: strings.NewReader("x"),
			})
			if err != nil {
				t.Fatalf("PutObject %s: %v", key, err)
			}
		}

		var got []string
		pages := 0
		paginator := s3.NewListObjectsV2Paginator(client, &s3.ListObjectsV2Input{
			Bucket: aws.String("demo-tmp-2"), Prefix: aws.String("paged/"), MaxKeys: aws.Int32(2),
		})
		for paginator.HasMorePages() {
			page, err := paginator.NextPage(ctx)
			if err != nil {
				t.Fatalf("ListObjectsV2 page %d: %v", pages+1, err)
			}
			pages++
			if len(page.Contents) > 2 {
				t.Errorf("page %d has %d keys, want at most 2", pages, len(page.Contents))
			}
			for _, object := range page.Contents {
				got = append(got, aws.ToString(object.Key))
			}
		}
		if pages != 3 {
			t.Errorf("pages = %d, want 3", pages)
		}
		if !slices.Equal(got, want) {
			t.Errorf("keys = %v, want %v", got, want)
		}
	})
}

func TestListObjectsV2EmptyBucket(t *testing.T) {
	forEachChecksumMode(t, func(t *testing.T, s *Sandbox, client *s3.Client) {
		ctx := testContext(t)
		bucket := aws.String("empty-bucket")
		if _, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: bucket}); err != nil {
			t.Fatalf("CreateBucket: %v", err)
		}
		listing, err := client.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: bucket})
		if err != nil {
			t.Fatalf("ListObjectsV2: %v", err)
		}
		if len(listing.Contents) != 0 || aws.ToInt32(listing.KeyCount) != 0 {
			t.Errorf("empty bucket lists %d objects, KeyCount %d",
				len(listing.Contents), aws.ToInt32(listing.KeyCount))
		}
	})
}

func TestUnsupportedSubresource(t *testing.T) {
	forEachChecksumMode(t, func(t *testing.T, s *Sandbox, client *s3.Client) {
		_, err := client.GetBucketTagging(testContext(t), &s3.GetBucketTaggingInput{
			Bucket: aws.String("demo-keep"),
		})
		requireAPIError(t, err, "NotImplemented", 501)
	})
}

// TestUnseekableBodyNeedsTLS pins an SDK rule that callers of the sandbox
// must follow: over plain HTTP an upload body must be seekable.
func TestUnseekableBodyNeedsTLS(t *testing.T) {
	forEachChecksumMode(t, func(t *testing.T, s *Sandbox, client *s3.Client) {
		_, err := client.PutObject(testContext(t), &s3.PutObjectInput{
			Bucket:        aws.String("demo-keep"),
			Key:           aws.String("stream.txt"),
			Body:          io.MultiReader(strings.NewReader("abc")),
			ContentLength: aws.Int64(3),
		})
		if err == nil || !strings.Contains(err.Error(), "seek") {
			t.Errorf("PutObject with an unseekable body = %v, want the SDK's seek error", err)
		}
	})
}
