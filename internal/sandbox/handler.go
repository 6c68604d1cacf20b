package sandbox

import (
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// unsupportedSubresources are S3 subresources that gofakes3 v1.2.0 does not
// implement. It would serve most of them as a plain GetObject or
// ListObjects, which the SDK might decode into an empty result without an
// error, so the sandbox returns NotImplemented instead.
var unsupportedSubresources = []string{
	"accelerate", "acl", "analytics", "attributes", "cors", "encryption",
	"intelligent-tiering", "inventory", "legal-hold", "lifecycle", "logging",
	"metadataTable", "metrics", "notification", "object-lock", "ownershipControls",
	"policyStatus", "replication", "requestPayment", "restore", "retention",
	"select", "tagging", "torrent", "website",
}

// server routes sandbox requests: STS calls, the bucket settings that
// gofakes3 lacks, and everything else to gofakes3 over an s3mem backend.
type server struct {
	backend  *s3mem.Backend
	s3       http.Handler
	settings *bucketSettings
	keys     *keyring
	logger   *slog.Logger
}

// Handler returns an http.Handler that serves an empty in-memory S3 and
// STS endpoint, for use in a test server. Requests must be signed with
// accessKey or with temporary credentials that the handler's STS
// AssumeRole issued. Use Start for a sandbox with demo data.
func Handler(accessKey string) http.Handler {
	return newServer(accessKey, slog.Default())
}

func newServer(accessKey string, logger *slog.Logger) *server {
	backend := s3mem.New()
	fake := gofakes3.New(sortedBackend{backend}, gofakes3.WithLogger(gofakesLogger{logger}))
	return &server{
		backend:  backend,
		s3:       fake.Server(),
		settings: newBucketSettings(),
		keys:     newKeyring(accessKey),
		logger:   logger,
	}
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id := hex.EncodeToString(randomBytes(8))
	w.Header().Set("x-amz-request-id", strings.ToUpper(id))

	recorder := &statusRecorder{ResponseWriter: w}
	s.route(recorder, r)

	// A handler that writes nothing sends 200.
	status := recorder.status
	if status == 0 {
		status = http.StatusOK
	}
	level := slog.LevelDebug
	if status >= http.StatusInternalServerError {
		level = slog.LevelError
	}
	// gofakes3 sets its own request id, so the header is read back here.
	s.logger.Log(r.Context(), level, "sandbox: request served",
		"method", r.Method, "path", r.URL.Path, "status", status,
		"request-id", w.Header().Get("x-amz-request-id"))
}

func (s *server) route(w http.ResponseWriter, r *http.Request) {
	bucket, object, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	caller, failure := s.keys.authenticate(r)

	if isSTSRequest(r, bucket) {
		if failure != authOK {
			writeSTSError(w, stsAuthError(failure))
			return
		}
		s.serveSTS(w, r, caller)
		return
	}

	// gofakes3 handles CORS preflight requests, which carry no credentials.
	if failure != authOK && r.Method != http.MethodOptions {
		writeS3Error(w, r, s3AuthError(failure))
		return
	}
	s.serveS3(w, r, bucket, object)
}

func (s *server) serveS3(w http.ResponseWriter, r *http.Request, bucket, object string) {
	if failure := s.wrongRegion(r, bucket, object); failure != nil {
		writeS3Error(w, r, failure)
		return
	}
	if isListBuckets(r, bucket) {
		s.serveListBuckets(w, r)
		return
	}
	if s.serveMissingFeature(w, r, bucket, object) {
		return
	}

	if isObjectUpload(r, object) {
		if err := prepareUpload(r); err != nil {
			writeS3Error(w, r, err)
			return
		}
	}
	if err := unmapNullVersion(r, bucket, object); err != nil {
		writeS3Error(w, r, newS3Error(http.StatusBadRequest, "IncompleteBody",
			"The request body could not be read: "+err.Error()))
		return
	}
	removeRequestOnlyHeaders(r.Header)
	// gofakes3 deletes a non-empty bucket when this MinIO header is set,
	// which S3 never does.
	r.Header.Del("X-Minio-Force-Delete")

	if isDeleteBucket(r, bucket, object) {
		s.serveDeleteBucket(w, r, bucket)
		return
	}

	response := newGofakesResponse(w, r)
	s.s3.ServeHTTP(response, r)
	if isListUploads(r, bucket, object) && emptyUploadList(response, r, bucket) {
		return
	}
	response.finish(r)
}

// serveMissingFeature serves the requests that gofakes3 v1.2.0 gets wrong
// or lacks, and reports whether r was one of them.
func (s *server) serveMissingFeature(w http.ResponseWriter, r *http.Request,
	bucket, object string) bool {
	query := r.URL.Query()
	for _, name := range unsupportedSubresources {
		if query.Has(name) {
			writeS3Error(w, r, newS3Error(http.StatusNotImplemented, "NotImplemented",
				"The sandbox does not implement the ?"+name+" subresource."))
			return true
		}
	}

	if bucket != "" && object == "" && (query.Has("policy") || query.Has("publicAccessBlock")) ||
		isGetBucketLocation(r, bucket, object) {
		s.serveBucketSetting(w, r, bucket)
		return true
	}
	if isCreateBucket(r, bucket, object) {
		s.serveCreateBucket(w, r, bucket)
		return true
	}
	if isListVersions(r, bucket, object) {
		s.serveListVersions(w, r, bucket)
		return true
	}
	return s.serveObjectFix(w, r, bucket, object)
}

// serveObjectFix serves the object requests that gofakes3 v1.2.0 gets
// wrong, and reports whether r was one of them.
func (s *server) serveObjectFix(w http.ResponseWriter, r *http.Request,
	bucket, object string) bool {
	switch {
	case isUploadPartCopy(r, object):
		writeS3Error(w, r, errUploadPartCopy())
		return true
	case isCopyObject(r, object):
		s.serveCopyObject(w, r, bucket, object)
		return true
	case isDeleteVersion(r, object):
		return s.serveDeleteCurrentVersion(w, r, bucket, object)
	}
	return false
}

func (s *server) serveBucketSetting(w http.ResponseWriter, r *http.Request, bucket string) {
	exists, err := s.backend.BucketExists(bucket)
	if err != nil {
		s.logger.Error("sandbox: bucket lookup failed", "bucket", bucket, "error", err)
		writeS3Error(w, r, newS3Error(http.StatusInternalServerError, "InternalError",
			s3Messages["InternalError"]))
		return
	}
	if !exists {
		writeS3Error(w, r, errNoSuchBucket(bucket))
		return
	}

	switch query := r.URL.Query(); {
	case query.Has("policy"):
		s.settings.serveBucketPolicy(w, r, bucket)
	case query.Has("location"):
		s.settings.serveLocation(w, bucket)
	default:
		s.settings.servePublicAccessBlock(w, r, bucket)
	}
}

// statusRecorder records the status code of a response for the request log.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *statusRecorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(p)
}

// gofakesLogger passes gofakes3's error and warning messages to slog. Its
// info messages, one or more per request, are dropped.
type gofakesLogger struct{ logger *slog.Logger }

func (l gofakesLogger) Print(level gofakes3.LogLevel, v ...any) {
	message := "gofakes3: " + strings.TrimSuffix(fmt.Sprintln(v...), "\n")
	switch level {
	case gofakes3.LogErr:
		l.logger.Error(message)
	case gofakes3.LogWarn:
		l.logger.Warn(message)
	}
}
