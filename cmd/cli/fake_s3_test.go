package cli

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

// fakeS3 is an httptest server that contains one unversioned bucket and
// speaks the part of the S3 XML protocol that listing and emptying a bucket use:
// ListBuckets, ListObjectVersions, ListObjectsV2, ListMultipartUploads,
// DeleteObjects and DeleteBucket. Requests for another bucket get 404
// NoSuchBucket and other operations 501 NotImplemented. It records every
// request it receives.
type fakeS3 struct {
	srv    *httptest.Server
	bucket string
	// denied maps a key to the error code that a 200 DeleteObjects reply
	// lists for it under Errors. S3 reports per-key failures this way, and
	// a test cannot make versitygw fail one chosen key.
	denied map[string]string

	mu                sync.Mutex
	keys              []string // sorted
	bucketGone        bool
	requests          []string // "METHOD /path?query" of each request
	deleteBucketCalls int
}

// newFakeS3 starts a fake whose bucket contains the given keys and stops it
// when the test ends.
func newFakeS3(t *testing.T, bucket string, keys ...string) *fakeS3 {
	t.Helper()
	f := &fakeS3{bucket: bucket, denied: map[string]string{}, keys: slices.Sorted(slices.Values(keys))}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// URL returns the endpoint URL to pass as --endpoint-url.
func (f *fakeS3) URL() string {
	return f.srv.URL
}

// Requests returns a copy of the requests received so far.
func (f *fakeS3) Requests() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.requests)
}

// DeleteBucketCalls returns how many DeleteBucket requests arrived.
func (f *fakeS3) DeleteBucketCalls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.deleteBucketCalls
}

// Keys returns the keys still stored.
func (f *fakeS3) Keys() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.keys)
}

func (f *fakeS3) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = append(f.requests, r.Method+" "+r.URL.RequestURI())

	path := strings.TrimPrefix(r.URL.Path, "/")
	query := r.URL.Query()
	switch {
	case path == "" && r.Method == http.MethodGet:
		f.listBuckets(w)
	case path == "" || strings.Contains(path, "/"):
		writeS3Error(w, http.StatusNotImplemented, "NotImplemented",
			r.Method+" "+r.URL.RequestURI()+" is not implemented")
	case path != f.bucket || f.bucketGone:
		writeS3Error(w, http.StatusNotFound, "NoSuchBucket", "The specified bucket does not exist")
	case r.Method == http.MethodGet && query.Has("versions"):
		f.listVersions(w)
	case r.Method == http.MethodGet && query.Has("uploads"):
		writeXML(w, listUploadsResult{Bucket: f.bucket})
	case r.Method == http.MethodGet && query.Get("list-type") == "2":
		f.listObjects(w)
	case r.Method == http.MethodPost && query.Has("delete"):
		f.deleteObjects(w, body)
	case r.Method == http.MethodDelete:
		f.deleteBucket(w)
	default:
		writeS3Error(w, http.StatusNotImplemented, "NotImplemented",
			r.Method+" "+r.URL.RequestURI()+" is not implemented")
	}
}

// fakeTimestamp is the creation and modification time of everything in the fake.
const fakeTimestamp = "2024-01-02T03:04:05.000Z"

type xmlBucket struct {
	Name         string
	CreationDate string
}

type listBucketsResult struct {
	XMLName xml.Name    `xml:"ListAllMyBucketsResult"`
	Buckets []xmlBucket `xml:"Buckets>Bucket"`
}

func (f *fakeS3) listBuckets(w http.ResponseWriter) {
	out := listBucketsResult{Buckets: []xmlBucket{}}
	if !f.bucketGone {
		out.Buckets = append(out.Buckets, xmlBucket{Name: f.bucket, CreationDate: fakeTimestamp})
	}
	writeXML(w, out)
}

type xmlVersion struct {
	Key          string
	VersionID    string `xml:"VersionId"`
	IsLatest     bool
	LastModified string
	ETag         string
	Size         int
}

type listVersionsResult struct {
	XMLName     xml.Name `xml:"ListVersionsResult"`
	Name        string
	MaxKeys     int
	IsTruncated bool
	Versions    []xmlVersion `xml:"Version"`
}

// listVersions returns every key in one page. Objects in a bucket that
// never had versioning have the version id "null".
func (f *fakeS3) listVersions(w http.ResponseWriter) {
	out := listVersionsResult{Name: f.bucket, MaxKeys: 1000}
	for _, k := range f.keys {
		out.Versions = append(out.Versions, xmlVersion{Key: k, VersionID: "null", IsLatest: true,
			LastModified: fakeTimestamp, ETag: `"0"`, Size: 1})
	}
	writeXML(w, out)
}

type xmlObject struct {
	Key          string
	LastModified string
	ETag         string
	Size         int
}

type listObjectsResult struct {
	XMLName     xml.Name `xml:"ListBucketResult"`
	Name        string
	KeyCount    int
	MaxKeys     int
	IsTruncated bool
	Contents    []xmlObject
}

func (f *fakeS3) listObjects(w http.ResponseWriter) {
	out := listObjectsResult{Name: f.bucket, KeyCount: len(f.keys), MaxKeys: 1000}
	for _, k := range f.keys {
		out.Contents = append(out.Contents, xmlObject{Key: k, LastModified: fakeTimestamp,
			ETag: `"0"`, Size: 1})
	}
	writeXML(w, out)
}

type listUploadsResult struct {
	XMLName     xml.Name `xml:"ListMultipartUploadsResult"`
	Bucket      string
	IsTruncated bool
}

type deleteRequest struct {
	Quiet   bool
	Objects []struct {
		Key       string
		VersionID string `xml:"VersionId"`
	} `xml:"Object"`
}

type xmlDeleted struct {
	Key       string
	VersionID string `xml:"VersionId,omitempty"`
}

type xmlKeyError struct {
	Key       string
	VersionID string `xml:"VersionId,omitempty"`
	Code      string
	Message   string
}

type deleteResult struct {
	XMLName xml.Name      `xml:"DeleteResult"`
	Deleted []xmlDeleted  `xml:"Deleted"`
	Errors  []xmlKeyError `xml:"Error"`
}

// deleteObjects removes every requested key except the denied ones, which
// stay stored and are listed under Errors of a 200 reply.
func (f *fakeS3) deleteObjects(w http.ResponseWriter, body []byte) {
	var req deleteRequest
	if err := xml.Unmarshal(body, &req); err != nil {
		writeS3Error(w, http.StatusBadRequest, "MalformedXML", err.Error())
		return
	}
	var out deleteResult
	for _, o := range req.Objects {
		if code, ok := f.denied[o.Key]; ok {
			out.Errors = append(out.Errors, xmlKeyError{Key: o.Key, VersionID: o.VersionID,
				Code: code, Message: "Access Denied"})
			continue
		}
		f.keys = slices.DeleteFunc(f.keys, func(k string) bool { return k == o.Key })
		if !req.Quiet {
			out.Deleted = append(out.Deleted, xmlDeleted{Key: o.Key, VersionID: o.VersionID})
		}
	}
	writeXML(w, out)
}

// deleteBucket rejects the request with BucketNotEmpty while the bucket
// contains keys, as S3 does.
func (f *fakeS3) deleteBucket(w http.ResponseWriter) {
	f.deleteBucketCalls++
	if len(f.keys) > 0 {
		writeS3Error(w, http.StatusConflict, "BucketNotEmpty",
			"The bucket you tried to delete is not empty")
		return
	}
	f.bucketGone = true
	w.WriteHeader(http.StatusNoContent)
}

func writeXML(w http.ResponseWriter, v any) {
	data, err := xml.Marshal(v)
	if err != nil {
		writeS3Error(w, http.StatusInternalServerError, "InternalError", err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/xml")
	_, _ = io.WriteString(w, xml.Header)
	_, _ = w.Write(data)
}

type s3Error struct {
	XMLName xml.Name `xml:"Error"`
	Code    string
	Message string
}

func writeS3Error(w http.ResponseWriter, status int, code, message string) {
	data, _ := xml.Marshal(s3Error{Code: code, Message: message})
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	_, _ = w.Write(data)
}

// isolateAWS clears the AWS settings a developer's shell may carry, so the
// CLI uses only what the test sets: no profile, no endpoint or CA bundle
// from the environment, no shared config files and no instance metadata.
func isolateAWS(t *testing.T) {
	t.Helper()
	missing := filepath.Join(t.TempDir(), "missing")
	for name, value := range map[string]string{
		"AWS_EC2_METADATA_DISABLED":              "true",
		"AWS_CONFIG_FILE":                        filepath.Join(missing, "config"),
		"AWS_SHARED_CREDENTIALS_FILE":            filepath.Join(missing, "credentials"),
		"AWS_ACCESS_KEY_ID":                      "",
		"AWS_SECRET_ACCESS_KEY":                  "",
		"AWS_SESSION_TOKEN":                      "",
		"AWS_PROFILE":                            "",
		"AWS_DEFAULT_PROFILE":                    "",
		"AWS_REGION":                             "us-east-1",
		"AWS_DEFAULT_REGION":                     "",
		"AWS_ENDPOINT_URL":                       "",
		"AWS_ENDPOINT_URL_S3":                    "",
		"AWS_ENDPOINT_URL_STS":                   "",
		"AWS_CA_BUNDLE":                          "",
		"AWS_ROLE_ARN":                           "",
		"AWS_WEB_IDENTITY_TOKEN_FILE":            "",
		"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "",
		"AWS_CONTAINER_CREDENTIALS_FULL_URI":     "",
	} {
		t.Setenv(name, value)
	}
}

// fakeCredentials sets static credentials that only the fakes accept.
func fakeCredentials(t *testing.T) {
	t.Helper()
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDFAKE")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "fake-secret")
}
