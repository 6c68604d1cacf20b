package actions

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// traversalKeys would each be written outside a destination named dl.
var traversalKeys = []string{"../escape.txt", "x/../../escape.txt", "../dl-evil/p.txt",
	"/abs/path.txt", `..\win.txt`}

func TestDownloadKeepsFolders(t *testing.T) {
	call, srv := serverCall(t, nil)
	c := srv.Client()
	bucket := srv.Bucket(t, "s3play-dl-")
	keys := []string{"a.txt", "x/y/z.txt", "小狗.jpg", "a b+c.txt"}
	putBodies(t, c, bucket, keys...)
	putBody(t, c, bucket, "empty/", nil)
	root := t.TempDir()
	dest := filepath.Join(root, "dl")

	call.Params = Params{"bucket": bucket, "keys": append(keys, "empty/"), "destination": dest}
	res, err := runAction(t, call, "s3.download_files")
	if err != nil || res.Outcome() != Succeeded {
		t.Fatalf("download: status %v, error %v, items %+v", res.Outcome(), err, res.Items)
	}
	want := []string{"dl/", "dl/a b+c.txt", "dl/a.txt", "dl/empty/", "dl/x/", "dl/x/y/",
		"dl/x/y/z.txt", "dl/小狗.jpg"}
	if got := treeFiles(t, root); !slices.Equal(got, want) {
		t.Errorf("files written: %q, want %q", got, want)
	}
	for _, key := range keys {
		if got := readFile(t, filepath.Join(dest, filepath.FromSlash(key))); got != "body of "+key {
			t.Errorf("%s holds %q", key, got)
		}
	}
	files := res.Output.(map[string]any)["Files"].([]any)
	first := files[0].(map[string]any)
	if first["Path"] != filepath.Join(dest, "a.txt") {
		t.Errorf("Path = %v, want %s", first["Path"], filepath.Join(dest, "a.txt"))
	}
	if first["Size"] != float64(len("body of a.txt")) {
		t.Errorf("Size = %v, want %d", first["Size"], len("body of a.txt"))
	}
}

func TestDownloadTraversalWritesNothingOutside(t *testing.T) {
	call, srv := serverCall(t, nil)
	c := srv.Client()
	bucket := srv.Bucket(t, "s3play-dlesc-")
	putBodies(t, c, bucket, "ok.txt", "dl-evil/p.txt")
	for _, key := range traversalKeys {
		_, err := c.PutObject(context.Background(), &s3.PutObjectInput{Bucket: &bucket,
			Key: aws.String(key), Body: strings.NewReader("escaped")})
		t.Logf("seed %q: error %v", key, err)
	}
	root := t.TempDir()

	keys := append([]string{"ok.txt", "dl-evil/p.txt"}, traversalKeys...)
	call.Params = Params{"bucket": bucket, "keys": keys, "destination": filepath.Join(root, "dl")}
	res, err := runAction(t, call, "s3.download_files")
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome() != PartiallySucceeded {
		t.Errorf("status = %s, want PartiallySucceeded", res.Outcome())
	}
	wantItem(t, res, 0, Succeeded)
	wantItem(t, res, 1, Succeeded)
	for i, key := range traversalKeys {
		it := wantItem(t, res, i+2, Failed)
		if it.Error == nil {
			continue
		}
		if it.Error.StatusCode != CodeValidation {
			t.Errorf("key %q: status code %q, want %q", key, it.Error.StatusCode, CodeValidation)
		}
		if !strings.Contains(it.Error.Message, "outside the destination") {
			t.Errorf("key %q: message %q does not explain the rejection", key, it.Error.Message)
		}
	}
	want := []string{"dl/", "dl/dl-evil/", "dl/dl-evil/p.txt", "dl/ok.txt"}
	if got := treeFiles(t, root); !slices.Equal(got, want) {
		t.Errorf("files written: %q, want %q", got, want)
	}
}

func TestDownloadMissingKey(t *testing.T) {
	call, srv := serverCall(t, nil)
	c := srv.Client()
	bucket := srv.Bucket(t, "s3play-dlmiss-")
	putBodies(t, c, bucket, "here.txt")
	root := t.TempDir()

	call.Params = Params{"bucket": bucket, "keys": []string{"gone.txt", "here.txt"},
		"destination": root}
	res, err := runAction(t, call, "s3.download_files")
	if err != nil {
		t.Fatal(err)
	}
	it := wantItem(t, res, 0, Failed)
	if it.Error == nil {
		t.Fatal("failed item has no error")
	}
	if it.Error.StatusCode != "404" {
		t.Errorf("status code = %q, want 404", it.Error.StatusCode)
	}
	if it.Error.Code != "NoSuchKey" {
		t.Errorf("code = %q, want NoSuchKey", it.Error.Code)
	}
	if !strings.Contains(it.Error.Message, "GetObject") {
		t.Errorf("message = %q, want the operation named", it.Error.Message)
	}
	wantItem(t, res, 1, Succeeded)
	if got := treeFiles(t, root); !slices.Equal(got, []string{"here.txt"}) {
		t.Errorf("files written: %q, want only here.txt", got)
	}
}

func TestDownloadAllKeysPages(t *testing.T) {
	withPageSize(t, 2)
	call, srv := serverCall(t, nil)
	c := srv.Client()
	bucket := srv.Bucket(t, "s3play-dlall-")
	keys := []string{"1.txt", "2.txt", "3.txt", "d/4.txt", "d/5.txt"}
	putBodies(t, c, bucket, keys...)
	root := t.TempDir()
	// An older copy of a file is replaced, and no temporary file is left.
	if err := os.WriteFile(filepath.Join(root, "1.txt"), []byte("stale"), 0o644); err != nil {
		t.Fatal(err)
	}

	call.Params = Params{"bucket": bucket, "keys": []string{"*"}, "destination": root,
		"overwrite": true}
	res, err := runAction(t, call, "s3.download_files")
	if err != nil || res.Outcome() != Succeeded {
		t.Fatalf("download: status %v, error %v", res.Outcome(), err)
	}
	if len(res.Items) != len(keys) {
		t.Errorf("%d items, want %d", len(res.Items), len(keys))
	}
	want := []string{"1.txt", "2.txt", "3.txt", "d/", "d/4.txt", "d/5.txt"}
	if got := treeFiles(t, root); !slices.Equal(got, want) {
		t.Errorf("files written: %q, want %q", got, want)
	}
	if got := readFile(t, filepath.Join(root, "1.txt")); got != "body of 1.txt" {
		t.Errorf("1.txt holds %q", got)
	}
}

func TestDownloadAllKeysMixedRejected(t *testing.T) {
	call := &Call{Conn: NewConnector(),
		Params: Params{"bucket": "some-bucket", "keys": []string{"*", "a.txt"}, "destination": "."}}
	_, err := runAction(t, call, "s3.download_files")
	if err == nil || !strings.Contains(err.Error(), "only entry") {
		t.Errorf("error = %v, want one saying * must be the only entry", err)
	}
}
