package sandbox

import (
	"bytes"
	"io"
	"net/http"

	"github.com/johannesboyne/gofakes3"
)

// The sandbox serves DeleteObject of the current version of a key that has
// older versions, because gofakes3 v1.2.0 then leaves the key without a
// current version, and the next ListObjectsV2 of the bucket panics. S3
// makes the next newest version current; the sandbox writes that version
// again as the current one. NOTE: the promoted version therefore gets a new
// version id in the sandbox, which S3 would keep.

func isDeleteVersion(r *http.Request, object string) bool {
	return r.Method == http.MethodDelete && object != "" && r.URL.Query().Get("versionId") != ""
}

// serveDeleteCurrentVersion handles the request when it deletes a current
// version that has an older one, and reports whether it did.
func (s *server) serveDeleteCurrentVersion(w http.ResponseWriter, r *http.Request,
	bucket, object string) bool {
	target := gofakes3.VersionID(r.URL.Query().Get("versionId"))
	entries := s.keyVersions(bucket, object)
	if len(entries) < 2 || entries[0].id != target {
		return false
	}
	previous := entries[1]
	if err := s.promote(bucket, object, target, previous); err != nil {
		writeS3Error(w, r, err)
		return true
	}
	w.Header().Set("x-amz-version-id", string(target))
	if _, marker := entries[0].item.(*gofakes3.DeleteMarker); marker {
		w.Header().Set("x-amz-delete-marker", "true")
	}
	w.WriteHeader(http.StatusNoContent)
	return true
}

// keyVersions lists the versions of exactly one key, newest first.
func (s *server) keyVersions(bucket, key string) []versionEntry {
	prefix := gofakes3.Prefix{HasPrefix: true, Prefix: key}
	all, err := s.backend.ListBucketVersions(bucket, &prefix, nil)
	if err != nil {
		return nil
	}
	var out []versionEntry
	for _, e := range sortedVersions(all.Versions) {
		if e.key == key {
			out = append(out, e)
		}
	}
	return out
}

// promote deletes the current version and makes previous current.
func (s *server) promote(bucket, key string, current gofakes3.VersionID,
	previous versionEntry) *s3Error {
	if _, marker := previous.item.(*gofakes3.DeleteMarker); marker {
		return s.promoteMarker(bucket, key, current, previous.id)
	}
	obj, err := s.backend.GetObjectVersion(bucket, key, previous.id, nil)
	if err != nil {
		return s.backendError(err, bucket, key)
	}
	defer obj.Contents.Close()
	body, err := io.ReadAll(obj.Contents)
	if err != nil {
		return s.backendError(err, bucket, key)
	}
	// The order keeps a current version in place at every step, because
	// s3mem panics on a key without one.
	if err := s.deleteVersions(bucket, key, previous.id); err != nil {
		return err
	}
	_, err = s.backend.PutObject(bucket, key, obj.Metadata, bytes.NewReader(body),
		int64(len(body)), nil)
	if err != nil {
		return s.backendError(err, bucket, key)
	}
	return s.deleteVersions(bucket, key, current)
}

// promoteMarker makes a delete marker current again. Only a bucket with
// versioning enabled creates one on DeleteObject, so others are rejected.
func (s *server) promoteMarker(bucket, key string, current, marker gofakes3.VersionID) *s3Error {
	config, err := s.backend.VersioningConfiguration(bucket)
	if err != nil {
		return s.backendError(err, bucket, key)
	}
	if config.Status != gofakes3.VersioningEnabled {
		return newS3Error(http.StatusNotImplemented, "NotImplemented", "The sandbox cannot "+
			"delete this version, because the next newest is a delete marker and "+
			"versioning is suspended.")
	}
	if err := s.deleteVersions(bucket, key, marker); err != nil {
		return err
	}
	if _, err := s.backend.DeleteObject(bucket, key); err != nil {
		return s.backendError(err, bucket, key)
	}
	return s.deleteVersions(bucket, key, current)
}

func (s *server) deleteVersions(bucket, key string, ids ...gofakes3.VersionID) *s3Error {
	for _, id := range ids {
		if _, err := s.backend.DeleteObjectVersion(bucket, key, id); err != nil {
			return s.backendError(err, bucket, key)
		}
	}
	return nil
}
