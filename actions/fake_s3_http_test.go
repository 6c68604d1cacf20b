package actions

import (
	"context"
	"crypto/md5"
	"encoding/base64"
	"encoding/binary"
	"encoding/xml"
	"fmt"
	"hash/crc32"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// s3Namespace is the XML namespace of S3 request and reply bodies. S3 sends
// the <Error> root of error replies without a namespace.
const s3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/"

// s3ListLimit is the default and maximum of max-keys and max-uploads.
const s3ListLimit = 1000

// s3DeleteLimit is the maximum number of keys S3 accepts in one
// DeleteObjects request. It is separate from maxBatch so the fake keeps
// enforcing the service limit if the code under test changes its own.
const s3DeleteLimit = 1000

// fakeRequestID is the request id of every reply, which the SDK copies into
// errors and result metadata.
const fakeRequestID = "FAKE0000REQUEST0"

// s3Handler serves a purgeAPI implementation over the S3 REST protocol. It
// decodes path-style requests into SDK inputs, calls api and encodes the
// outputs as the XML replies S3 sends, so the SDK's request building, XML
// decoding and retry middleware all run.
type s3Handler struct {
	api purgeAPI
	// reject, when set, is called with the operation name of each request
	// before api. A non-nil error is sent in place of the operation's reply,
	// for failures of a whole request such as 503 SlowDown.
	reject func(operation string) *apiError
}

// apiError is an S3 error reply, made of the HTTP status and the Code and
// Message of its <Error> body.
type apiError struct {
	status        int
	code, message string
}

// serveS3 starts an httptest server on 127.0.0.1 with handler and returns
// an S3 client for it. The client comes from a Connector, so it has the
// retryer, HTTP client and middleware of real runs, with two changes for
// tests: static credentials and a retry backoff capped at one millisecond.
func serveS3(t *testing.T, handler http.Handler) *s3.Client {
	t.Helper()
	// Keep the SDK away from instance metadata and the user's AWS files.
	fakeCredentials(t)
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)

	conn := NewConnector()
	conn.Credentials = credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", "")
	client, err := conn.S3(context.Background(), Settings{EndpointURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	// The standard retryer waits up to retry.DefaultMaxBackoff (20 seconds
	// in aws-sdk-go-v2 v1.48.0) between attempts, which a throttling test
	// would spend asleep.
	return s3.New(client.Options(), func(o *s3.Options) {
		o.Retryer = retry.AddWithMaxBackoffDelay(o.Retryer, time.Millisecond)
	})
}

// client serves the fake over HTTP for the test and returns a client for it.
func (f *fakeS3) client(t *testing.T) *s3.Client {
	return serveS3(t, &s3Handler{api: f})
}

// operationOf names the S3 operation of a path-style request, or returns ""
// for a request the handler does not serve.
func operationOf(method string, query url.Values, key string) string {
	switch {
	case method == http.MethodGet && key == "" && query.Get("list-type") == "2":
		return "ListObjectsV2"
	case method == http.MethodGet && key == "" && query.Has("versions"):
		return "ListObjectVersions"
	case method == http.MethodGet && key == "" && query.Has("uploads"):
		return "ListMultipartUploads"
	case method == http.MethodPost && key == "" && query.Has("delete"):
		return "DeleteObjects"
	case method == http.MethodDelete && key != "" && query.Has("uploadId"):
		return "AbortMultipartUpload"
	}
	return ""
}

func (h *s3Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		writeError(w, &apiError{http.StatusBadRequest, "IncompleteBody", err.Error()})
		return
	}
	bucket, key, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	operation := operationOf(r.Method, r.URL.Query(), key)
	if operation == "" {
		writeError(w, &apiError{http.StatusNotImplemented, "NotImplemented",
			fmt.Sprintf("the fake S3 server does not implement %s %s", r.Method, r.URL)})
		return
	}
	if !strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 ") {
		writeError(w, &apiError{http.StatusForbidden, "AccessDenied",
			"the request is not signed with AWS Signature Version 4"})
		return
	}
	if h.reject != nil {
		if e := h.reject(operation); e != nil {
			writeError(w, e)
			return
		}
	}

	query := r.URL.Query()
	var reply any
	var failure *apiError
	switch operation {
	case "ListObjectsV2":
		reply, failure = h.listObjects(r.Context(), bucket, query)
	case "ListObjectVersions":
		reply, failure = h.listVersions(r.Context(), bucket, query)
	case "ListMultipartUploads":
		reply, failure = h.listUploads(r.Context(), bucket, query)
	case "DeleteObjects":
		reply, failure = h.deleteObjects(r.Context(), bucket, r.Header, body)
	case "AbortMultipartUpload":
		failure = h.abortUpload(r.Context(), bucket, key, query.Get("uploadId"))
	}
	switch {
	case failure != nil:
		writeError(w, failure)
	case reply == nil:
		w.WriteHeader(http.StatusNoContent)
	default:
		writeXML(w, http.StatusOK, reply)
	}
}

// writeXML marshals the whole reply before sending the status, so an
// encoding bug in the fake shows as a 500 and not as a truncated 200.
func writeXML(w http.ResponseWriter, status int, reply any) {
	body, err := xml.Marshal(reply)
	if err != nil {
		status = http.StatusInternalServerError
		body, _ = xml.Marshal(errorReply{Code: "InternalError", Message: err.Error(),
			RequestID: fakeRequestID})
	}
	w.Header().Set("Content-Type", "application/xml")
	w.Header().Set("x-amz-request-id", fakeRequestID)
	w.WriteHeader(status)
	_, _ = io.WriteString(w, xml.Header)
	_, _ = w.Write(body)
}

type errorReply struct {
	XMLName   xml.Name `xml:"Error"`
	Code      string
	Message   string
	RequestID string `xml:"RequestId"`
}

func writeError(w http.ResponseWriter, e *apiError) {
	writeXML(w, e.status, errorReply{Code: e.code, Message: e.message, RequestID: fakeRequestID})
}

// internalError reports an error returned by the api behind the handler.
func internalError(err error) *apiError {
	return &apiError{http.StatusInternalServerError, "InternalError", err.Error()}
}

// optionalParam returns the query parameter, or nil when it is absent.
func optionalParam(query url.Values, name string) *string {
	if !query.Has(name) {
		return nil
	}
	return aws.String(query.Get(name))
}

// limitParam parses max-keys or max-uploads. S3 uses s3ListLimit when the
// parameter is absent and never returns more entries than that.
func limitParam(query url.Values, name string) (*int32, *apiError) {
	if !query.Has(name) {
		return aws.Int32(s3ListLimit), nil
	}
	n, err := strconv.Atoi(query.Get(name))
	if err != nil || n < 0 {
		return nil, &apiError{http.StatusBadRequest, "InvalidArgument",
			fmt.Sprintf("%s must be a non-negative integer, got %q", name, query.Get(name))}
	}
	return aws.Int32(int32(min(n, s3ListLimit))), nil
}

// timestamp formats a time as S3 does in XML, or returns "" for nil, which
// omitempty leaves out.
func timestamp(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

// listBucketResult is the ListObjectsV2 reply.
type listBucketResult struct {
	XMLName               xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ ListBucketResult"`
	Name                  string
	Prefix                string
	ContinuationToken     *string `xml:",omitempty"`
	NextContinuationToken *string `xml:",omitempty"`
	KeyCount              int
	MaxKeys               int32
	IsTruncated           bool
	Contents              []objectXML
}

type objectXML struct {
	Key          string
	LastModified string  `xml:",omitempty"`
	ETag         *string `xml:",omitempty"`
	Size         int64
	StorageClass string `xml:",omitempty"`
}

func (h *s3Handler) listObjects(ctx context.Context, bucket string, query url.Values) (
	any, *apiError) {
	maxKeys, failure := limitParam(query, "max-keys")
	if failure != nil {
		return nil, failure
	}
	in := &s3.ListObjectsV2Input{Bucket: aws.String(bucket), MaxKeys: maxKeys,
		Prefix:            optionalParam(query, "prefix"),
		ContinuationToken: optionalParam(query, "continuation-token")}
	out, err := h.api.ListObjectsV2(ctx, in)
	if err != nil {
		return nil, internalError(err)
	}
	reply := listBucketResult{Name: bucket, Prefix: aws.ToString(in.Prefix),
		ContinuationToken: in.ContinuationToken, NextContinuationToken: out.NextContinuationToken,
		KeyCount: len(out.Contents), MaxKeys: *maxKeys, IsTruncated: aws.ToBool(out.IsTruncated)}
	for _, o := range out.Contents {
		reply.Contents = append(reply.Contents, objectXML{Key: aws.ToString(o.Key),
			LastModified: timestamp(o.LastModified), ETag: o.ETag, Size: aws.ToInt64(o.Size),
			StorageClass: string(o.StorageClass)})
	}
	return reply, nil
}

// listVersionsResult is the ListObjectVersions reply.
type listVersionsResult struct {
	XMLName             xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ ListVersionsResult"`
	Name                string
	Prefix              string
	KeyMarker           string
	VersionIDMarker     string  `xml:"VersionIdMarker"`
	NextKeyMarker       *string `xml:",omitempty"`
	NextVersionIDMarker *string `xml:"NextVersionIdMarker,omitempty"`
	MaxKeys             int32
	IsTruncated         bool
	// Entries contains <Version> and <DeleteMarker> elements, interleaved in
	// key order as S3 sends them. The XMLName of each entry sets its element.
	Entries []versionXML
}

type versionXML struct {
	XMLName      xml.Name
	Key          string
	VersionID    string `xml:"VersionId"`
	IsLatest     bool
	LastModified string  `xml:",omitempty"`
	ETag         *string `xml:",omitempty"`
	Size         *int64  `xml:",omitempty"` // nil for delete markers, which have no size
	StorageClass string  `xml:",omitempty"`
}

func (h *s3Handler) listVersions(ctx context.Context, bucket string, query url.Values) (
	any, *apiError) {
	maxKeys, failure := limitParam(query, "max-keys")
	if failure != nil {
		return nil, failure
	}
	in := &s3.ListObjectVersionsInput{Bucket: aws.String(bucket), MaxKeys: maxKeys,
		Prefix:          optionalParam(query, "prefix"),
		KeyMarker:       optionalParam(query, "key-marker"),
		VersionIdMarker: optionalParam(query, "version-id-marker")}
	out, err := h.api.ListObjectVersions(ctx, in)
	if err != nil {
		return nil, internalError(err)
	}
	reply := listVersionsResult{Name: bucket, Prefix: aws.ToString(in.Prefix),
		KeyMarker: aws.ToString(in.KeyMarker), VersionIDMarker: aws.ToString(in.VersionIdMarker),
		NextKeyMarker: out.NextKeyMarker, NextVersionIDMarker: out.NextVersionIdMarker,
		MaxKeys: *maxKeys, IsTruncated: aws.ToBool(out.IsTruncated)}
	for _, v := range out.Versions {
		reply.Entries = append(reply.Entries, versionXML{XMLName: xml.Name{Local: "Version"},
			Key: aws.ToString(v.Key), VersionID: aws.ToString(v.VersionId),
			IsLatest: aws.ToBool(v.IsLatest), LastModified: timestamp(v.LastModified),
			ETag: v.ETag, Size: aws.Int64(aws.ToInt64(v.Size)),
			StorageClass: string(v.StorageClass)})
	}
	for _, m := range out.DeleteMarkers {
		reply.Entries = append(reply.Entries, versionXML{XMLName: xml.Name{Local: "DeleteMarker"},
			Key: aws.ToString(m.Key), VersionID: aws.ToString(m.VersionId),
			IsLatest: aws.ToBool(m.IsLatest), LastModified: timestamp(m.LastModified)})
	}
	slices.SortStableFunc(reply.Entries, func(a, b versionXML) int {
		return strings.Compare(a.Key, b.Key)
	})
	return reply, nil
}

// listUploadsResult is the ListMultipartUploads reply.
type listUploadsResult struct {
	XMLName            xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ ListMultipartUploadsResult"`
	Bucket             string
	KeyMarker          string
	UploadIDMarker     string  `xml:"UploadIdMarker"`
	NextKeyMarker      *string `xml:",omitempty"`
	NextUploadIDMarker *string `xml:"NextUploadIdMarker,omitempty"`
	MaxUploads         int32
	IsTruncated        bool
	Uploads            []uploadXML `xml:"Upload"`
}

type uploadXML struct {
	Key          string
	UploadID     string `xml:"UploadId"`
	Initiated    string `xml:",omitempty"`
	StorageClass string `xml:",omitempty"`
}

func (h *s3Handler) listUploads(ctx context.Context, bucket string, query url.Values) (
	any, *apiError) {
	maxUploads, failure := limitParam(query, "max-uploads")
	if failure != nil {
		return nil, failure
	}
	in := &s3.ListMultipartUploadsInput{Bucket: aws.String(bucket), MaxUploads: maxUploads,
		Prefix:         optionalParam(query, "prefix"),
		KeyMarker:      optionalParam(query, "key-marker"),
		UploadIdMarker: optionalParam(query, "upload-id-marker")}
	out, err := h.api.ListMultipartUploads(ctx, in)
	if err != nil {
		return nil, internalError(err)
	}
	reply := listUploadsResult{Bucket: bucket, KeyMarker: aws.ToString(in.KeyMarker),
		UploadIDMarker: aws.ToString(in.UploadIdMarker), NextKeyMarker: out.NextKeyMarker,
		NextUploadIDMarker: out.NextUploadIdMarker, MaxUploads: *maxUploads,
		IsTruncated: aws.ToBool(out.IsTruncated)}
	for _, u := range out.Uploads {
		reply.Uploads = append(reply.Uploads, uploadXML{Key: aws.ToString(u.Key),
			UploadID: aws.ToString(u.UploadId), Initiated: timestamp(u.Initiated),
			StorageClass: string(u.StorageClass)})
	}
	return reply, nil
}

// abortUpload serves AbortMultipartUpload, whose reply is 204 No Content.
func (h *s3Handler) abortUpload(ctx context.Context, bucket, key, uploadID string) *apiError {
	_, err := h.api.AbortMultipartUpload(ctx, &s3.AbortMultipartUploadInput{
		Bucket: aws.String(bucket), Key: aws.String(key), UploadId: aws.String(uploadID)})
	if err != nil {
		return internalError(err)
	}
	return nil
}

// deleteRequest is the DeleteObjects request body.
type deleteRequest struct {
	XMLName xml.Name `xml:"Delete"`
	Objects []struct {
		Key       string
		VersionID *string `xml:"VersionId"`
	} `xml:"Object"`
	Quiet bool
}

// deleteResult is the DeleteObjects reply. A 200 reply can list failed
// keys under <Error>, next to the <Deleted> ones.
type deleteResult struct {
	XMLName xml.Name      `xml:"http://s3.amazonaws.com/doc/2006-03-01/ DeleteResult"`
	Deleted []deletedXML  `xml:"Deleted"`
	Errors  []keyErrorXML `xml:"Error"`
}

type deletedXML struct {
	Key                   string
	VersionID             *string `xml:"VersionId,omitempty"`
	DeleteMarker          *bool   `xml:",omitempty"`
	DeleteMarkerVersionID *string `xml:"DeleteMarkerVersionId,omitempty"`
}

type keyErrorXML struct {
	Key       string
	VersionID *string `xml:"VersionId,omitempty"`
	Code      string
	Message   string
}

func (h *s3Handler) deleteObjects(ctx context.Context, bucket string, header http.Header,
	body []byte) (any, *apiError) {
	if failure := checkIntegrity(header, body); failure != nil {
		return nil, failure
	}
	var req deleteRequest
	if err := xml.Unmarshal(body, &req); err != nil {
		return nil, &apiError{http.StatusBadRequest, "MalformedXML", err.Error()}
	}
	if len(req.Objects) == 0 || len(req.Objects) > s3DeleteLimit {
		return nil, &apiError{http.StatusBadRequest, "MalformedXML", fmt.Sprintf(
			"a DeleteObjects request names 1 to %d keys, got %d", s3DeleteLimit, len(req.Objects))}
	}
	ids := make([]types.ObjectIdentifier, len(req.Objects))
	for i, o := range req.Objects {
		ids[i] = types.ObjectIdentifier{Key: aws.String(o.Key), VersionId: o.VersionID}
	}
	out, err := h.api.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: aws.String(bucket),
		Delete: &types.Delete{Objects: ids, Quiet: aws.Bool(req.Quiet)}})
	if err != nil {
		return nil, internalError(err)
	}
	reply := deleteResult{}
	for _, d := range out.Deleted {
		reply.Deleted = append(reply.Deleted, deletedXML{Key: aws.ToString(d.Key),
			VersionID: d.VersionId, DeleteMarker: d.DeleteMarker,
			DeleteMarkerVersionID: d.DeleteMarkerVersionId})
	}
	for _, e := range out.Errors {
		reply.Errors = append(reply.Errors, keyErrorXML{Key: aws.ToString(e.Key),
			VersionID: e.VersionId, Code: aws.ToString(e.Code), Message: aws.ToString(e.Message)})
	}
	return reply, nil
}

// checkIntegrity applies the S3 rule that a DeleteObjects request carries
// Content-MD5 or an x-amz-checksum-* header. It verifies Content-MD5 and
// CRC32, the default algorithm of service/s3 v1.115.0.
// NOTE: other checksum algorithms are accepted without checking the value.
func checkIntegrity(header http.Header, body []byte) *apiError {
	hasChecksum := false
	for name := range header {
		if strings.HasPrefix(name, "X-Amz-Checksum-") {
			hasChecksum = true
		}
	}
	sentMD5 := header.Get("Content-MD5")
	if sentMD5 == "" && !hasChecksum {
		return &apiError{http.StatusBadRequest, "InvalidRequest",
			"Missing required header for this request: Content-MD5"}
	}
	if sentMD5 != "" {
		sum := md5.Sum(body)
		if sentMD5 != base64.StdEncoding.EncodeToString(sum[:]) {
			return &apiError{http.StatusBadRequest, "BadDigest",
				"The Content-MD5 you specified did not match what we received."}
		}
	}
	if sentCRC := header.Get("X-Amz-Checksum-Crc32"); sentCRC != "" {
		sum := binary.BigEndian.AppendUint32(nil, crc32.ChecksumIEEE(body))
		if sentCRC != base64.StdEncoding.EncodeToString(sum) {
			return &apiError{http.StatusBadRequest, "BadDigest",
				"The CRC32 you specified did not match the calculated checksum."}
		}
	}
	return nil
}

// throttle rejects requests of one operation with 503 SlowDown, the reply
// S3 sends when requests arrive faster than it can serve them.
type throttle struct {
	operation string
	limit     int // number of requests to reject, or negative to reject every one

	mu       sync.Mutex
	rejected int
}

// reject is an s3Handler.reject hook.
func (th *throttle) reject(operation string) *apiError {
	th.mu.Lock()
	defer th.mu.Unlock()
	if operation != th.operation || (th.limit >= 0 && th.rejected >= th.limit) {
		return nil
	}
	th.rejected++
	return &apiError{http.StatusServiceUnavailable, "SlowDown", "Please reduce your request rate."}
}

func (th *throttle) count() int {
	th.mu.Lock()
	defer th.mu.Unlock()
	return th.rejected
}
