// Package fakeaws serves in-process S3 and STS fakes on 127.0.0.1 for tests
// of what no local server reproduces: the region a request is signed for,
// throttling, dropped connections and assumed-role sessions that expire.
package fakeaws

import (
	"encoding/xml"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// Request is the record a fake keeps of one request.
type Request struct {
	Method, Path, RawQuery string
	Region                 string // from the SigV4 credential scope
	AccessKey              string // from the SigV4 credential scope
	Body                   []byte
}

// Fault is a failure a fake returns instead of a normal reply.
type Fault struct {
	Status  int
	Code    string
	Message string
	// Reset closes the connection with a TCP reset instead of replying.
	Reset bool
}

// Faults that tests use often.
var (
	SlowDown        = Fault{Status: 503, Code: "SlowDown", Message: "Please reduce your request rate."}
	InternalError   = Fault{Status: 500, Code: "InternalError", Message: "We encountered an internal error."}
	AccessDenied    = Fault{Status: 403, Code: "AccessDenied", Message: "Access Denied"}
	ConnectionReset = Fault{Reset: true}
)

// S3 serves ListBuckets, CreateBucket and ListObjectsV2 with empty but
// valid replies, and records every request.
type S3 struct {
	URL string

	mu       sync.Mutex
	requests []Request
	next     []Fault // returned in order, one per request, before normal replies
	always   *Fault
}

// NewS3 starts a fake S3 server that stops when the test ends.
func NewS3(t testing.TB) *S3 {
	f := &S3{}
	srv := httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(srv.Close)
	f.URL = srv.URL
	return f
}

// FailNext makes the next requests fail, one fault per request.
func (f *S3) FailNext(faults ...Fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.next = append(f.next, faults...)
}

// FailAlways makes every later request fail with fault.
func (f *S3) FailAlways(fault Fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.always = &fault
}

// Requests returns the requests received so far.
func (f *S3) Requests() []Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Request(nil), f.requests...)
}

func (f *S3) serve(w http.ResponseWriter, r *http.Request) {
	fault := f.record(r)
	if fault != nil {
		writeFault(w, *fault, s3Error)
		return
	}
	bucket := strings.Trim(r.URL.Path, "/")
	w.Header().Set("Content-Type", "application/xml")
	switch {
	case r.Method == http.MethodGet && bucket == "":
		_, _ = io.WriteString(w, `<ListAllMyBucketsResult><Owner><ID>fake</ID></Owner><Buckets>`+
			`<Bucket><Name>fake-bucket</Name><CreationDate>2024-01-02T03:04:05Z</CreationDate>`+
			`</Bucket></Buckets></ListAllMyBucketsResult>`)
	case r.Method == http.MethodPut && !strings.Contains(bucket, "/") && r.URL.RawQuery == "":
		w.Header().Set("Location", "/"+bucket)
	case r.Method == http.MethodGet:
		_, _ = io.WriteString(w, `<ListBucketResult><Name>`+xmlText(bucket)+`</Name>`+
			`<KeyCount>0</KeyCount><IsTruncated>false</IsTruncated></ListBucketResult>`)
	}
}

// record stores the request and returns the fault to reply with, if any.
func (f *S3) record(r *http.Request) *Fault {
	req := readRequest(r)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = append(f.requests, req)
	if len(f.next) > 0 {
		fault := f.next[0]
		f.next = f.next[1:]
		return &fault
	}
	return f.always
}

var credentialScope = regexp.MustCompile(`Credential=([^/]+)/\d{8}/([^/]+)/`)

func readRequest(r *http.Request) Request {
	body, _ := io.ReadAll(r.Body)
	req := Request{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Body: body}
	if m := credentialScope.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
		req.AccessKey, req.Region = m[1], m[2]
	}
	return req
}

// errorStyle renders a fault's body in one service's XML.
type errorStyle func(Fault) string

func s3Error(f Fault) string {
	return `<Error><Code>` + xmlText(f.Code) + `</Code><Message>` + xmlText(f.Message) +
		`</Message><RequestId>fake-request</RequestId></Error>`
}

func writeFault(w http.ResponseWriter, f Fault, style errorStyle) {
	if f.Reset {
		resetConnection(w)
		return
	}
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(f.Status)
	_, _ = io.WriteString(w, style(f))
}

// resetConnection drops the client's connection with a TCP RST, which the
// client reads as "connection reset by peer".
func resetConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic("fakeaws: cannot hijack the connection: " + err.Error())
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}

func xmlText(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// Isolate keeps the SDK on static test credentials, off instance metadata
// and away from the user's AWS files and environment, for one test.
func Isolate(t testing.TB) {
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDFAKEBASE")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "fake-secret")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_CONFIG_FILE", os.DevNull)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", os.DevNull)
	for _, name := range []string{"AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_REGION",
		"AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_STS",
		"AWS_MAX_ATTEMPTS", "AWS_RETRY_MODE", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE"} {
		t.Setenv(name, "")
	}
}
