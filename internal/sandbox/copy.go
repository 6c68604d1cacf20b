package sandbox

import (
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/johannesboyne/gofakes3"
)

// The sandbox serves CopyObject itself, because gofakes3 v1.2.0 ignores the
// versionId of the copy source and x-amz-copy-source-if-match, and returns
// the source's version id as the new object's version id. The sandbox
// decodes the source key as a URL path, so "+" stays a plus sign.

func isCopyObject(r *http.Request, object string) bool {
	return r.Method == http.MethodPut && object != "" &&
		r.Header.Get("X-Amz-Copy-Source") != "" && !r.URL.Query().Has("uploadId")
}

// isUploadPartCopy reports an UploadPartCopy request. gofakes3 v1.2.0 would
// store the empty request body as the part, so the sandbox rejects it.
func isUploadPartCopy(r *http.Request, object string) bool {
	return r.Method == http.MethodPut && object != "" &&
		r.Header.Get("X-Amz-Copy-Source") != "" && r.URL.Query().Has("uploadId")
}

// copySource is a parsed x-amz-copy-source header.
type copySource struct {
	bucket, key string
	versionID   gofakes3.VersionID
}

// parseCopySource reads "bucket/key" or "/bucket/key", with an optional
// "?versionId=ID", where the key is percent-encoded.
func parseCopySource(header string) (copySource, *s3Error) {
	invalid := invalidArgument("Copy Source must mention the source bucket and key: " +
		"sourcebucket/sourcekey")
	path, query, _ := strings.Cut(strings.TrimPrefix(header, "/"), "?")
	bucket, escapedKey, found := strings.Cut(path, "/")
	if !found || bucket == "" || escapedKey == "" {
		return copySource{}, invalid
	}
	key, err := url.PathUnescape(escapedKey)
	if err != nil {
		return copySource{}, invalid
	}
	values, err := url.ParseQuery(query)
	if err != nil {
		return copySource{}, invalid
	}
	version := values.Get("versionId")
	if version == "null" {
		// gofakes3 stores the null version under the empty id.
		version = ""
	}
	return copySource{bucket: bucket, key: key, versionID: gofakes3.VersionID(version)}, nil
}

func (s *server) serveCopyObject(w http.ResponseWriter, r *http.Request, bucket, object string) {
	if directive := r.Header.Get("X-Amz-Metadata-Directive"); directive == "REPLACE" {
		writeS3Error(w, r, newS3Error(http.StatusNotImplemented, "NotImplemented",
			"The sandbox copies metadata only with x-amz-metadata-directive COPY."))
		return
	}

	source, failure := parseCopySource(r.Header.Get("X-Amz-Copy-Source"))
	if failure != nil {
		writeS3Error(w, r, failure)
		return
	}

	obj, err := s.backend.GetObjectVersion(source.bucket, source.key, source.versionID, nil)
	if err != nil {
		writeS3Error(w, r, s.backendError(err, source.bucket, source.key))
		return
	}
	defer obj.Contents.Close()
	etag := `"` + hex.EncodeToString(obj.Hash) + `"`
	if match := r.Header.Get("X-Amz-Copy-Source-If-Match"); match != "" && match != etag {
		writeS3Error(w, r, newS3Error(http.StatusPreconditionFailed, "PreconditionFailed",
			"At least one of the pre-conditions you specified did not hold"))
		return
	}

	result, err := s.backend.PutObject(bucket, object, obj.Metadata, obj.Contents, obj.Size, nil)
	if err != nil {
		writeS3Error(w, r, s.backendError(err, bucket, object))
		return
	}

	if source.versionID != "" {
		w.Header().Set("x-amz-copy-source-version-id", string(source.versionID))
	}
	if result.VersionID != "" {
		w.Header().Set("x-amz-version-id", string(result.VersionID))
	}
	writeXML(w, gofakes3.CopyObjectResult{ETag: etag,
		LastModified: gofakes3.NewContentTime(time.Now())})
}

// backendError turns an error of the s3mem backend into the S3 error.
func (s *server) backendError(err error, bucket, key string) *s3Error {
	switch {
	case gofakes3.HasErrorCode(err, gofakes3.ErrNoSuchBucket):
		return errNoSuchBucket(bucket)
	case gofakes3.HasErrorCode(err, gofakes3.ErrNoSuchKey):
		e := newS3Error(http.StatusNotFound, "NoSuchKey", s3Messages["NoSuchKey"])
		e.Resource = "/" + bucket + "/" + key
		return e
	case gofakes3.HasErrorCode(err, gofakes3.ErrNoSuchVersion):
		return newS3Error(http.StatusNotFound, "NoSuchVersion", s3Messages["NoSuchVersion"])
	}
	s.logger.Error("sandbox: backend call failed", "bucket", bucket, "key", key, "error", err)
	return newS3Error(http.StatusInternalServerError, "InternalError", s3Messages["InternalError"])
}

func errUploadPartCopy() *s3Error {
	return newS3Error(http.StatusNotImplemented, "NotImplemented",
		"The sandbox does not implement UploadPartCopy; copy objects of up to 5 GiB "+
			"with CopyObject.")
}
