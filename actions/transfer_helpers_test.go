package actions

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// putBodies writes each key with its own body, "body of KEY".
func putBodies(t *testing.T, c *s3.Client, bucket string, keys ...string) {
	t.Helper()
	for _, key := range keys {
		putBody(t, c, bucket, key, []byte("body of "+key))
	}
}

func putBody(t *testing.T, c *s3.Client, bucket, key string, body []byte) *s3.PutObjectOutput {
	t.Helper()
	out, err := c.PutObject(context.Background(), &s3.PutObjectInput{
		Bucket: &bucket, Key: aws.String(key), Body: bytes.NewReader(body)})
	if err != nil {
		t.Fatalf("put %s/%s: %v", bucket, key, err)
	}
	return out
}

func getBody(t *testing.T, c *s3.Client, bucket, key string) []byte {
	t.Helper()
	out, err := c.GetObject(context.Background(), &s3.GetObjectInput{
		Bucket: &bucket, Key: aws.String(key)})
	if err != nil {
		t.Fatalf("get %s/%s: %v", bucket, key, err)
	}
	defer out.Body.Close()
	body, err := io.ReadAll(out.Body)
	if err != nil {
		t.Fatalf("read %s/%s: %v", bucket, key, err)
	}
	return body
}

// currentKeys lists the current objects of a bucket, sorted.
func currentKeys(t *testing.T, c *s3.Client, bucket string) []string {
	t.Helper()
	var keys []string
	p := s3.NewListObjectsV2Paginator(c, &s3.ListObjectsV2Input{Bucket: &bucket})
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatalf("list %s: %v", bucket, err)
		}
		for _, o := range page.Contents {
			keys = append(keys, aws.ToString(o.Key))
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

func sorted(keys ...string) []string {
	out := slices.Clone(keys)
	slices.Sort(out)
	return out
}

func wantKeys(t *testing.T, c *s3.Client, bucket string, want []string) {
	t.Helper()
	if got := currentKeys(t, c, bucket); !slices.Equal(got, want) {
		t.Errorf("bucket %s holds %q, want %q", bucket, got, want)
	}
}

func wantItem(t *testing.T, res *Result, i int, status Status) Item {
	t.Helper()
	if i >= len(res.Items) {
		t.Fatalf("result has %d items, want item %d", len(res.Items), i)
	}
	it := res.Items[i]
	if it.Status != status {
		t.Errorf("item %v: status %s (error %v), want %s", it.Item, it.Status, it.Error, status)
	}
	return it
}

// treeFiles returns every file and folder under root, as slash paths
// relative to root, sorted.
func treeFiles(t *testing.T, root string) []string {
	t.Helper()
	var paths []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || path == root {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			rel += "/"
		}
		paths = append(paths, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(paths)
	return paths
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
