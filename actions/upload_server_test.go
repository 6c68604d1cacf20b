package actions

import (
	"bytes"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestUploadFilesIntoFolder(t *testing.T) {
	call, srv := serverCall(t, nil)
	c := srv.Client()
	bucket := srv.Bucket(t, "s3play-up-")
	dir := t.TempDir()
	writeFiles(t, dir, "a.log", "b.log", "notes 1+1.txt")
	missing := filepath.Join(dir, "missing.txt")
	noMatch := filepath.Join(dir, "*.gz")

	call.Params = Params{"bucket": bucket, "folder": "evidence/case-7",
		"files": []string{filepath.Join(dir, "*.log"), missing,
			filepath.Join(dir, "notes 1+1.txt"), noMatch}}
	res, err := runAction(t, call, "s3.upload_files")
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome() != PartiallySucceeded {
		t.Errorf("status = %s, want PartiallySucceeded", res.Outcome())
	}
	wantItem(t, res, 0, Succeeded)
	wantItem(t, res, 1, Succeeded)
	for i, path := range map[int]string{2: missing, 4: noMatch} {
		it := wantItem(t, res, i, Failed)
		if it.Item != path {
			t.Errorf("item %d = %v, want %s", i, it.Item, path)
		}
		if it.Error == nil {
			continue
		}
		if !strings.Contains(it.Error.Message, path) {
			t.Errorf("item %s: message %q does not name the path", path, it.Error.Message)
		}
		if it.Error.StatusCode != CodeLocalFile {
			t.Errorf("item %s: status code %q, want %q", path, it.Error.StatusCode, CodeLocalFile)
		}
		if want := "Upload Files failed for " + path + "."; it.Error.Indicator != want {
			t.Errorf("indicator = %q, want %q", it.Error.Indicator, want)
		}
	}
	wantItem(t, res, 3, Succeeded)
	wantKeys(t, c, bucket, []string{"evidence/case-7/a.log", "evidence/case-7/b.log",
		"evidence/case-7/notes 1+1.txt"})
	if got := string(getBody(t, c, bucket, "evidence/case-7/notes 1+1.txt")); got != "file notes 1+1.txt" {
		t.Errorf("uploaded body = %q", got)
	}
}

func TestUploadMultipart(t *testing.T) {
	old := uploadPartSize
	uploadPartSize = 5 << 20 // the smallest part S3 accepts
	t.Cleanup(func() { uploadPartSize = old })
	call, srv := serverCall(t, nil)
	c := srv.Client()
	bucket := srv.Bucket(t, "s3play-upmp-")
	body := make([]byte, 12<<20+123)
	_, _ = rand.Read(body)
	path := filepath.Join(t.TempDir(), "big.bin")
	if err := os.WriteFile(path, body, 0o644); err != nil {
		t.Fatal(err)
	}

	call.Params = Params{"bucket": bucket, "files": []string{path}}
	res, err := runAction(t, call, "s3.upload_files")
	if err != nil {
		t.Fatal(err)
	}
	it := wantItem(t, res, 0, Succeeded)
	out, _ := it.Output.(map[string]any)
	if out["Parts"] != float64(3) {
		t.Errorf("Parts = %v, want 3", out["Parts"])
	}
	if out["Key"] != "big.bin" {
		t.Errorf("Key = %v, want big.bin", out["Key"])
	}
	if out["Size"] != float64(len(body)) {
		t.Errorf("Size = %v, want %d", out["Size"], len(body))
	}
	if got := getBody(t, c, bucket, "big.bin"); !bytes.Equal(got, body) {
		t.Errorf("uploaded body differs: %d bytes, want %d", len(got), len(body))
	}
	if n := uploadCount(t, c, bucket); n != 0 {
		t.Errorf("%d multipart uploads left", n)
	}
}
