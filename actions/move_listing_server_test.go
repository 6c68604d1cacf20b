package actions

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
)

// headCounter is a proxy in front of the test server that counts the
// HeadObject requests sent to each bucket.
type headCounter struct {
	mu    sync.Mutex
	heads map[string]int
}

func countHeads(t *testing.T, backend string) (*headCounter, string) {
	t.Helper()
	target, err := url.Parse(backend)
	if err != nil {
		t.Fatal(err)
	}
	forward := httputil.NewSingleHostReverseProxy(target)
	c := &headCounter{heads: map[string]int{}}
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			bucket, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
			c.mu.Lock()
			c.heads[bucket]++
			c.mu.Unlock()
		}
		forward.ServeHTTP(w, r)
	}))
	t.Cleanup(proxy.Close)
	return c, proxy.URL
}

func (c *headCounter) count(bucket string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.heads[bucket]
}

// listedKeys lists the bucket with s3.list_bucket_objects and converts its
// Contents the way the engine converts `keys: $.steps.ID.output.Contents`.
func listedKeys(t *testing.T, call *Call, bucket string) KeyList {
	t.Helper()
	list := *call
	list.Params = Params{"bucket": bucket, "prefix": "", "max_objects": 1000}
	res, err := runAction(t, &list, "s3.list_bucket_objects")
	if err != nil {
		t.Fatal(err)
	}
	contents := res.Output.(map[string]any)["Contents"]
	keys, err := toKeyList(contents)
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

func moveListedParams(source, destination string, keys KeyList) Params {
	p := moveParams(source, destination, "")
	p["keys"] = keys
	return p
}

func TestMoveListedSkipsSourceHead(t *testing.T) {
	call, srv := serverCall(t, nil)
	c := srv.Client()
	source, destination := srv.Bucket(t, "s3play-mvls-"), srv.Bucket(t, "s3play-mvlsd-")
	keys := []string{"a+b c.txt", "dir/x.txt", "100%.txt"}
	putBodies(t, c, source, keys...)
	heads, endpoint := countHeads(t, srv.Endpoint)
	call.Settings.EndpointURL = endpoint

	call.Params = moveListedParams(source, destination, listedKeys(t, call, source))
	res, err := runAction(t, call, "s3.move_files")
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome() != Succeeded {
		t.Fatalf("status = %s, items %+v", res.Outcome(), res.Items)
	}
	wantKeys(t, c, source, nil)
	wantKeys(t, c, destination, sorted(keys...))
	for _, key := range keys {
		if got := string(getBody(t, c, destination, key)); got != "body of "+key {
			t.Errorf("moved %q holds %q", key, got)
		}
	}
	if n := heads.count(source); n != 0 {
		t.Errorf("%d HeadObject requests on the source, want 0", n)
	}
	if n := heads.count(destination); n != len(keys) {
		t.Errorf("%d HeadObject requests on the destination, want %d", n, len(keys))
	}
}

func TestMoveListedEntryOutOfDate(t *testing.T) {
	call, srv := serverCall(t, nil)
	c := srv.Client()
	source, destination := srv.Bucket(t, "s3play-mvst-"), srv.Bucket(t, "s3play-mvstd-")
	putBodies(t, c, source, "same.txt", "changed.txt")
	heads, endpoint := countHeads(t, srv.Endpoint)
	call.Settings.EndpointURL = endpoint
	keys := listedKeys(t, call, source)
	putBody(t, c, source, "changed.txt", []byte("written after the listing"))

	call.Params = moveListedParams(source, destination, keys)
	res, err := runAction(t, call, "s3.move_files")
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome() != Succeeded {
		t.Fatalf("status = %s, items %+v", res.Outcome(), res.Items)
	}
	wantKeys(t, c, source, nil)
	if got := string(getBody(t, c, destination, "changed.txt")); got != "written after the listing" {
		t.Errorf("changed.txt moved as %q, want the object written after the listing", got)
	}
	if got := string(getBody(t, c, destination, "same.txt")); got != "body of same.txt" {
		t.Errorf("same.txt moved as %q", got)
	}
	if n := heads.count(source); n != 1 {
		t.Errorf("%d HeadObject requests on the source, want 1 for changed.txt", n)
	}
}

func TestMoveListedVersionedReadsSource(t *testing.T) {
	call, srv := serverCall(t, nil)
	c := srv.Client()
	source, destination := srv.Bucket(t, "s3play-mvlv-"), srv.Bucket(t, "s3play-mvlvd-")
	srv.EnableVersioning(t, source)
	first := putBody(t, c, source, "doc.txt", []byte("version one"))
	putBody(t, c, source, "doc.txt", []byte("version two"))
	heads, endpoint := countHeads(t, srv.Endpoint)
	call.Settings.EndpointURL = endpoint

	call.Params = moveListedParams(source, destination, listedKeys(t, call, source))
	res, err := runAction(t, call, "s3.move_files")
	if err != nil {
		t.Fatal(err)
	}
	wantItem(t, res, 0, Succeeded)
	if got := string(getBody(t, c, destination, "doc.txt")); got != "version two" {
		t.Errorf("destination holds %q, want version two", got)
	}
	versions := listVersionIDs(t, c, source, "doc.txt")
	if !slices.Equal(versions, []string{*first.VersionId}) {
		t.Errorf("source versions = %q, want only the first %s", versions, *first.VersionId)
	}
	if n := heads.count(source); n != 1 {
		t.Errorf("%d HeadObject requests on the versioned source, want 1", n)
	}
}
