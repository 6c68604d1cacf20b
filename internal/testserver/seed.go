package testserver

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"golang.org/x/sync/errgroup"
)

// EnableVersioning turns versioning on for a bucket.
func (s *Server) EnableVersioning(t testing.TB, bucket string) {
	t.Helper()
	_, err := s.Client().PutBucketVersioning(context.Background(), &s3.PutBucketVersioningInput{
		Bucket:                  &bucket,
		VersioningConfiguration: &types.VersioningConfiguration{Status: types.BucketVersioningStatusEnabled},
	})
	if err != nil {
		t.Fatalf("enable versioning on %s: %v", bucket, err)
	}
}

// Put writes small objects concurrently; each body names its key.
func (s *Server) Put(t testing.TB, bucket string, keys ...string) {
	t.Helper()
	c := s.Client()
	var g errgroup.Group
	g.SetLimit(16)
	for _, key := range keys {
		g.Go(func() error {
			_, err := c.PutObject(context.Background(), &s3.PutObjectInput{
				Bucket: &bucket, Key: &key, Body: strings.NewReader("body of " + key)})
			return err
		})
	}
	if err := g.Wait(); err != nil {
		t.Fatalf("put objects in %s: %v", bucket, err)
	}
}

// Keys returns n keys such as prefix0000, prefix0001, ...
func Keys(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s%04d", prefix, i)
	}
	return out
}

// DeleteMarker adds a delete marker for key in a versioned bucket.
func (s *Server) DeleteMarker(t testing.TB, bucket, key string) {
	t.Helper()
	_, err := s.Client().DeleteObject(context.Background(), &s3.DeleteObjectInput{Bucket: &bucket, Key: &key})
	if err != nil {
		t.Fatalf("delete %s/%s: %v", bucket, key, err)
	}
}

// StartUpload begins a multipart upload and leaves it incomplete.
func (s *Server) StartUpload(t testing.TB, bucket, key string) {
	t.Helper()
	_, err := s.Client().CreateMultipartUpload(context.Background(),
		&s3.CreateMultipartUploadInput{Bucket: &bucket, Key: &key})
	if err != nil {
		t.Fatalf("start upload %s/%s: %v", bucket, key, err)
	}
}

// BucketExists reports whether the bucket is listed.
func (s *Server) BucketExists(t testing.TB, bucket string) bool {
	t.Helper()
	out, err := s.Client().ListBuckets(context.Background(), &s3.ListBucketsInput{})
	if err != nil {
		t.Fatalf("list buckets: %v", err)
	}
	for _, b := range out.Buckets {
		if *b.Name == bucket {
			return true
		}
	}
	return false
}

// CountVersions returns the number of versions and delete markers.
func (s *Server) CountVersions(t testing.TB, bucket string) (versions, markers int) {
	t.Helper()
	seen := map[string]bool{}
	p := s3.NewListObjectVersionsPaginator(s.Client(), &s3.ListObjectVersionsInput{Bucket: &bucket})
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatalf("list versions of %s: %v", bucket, err)
		}
		for _, v := range page.Versions {
			if id := *v.Key + "\x00" + deref(v.VersionId); !seen[id] {
				seen[id] = true
				versions++
			}
		}
		for _, m := range page.DeleteMarkers {
			if id := *m.Key + "\x00" + deref(m.VersionId); !seen[id] {
				seen[id] = true
				markers++
			}
		}
	}
	return versions, markers
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
