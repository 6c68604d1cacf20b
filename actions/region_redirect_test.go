package actions

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// farBucket is an S3 endpoint whose only bucket, far-bucket, is in
// eu-west-1. Like S3, it responds to a request signed for another region with
// 301 PermanentRedirect and the bucket's region in x-amz-bucket-region,
// and it records the region each request was signed for.
type farBucket struct {
	mu      sync.Mutex
	regions []string
}

var credentialScope = regexp.MustCompile(`Credential=[^/]+/\d{8}/([^/]+)/s3/aws4_request`)

func (f *farBucket) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	region := ""
	if m := credentialScope.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
		region = m[1]
	}
	f.mu.Lock()
	f.regions = append(f.regions, region)
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/xml")
	if region != "eu-west-1" {
		w.Header().Set("x-amz-bucket-region", "eu-west-1")
		w.WriteHeader(http.StatusMovedPermanently)
		if r.Method != http.MethodHead {
			_, _ = io.WriteString(w, `<Error><Code>PermanentRedirect</Code><Message>The bucket `+
				`you are attempting to access must be addressed using the specified endpoint.`+
				`</Message><Bucket>far-bucket</Bucket></Error>`)
		}
		return
	}
	_, _ = io.WriteString(w, `<ListBucketResult><Name>far-bucket</Name><KeyCount>1</KeyCount>`+
		`<MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated><Contents><Key>a.txt</Key>`+
		`<Size>5</Size><ETag>&quot;e&quot;</ETag></Contents></ListBucketResult>`)
}

func (f *farBucket) signedRegions() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return strings.Join(f.regions, " ")
}

// farListCall lists far-bucket through the endpoint at url, signing for
// us-east-1, with the given max_attempts.
func farListCall(t *testing.T, url string, maxAttempts int) *Call {
	t.Helper()
	fakeCredentials(t)
	return &Call{Conn: NewConnector(),
		Settings: Settings{EndpointURL: url, Region: "us-east-1", MaxAttempts: maxAttempts},
		Params:   Params{"bucket": "far-bucket", "prefix": "", "max_objects": 1000}}
}

// startFarBucket starts a farBucket server for the test.
func startFarBucket(t *testing.T) (*farBucket, string) {
	far := &farBucket{}
	srv := httptest.NewServer(far)
	t.Cleanup(srv.Close)
	return far, srv.URL
}

func TestRegionRedirectFollowed(t *testing.T) {
	far, url := startFarBucket(t)
	call := farListCall(t, url, 2)

	for range 2 {
		res, err := runAction(t, call, "s3.list_bucket_objects")
		if err != nil {
			t.Fatalf("listing a bucket in another region: %v", err)
		}
		if n := res.Output.(map[string]any)["KeyCount"]; n != float64(1) {
			t.Errorf("KeyCount = %v, want 1", n)
		}
	}
	// The first call is redirected once; the second goes to eu-west-1 at once.
	if got, want := far.signedRegions(), "us-east-1 eu-west-1 eu-west-1"; got != want {
		t.Errorf("requests signed for %q, want %q", got, want)
	}
}

func TestRegionRedirectNeedsTwoAttempts(t *testing.T) {
	_, url := startFarBucket(t)
	call := farListCall(t, url, 1)

	_, err := runAction(t, call, "s3.list_bucket_objects")
	var f *Failure
	if !errors.As(err, &f) || !strings.Contains(f.Message, "PermanentRedirect") {
		t.Fatalf("error = %v, want PermanentRedirect with max_attempts 1", err)
	}
	if !strings.Contains(f.Hint, "region: eu-west-1") {
		t.Errorf("hint = %q, want one naming the bucket's region", f.Hint)
	}
}

// redirectingServer responds to every request with 301 and the x-amz-bucket-region
// values of regions in turn, and counts the requests.
func redirectingServer(t *testing.T, regions ...string) (*httptest.Server, *int) {
	var mu sync.Mutex
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		region := regions[n%len(regions)]
		n++
		mu.Unlock()
		w.Header().Set("x-amz-bucket-region", region)
		w.WriteHeader(http.StatusMovedPermanently)
		_, _ = io.WriteString(w, `<Error><Code>PermanentRedirect</Code><Message>moved</Message></Error>`)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestRegionRedirectIgnoresInvalidRegion(t *testing.T) {
	for _, bogus := range []string{"evil.example.com", "eu west 1", "../x", strings.Repeat("a", 70)} {
		srv, requests := redirectingServer(t, bogus)
		call := farListCall(t, srv.URL, 3)
		if _, err := runAction(t, call, "s3.list_bucket_objects"); err == nil {
			t.Errorf("%q: the listing succeeded", bogus)
		}
		if *requests != 1 {
			t.Errorf("%q: %d requests, want 1: the redirect must not be followed", bogus, *requests)
		}
	}
}

func TestRegionRedirectLoopHint(t *testing.T) {
	srv, requests := redirectingServer(t, "eu-west-1", "us-west-2")
	call := farListCall(t, srv.URL, 4)

	_, err := runAction(t, call, "s3.list_bucket_objects")
	var f *Failure
	if !errors.As(err, &f) {
		t.Fatalf("error = %v, want a failure", err)
	}
	if *requests != 4 {
		t.Errorf("%d requests, want 4 (max_attempts)", *requests)
	}
	if !strings.Contains(f.Hint, "each of 4 attempts") {
		t.Errorf("hint = %q, want it to say every attempt was redirected", f.Hint)
	}
}

func TestRegionRedirectNotCountedAsRetry(t *testing.T) {
	_, url := startFarBucket(t)
	call := farListCall(t, url, 2)
	a, err := Lookup("s3.list_bucket_objects")
	if err != nil {
		t.Fatal(err)
	}
	stats := &Stats{}
	if _, err := a.Run(WithStats(context.Background(), stats), call); err != nil {
		t.Fatal(err)
	}
	if n := stats.Retries(); n != 0 {
		t.Errorf("retries = %d, want 0: a followed redirect is not a retry", n)
	}
	if n := stats.Calls.Load(); n != 1 {
		t.Errorf("calls = %d, want 1", n)
	}
}
