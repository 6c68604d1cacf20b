package actions

import (
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// evilBucket is an S3 endpoint whose listing holds traversal keys and that
// returns a body for every key it is asked for, as a hostile or broken
// server would. It records the keys of GetObject requests.
type evilBucket struct {
	mu   sync.Mutex
	gets []string
}

func (b *evilBucket) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("list-type") == "2" {
		b.list(w)
		return
	}
	_, key, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	b.mu.Lock()
	b.gets = append(b.gets, key)
	b.mu.Unlock()
	w.Header().Set("Content-Length", "7")
	_, _ = io.WriteString(w, "escaped")
}

func (b *evilBucket) list(w http.ResponseWriter) {
	type object struct{ Key string }
	reply := struct {
		XMLName     xml.Name `xml:"ListBucketResult"`
		Name        string
		KeyCount    int
		IsTruncated bool
		Contents    []object
	}{Name: "evil-bucket"}
	for _, key := range append([]string{"ok.txt"}, traversalKeys...) {
		reply.Contents = append(reply.Contents, object{key})
	}
	reply.KeyCount = len(reply.Contents)
	w.Header().Set("Content-Type", "application/xml")
	_ = xml.NewEncoder(w).Encode(reply)
}

func TestDownloadHostileListing(t *testing.T) {
	fakeCredentials(t)
	evil := &evilBucket{}
	srv := httptest.NewServer(evil)
	t.Cleanup(srv.Close)
	root := t.TempDir()
	call := &Call{Conn: NewConnector(), Settings: Settings{EndpointURL: srv.URL},
		Params: Params{"bucket": "evil-bucket", "keys": []string{"*"},
			"destination": filepath.Join(root, "dl")}}

	res, err := runAction(t, call, "s3.download_files")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Items) != 1+len(traversalKeys) {
		t.Fatalf("%d items, want %d", len(res.Items), 1+len(traversalKeys))
	}
	wantItem(t, res, 0, Succeeded)
	for i := range traversalKeys {
		wantItem(t, res, i+1, Failed)
	}
	if got := treeFiles(t, root); !slices.Equal(got, []string{"dl/", "dl/ok.txt"}) {
		t.Errorf("files written: %q, want only dl/ok.txt", got)
	}
	if !slices.Equal(evil.gets, []string{"ok.txt"}) {
		t.Errorf("GetObject requests for %q, want only ok.txt", evil.gets)
	}
}
