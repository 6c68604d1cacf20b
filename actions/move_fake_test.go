package actions

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// moveFake is an S3 endpoint for s3.move_files that answers with the XML
// and headers S3 sends, and records every request. Source objects are 5
// bytes with version "v1"; the copy's answer is set per test.
type moveFake struct {
	mu       sync.Mutex
	requests []recordedRequest
	regions  map[string]string // bucket name to LocationConstraint
	// copyError, when set, is the S3 error code returned for CopyObject,
	// with status 403.
	copyError string
	// destSize is the Content-Length HeadObject reports for the copy.
	destSize string
	// unversioned makes the source a bucket that never had versioning:
	// GetBucketVersioning returns no Status and HeadObject no version id.
	unversioned bool
	// sourceETag and sourceSSE are the ETag and x-amz-server-side-encryption
	// that HeadObject reports for the source.
	sourceETag, sourceSSE string
	// sourceSize is the Content-Length HeadObject reports for the source,
	// and sourceClass its x-amz-storage-class.
	sourceSize, sourceClass string
	// tagError, when set, is the S3 error code returned for
	// GetObjectTagging, with status 403. Otherwise the source has the tag
	// case=IR 7.
	tagError string
}

const fakeETag = `"5d41402abc4b2a76b9719d911017c592"`

func newMoveFake(t *testing.T) (*moveFake, *httptest.Server) {
	f := &moveFake{regions: map[string]string{}, destSize: "5", sourceETag: fakeETag,
		sourceSize: "5"}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv
}

func (f *moveFake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	f.mu.Lock()
	f.requests = append(f.requests, recordedRequest{r.Method, r.Host, r.URL.EscapedPath(),
		r.URL.RawQuery, r.Header.Clone()})
	f.mu.Unlock()
	bucket, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	w.Header().Set("Content-Type", "application/xml")
	switch {
	case r.URL.Query().Has("versioning") && f.unversioned:
		_, _ = io.WriteString(w, `<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>`)
	case r.URL.Query().Has("location"):
		_, _ = io.WriteString(w, `<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">`+
			f.regions[bucket]+`</LocationConstraint>`)
	case r.Method == http.MethodHead:
		f.head(w, bucket)
	case r.Method == http.MethodGet && r.URL.Query().Has("tagging"):
		f.tagging(w)
	case r.Method != http.MethodGet && (r.URL.Query().Has("uploads") || r.URL.Query().Has("uploadId")):
		f.multipart(w, r)
	case r.Method == http.MethodPut && r.Header.Get("X-Amz-Copy-Source") != "":
		f.copy(w)
	case r.Method == http.MethodDelete:
		w.WriteHeader(http.StatusNoContent)
	default:
		w.WriteHeader(http.StatusNotImplemented)
	}
}

func (f *moveFake) head(w http.ResponseWriter, bucket string) {
	w.Header().Set("Last-Modified", "Mon, 02 Jan 2006 15:04:05 GMT")
	if bucket == "src-bucket" {
		w.Header().Set("ETag", f.sourceETag)
		w.Header().Set("Content-Length", f.sourceSize)
		if f.sourceClass != "" {
			w.Header().Set("x-amz-storage-class", f.sourceClass)
		}
		if f.sourceSSE != "" {
			w.Header().Set("x-amz-server-side-encryption", f.sourceSSE)
		}
		if !f.unversioned {
			w.Header().Set("x-amz-version-id", "v1")
		}
		return
	}
	w.Header().Set("ETag", fakeETag)
	w.Header().Set("Content-Length", f.destSize)
}

func (f *moveFake) copy(w http.ResponseWriter) {
	if f.copyError != "" {
		w.WriteHeader(http.StatusForbidden)
		_, _ = io.WriteString(w, `<Error><Code>`+f.copyError+`</Code><Message>Access Denied`+
			`</Message><RequestId>REQ1</RequestId></Error>`)
		return
	}
	_, _ = io.WriteString(w, `<CopyObjectResult><LastModified>2006-01-02T15:04:05.000Z`+
		`</LastModified><ETag>`+strings.ReplaceAll(fakeETag, `"`, "&quot;")+
		`</ETag></CopyObjectResult>`)
}

func (f *moveFake) tagging(w http.ResponseWriter) {
	if f.tagError != "" {
		w.WriteHeader(http.StatusForbidden)
		_, _ = io.WriteString(w, `<Error><Code>`+f.tagError+`</Code><Message>Access Denied`+
			`</Message><RequestId>REQ1</RequestId></Error>`)
		return
	}
	_, _ = io.WriteString(w, `<Tagging><TagSet><Tag><Key>case</Key><Value>IR 7</Value></Tag>`+
		`</TagSet></Tagging>`)
}

// multipart serves CreateMultipartUpload, UploadPartCopy,
// CompleteMultipartUpload and AbortMultipartUpload.
func (f *moveFake) multipart(w http.ResponseWriter, r *http.Request) {
	etag := strings.ReplaceAll(fakeETag, `"`, "&quot;")
	switch {
	case r.URL.Query().Has("uploads"):
		_, _ = io.WriteString(w, `<InitiateMultipartUploadResult><Bucket>dst-bucket</Bucket>`+
			`<Key>a.txt</Key><UploadId>U1</UploadId></InitiateMultipartUploadResult>`)
	case r.Method == http.MethodPut:
		_, _ = io.WriteString(w, `<CopyPartResult><ETag>`+etag+`</ETag></CopyPartResult>`)
	case r.Method == http.MethodPost:
		_, _ = io.WriteString(w, `<CompleteMultipartUploadResult><ETag>`+etag+
			`</ETag></CompleteMultipartUploadResult>`)
	default:
		w.WriteHeader(http.StatusNoContent)
	}
}

// request returns the first recorded request with the method whose query
// has the parameter, or false.
func (f *moveFake) request(method, query string) (recordedRequest, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, r := range f.requests {
		if q, _ := url.ParseQuery(r.query); r.method == method && q.Has(query) {
			return r, true
		}
	}
	return recordedRequest{}, false
}

// count returns how many requests had the method and, when header is not
// empty, that header.
func (f *moveFake) count(method, header string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, r := range f.requests {
		if r.method == method && (header == "" || r.header.Get(header) != "") {
			n++
		}
	}
	return n
}

func fakeMoveCall(t *testing.T, srv *httptest.Server, keys ...string) *Call {
	fakeCredentials(t)
	return &Call{Params: moveParams("src-bucket", "dst-bucket", "", keys...),
		Conn: NewConnector(), Settings: Settings{EndpointURL: srv.URL, MaxAttempts: 1}}
}

func TestMoveCopyDeniedKeepsSource(t *testing.T) {
	fake, srv := newMoveFake(t)
	fake.copyError = "AccessDenied"
	res, err := runAction(t, fakeMoveCall(t, srv, "a.txt"), "s3.move_files")
	if err != nil {
		t.Fatal(err)
	}
	it := wantItem(t, res, 0, Failed)
	if it.Error == nil {
		t.Fatal("failed item has no error")
	}
	if it.Error.StatusCode != "403" {
		t.Errorf("status code = %q, want 403", it.Error.StatusCode)
	}
	if it.Error.Code != "AccessDenied" {
		t.Errorf("code = %q, want AccessDenied", it.Error.Code)
	}
	want := "An error occurred (AccessDenied) when calling the CopyObject operation: Access Denied"
	if it.Error.Message != want {
		t.Errorf("message = %q, want %q", it.Error.Message, want)
	}
	if n := fake.count(http.MethodDelete, ""); n != 0 {
		t.Errorf("%d DeleteObject requests after a denied copy, want 0", n)
	}
}

func TestMoveVerifyMismatchKeepsSource(t *testing.T) {
	fake, srv := newMoveFake(t)
	fake.destSize = "4"
	res, err := runAction(t, fakeMoveCall(t, srv, "a.txt"), "s3.move_files")
	if err != nil {
		t.Fatal(err)
	}
	it := wantItem(t, res, 0, Failed)
	if it.Error == nil || it.Error.StatusCode != CodeVerification {
		t.Fatalf("error = %+v, want a verification failure", it.Error)
	}
	if !strings.Contains(it.Error.Message, "the copy has 4 bytes, the source 5") {
		t.Errorf("message = %q, want the sizes", it.Error.Message)
	}
	if n := fake.count(http.MethodDelete, ""); n != 0 {
		t.Errorf("%d DeleteObject requests after a failed check, want 0", n)
	}
}

func TestMoveDeletesCopiedVersion(t *testing.T) {
	fake, srv := newMoveFake(t)
	res, err := runAction(t, fakeMoveCall(t, srv, "a+b c.txt"), "s3.move_files")
	if err != nil {
		t.Fatal(err)
	}
	wantItem(t, res, 0, Succeeded)
	fake.mu.Lock()
	defer fake.mu.Unlock()
	var copySource, deleteQuery string
	for _, r := range fake.requests {
		switch r.method {
		case http.MethodPut:
			copySource = r.header.Get("X-Amz-Copy-Source")
		case http.MethodDelete:
			deleteQuery = r.query
		}
	}
	if want := "src-bucket/a%2Bb%20c.txt?versionId=v1"; copySource != want {
		t.Errorf("x-amz-copy-source = %q, want %q", copySource, want)
	}
	if q, _ := url.ParseQuery(deleteQuery); q.Get("versionId") != "v1" {
		t.Errorf("DeleteObject query = %q, want versionId=v1", deleteQuery)
	}
}

func TestMoveCrossRegionRejected(t *testing.T) {
	fake, srv := newMoveFake(t)
	fake.regions["dst-bucket"] = "eu-west-1"
	_, err := runAction(t, fakeMoveCall(t, srv, "a.txt"), "s3.move_files")
	if err == nil {
		t.Fatal("a move from us-east-1 to eu-west-1 was not rejected")
	}
	msg := err.Error()
	for _, want := range []string{"us-east-1", "eu-west-1", "nothing was copied"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not contain %q", msg, want)
		}
	}
	if n := fake.count(http.MethodPut, "") + fake.count(http.MethodHead, ""); n != 0 {
		t.Errorf("%d object requests before the region check failed, want 0", n)
	}
}

// kmsETag is the ETag of an object stored with SSE-KMS: 32 hex digits like
// an MD5, but not the MD5 of the content, so a copy gets another ETag.
const kmsETag = `"0123456789abcdef0123456789abcdef"`

// fakeListedCall moves src-bucket's a.txt given as a listing entry with
// the listed ETag.
func fakeListedCall(t *testing.T, srv *httptest.Server, etag string) *Call {
	call := fakeMoveCall(t, srv)
	keys, err := toKeyList([]any{map[string]any{"Key": "a.txt", "Size": float64(5), "ETag": etag}})
	if err != nil {
		t.Fatal(err)
	}
	call.Params["keys"] = keys
	return call
}

func TestMoveListedEncryptedSource(t *testing.T) {
	fake, srv := newMoveFake(t)
	fake.unversioned = true
	fake.sourceETag, fake.sourceSSE = kmsETag, "aws:kms"
	res, err := runAction(t, fakeListedCall(t, srv, kmsETag), "s3.move_files")
	if err != nil {
		t.Fatal(err)
	}
	it := wantItem(t, res, 0, Succeeded)
	if it.Error != nil {
		t.Errorf("error = %+v", it.Error)
	}
	if n := fake.count(http.MethodHead, ""); n != 3 {
		t.Errorf("%d HeadObject requests, want 3: the copy, the source, the copy again", n)
	}
	if n := fake.count(http.MethodDelete, ""); n != 1 {
		t.Errorf("%d DeleteObject requests, want 1", n)
	}
}

func TestMoveListedSourceChangedAfterCopy(t *testing.T) {
	fake, srv := newMoveFake(t)
	fake.unversioned = true
	fake.sourceETag = `"fedcba9876543210fedcba9876543210"`
	res, err := runAction(t, fakeListedCall(t, srv, kmsETag), "s3.move_files")
	if err != nil {
		t.Fatal(err)
	}
	it := wantItem(t, res, 0, Failed)
	if it.Error == nil || it.Error.StatusCode != CodeVerification {
		t.Fatalf("error = %+v, want a verification failure", it.Error)
	}
	if n := fake.count(http.MethodDelete, ""); n != 0 {
		t.Errorf("%d DeleteObject requests for a source that changed, want 0", n)
	}
}

func TestMoveListedVersioningUnknown(t *testing.T) {
	fake, srv := newMoveFake(t)
	res, err := runAction(t, fakeListedCall(t, srv, fakeETag), "s3.move_files")
	if err != nil {
		t.Fatal(err)
	}
	wantItem(t, res, 0, Succeeded)
	if n := fake.count(http.MethodHead, ""); n != 2 {
		t.Errorf("%d HeadObject requests, want 2 when GetBucketVersioning fails", n)
	}
	fake.mu.Lock()
	defer fake.mu.Unlock()
	for _, r := range fake.requests {
		if q, _ := url.ParseQuery(r.query); r.method == http.MethodDelete && q.Get("versionId") != "v1" {
			t.Errorf("DeleteObject query = %q, want versionId=v1", r.query)
		}
	}
}

// fakeMultipartMove sets up a 6 MiB source in the storage class
// STANDARD_IA that is moved with a multipart copy.
func fakeMultipartMove(t *testing.T) (*moveFake, *Call) {
	fake, srv := newMoveFake(t)
	fake.sourceSize, fake.destSize = "6291456", "6291456"
	fake.sourceClass = "STANDARD_IA"
	call := fakeMoveCall(t, srv, "a.txt")
	call.Params["multipart_threshold"] = minPartSize
	return fake, call
}

func TestMoveMultipartCarriesTagsAndClass(t *testing.T) {
	fake, call := fakeMultipartMove(t)
	res, err := runAction(t, call, "s3.move_files")
	if err != nil {
		t.Fatal(err)
	}
	wantItem(t, res, 0, Succeeded)
	tagRead, ok := fake.request(http.MethodGet, "tagging")
	if !ok {
		t.Fatal("no GetObjectTagging request")
	}
	if q, _ := url.ParseQuery(tagRead.query); q.Get("versionId") != "v1" {
		t.Errorf("GetObjectTagging query = %q, want versionId=v1", tagRead.query)
	}
	create, ok := fake.request(http.MethodPost, "uploads")
	if !ok {
		t.Fatal("no CreateMultipartUpload request")
	}
	if got := create.header.Get("X-Amz-Tagging"); got != "case=IR%207" {
		t.Errorf("x-amz-tagging = %q, want %q", got, "case=IR%207")
	}
	if got := create.header.Get("X-Amz-Storage-Class"); got != "STANDARD_IA" {
		t.Errorf("x-amz-storage-class = %q, want STANDARD_IA", got)
	}
}

func TestMoveMultipartTagsDeniedKeepsSource(t *testing.T) {
	fake, call := fakeMultipartMove(t)
	fake.tagError = "AccessDenied"
	res, err := runAction(t, call, "s3.move_files")
	if err != nil {
		t.Fatal(err)
	}
	it := wantItem(t, res, 0, Failed)
	if it.Error == nil {
		t.Fatal("failed item has no error")
	}
	if it.Error.StatusCode != "403" {
		t.Errorf("status code = %q, want 403", it.Error.StatusCode)
	}
	if !strings.Contains(it.Error.Message, "tags could not be read") {
		t.Errorf("message = %q, want it to say the tags could not be read", it.Error.Message)
	}
	if _, ok := fake.request(http.MethodPost, "uploads"); ok {
		t.Error("a multipart upload was created although the tags could not be read")
	}
	if n := fake.count(http.MethodDelete, ""); n != 0 {
		t.Errorf("%d DeleteObject requests, want 0", n)
	}
}
