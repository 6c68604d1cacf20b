package sandbox

import (
	"bytes"
	"io"
	"net/http"
	"strings"
)

// nullVersion is the version id S3 lists for objects stored while a bucket
// had no versioning. The listing here reports s3mem's empty id as "null",
// so requests that name version "null" are mapped back before gofakes3
// sees them. Without this, gofakes3 v1.2.0 answers such a delete with
// success and keeps the object.
const nullVersion = "null"

// maxDeleteBody bounds the DeleteObjects body read into memory: 1,000 keys
// of at most 1,024 bytes each, with room for the XML around them.
const maxDeleteBody = 2 << 20

// unmapNullVersion rewrites the version id "null" in a request's query and,
// for DeleteObjects, in its body. It returns an error only when the body
// cannot be read.
func unmapNullVersion(r *http.Request, bucket, object string) error {
	query := r.URL.Query()
	if object != "" && query.Get("versionId") == nullVersion {
		query.Del("versionId")
		r.URL.RawQuery = query.Encode()
	}
	if r.Method != http.MethodPost || object != "" || bucket == "" || !query.Has("delete") {
		return nil
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxDeleteBody))
	if err != nil {
		return err
	}
	rewritten := strings.ReplaceAll(string(body), "<VersionId>"+nullVersion+"</VersionId>", "")
	if len(rewritten) == len(body) {
		r.Body = io.NopCloser(bytes.NewReader(body))
		return nil
	}
	r.Body = io.NopCloser(strings.NewReader(rewritten))
	r.ContentLength = int64(len(rewritten))
	// The checksums covered the body as sent, so they no longer match it.
	for name := range r.Header {
		lower := strings.ToLower(name)
		if lower == "content-md5" || strings.HasPrefix(lower, "x-amz-checksum-") {
			r.Header.Del(name)
		}
	}
	return nil
}
