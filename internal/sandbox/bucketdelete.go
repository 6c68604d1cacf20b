package sandbox

import (
	"context"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"net/url"
)

// maxUploadPages bounds the listing of a bucket's multipart uploads, at
// 1000 uploads a page, before the bucket is deleted.
const maxUploadPages = 100

// uploadListing is the part of a ListMultipartUploadsResult document that
// deleteBucketUploads reads.
type uploadListing struct {
	Uploads            []uploadListingItem `xml:"Upload"`
	IsTruncated        bool                `xml:"IsTruncated"`
	NextKeyMarker      string              `xml:"NextKeyMarker"`
	NextUploadIDMarker string              `xml:"NextUploadIdMarker"`
}

type uploadListingItem struct {
	Key      string `xml:"Key"`
	UploadID string `xml:"UploadId"`
}

func isDeleteBucket(r *http.Request, bucket, object string) bool {
	return r.Method == http.MethodDelete && bucket != "" && object == "" && r.URL.RawQuery == ""
}

// serveDeleteBucket runs gofakes3's DeleteBucket, then drops what the
// deleted bucket leaves behind: its settings here and its incomplete
// multipart uploads. gofakes3 v1.2.0 keeps those uploads, so a new bucket
// of the same name would list them.
func (s *server) serveDeleteBucket(w http.ResponseWriter, r *http.Request, bucket string) {
	// Uploads can be listed only while the bucket exists.
	uploads := s.listUploads(r.Context(), bucket)

	response := newGofakesResponse(w, r)
	s.s3.ServeHTTP(response, r)
	response.finish(r)

	if exists, err := s.backend.BucketExists(bucket); err != nil || exists {
		return
	}
	s.settings.forget(bucket)
	for _, upload := range uploads {
		target := url.URL{Path: "/" + bucket + "/" + upload.Key,
			RawQuery: url.Values{"uploadId": {upload.UploadID}}.Encode()}
		status, _ := s.callGofakes3(r.Context(), http.MethodDelete, target)
		if status != http.StatusNoContent {
			s.logger.Error("sandbox: abort of a deleted bucket's upload failed",
				"bucket", bucket, "key", upload.Key, "upload-id", upload.UploadID, "status", status)
		}
	}
}

// listUploads returns every incomplete multipart upload in bucket, or none
// if the bucket does not exist.
func (s *server) listUploads(ctx context.Context, bucket string) []uploadListingItem {
	var uploads []uploadListingItem
	query := url.Values{"uploads": {""}}
	for range maxUploadPages {
		status, body := s.callGofakes3(ctx, http.MethodGet,
			url.URL{Path: "/" + bucket, RawQuery: query.Encode()})
		var page uploadListing
		if status != http.StatusOK || xml.Unmarshal(body, &page) != nil {
			return uploads
		}

		uploads = append(uploads, page.Uploads...)
		if !page.IsTruncated {
			return uploads
		}
		query.Set("key-marker", page.NextKeyMarker)
		query.Set("upload-id-marker", page.NextUploadIDMarker)
	}
	s.logger.Error("sandbox: too many multipart uploads to list", "bucket", bucket)
	return uploads
}

// callGofakes3 sends a request straight to gofakes3, which checks no
// credentials, and returns the status and body of its response.
func (s *server) callGofakes3(ctx context.Context, method string, target url.URL) (int, []byte) {
	request, err := http.NewRequestWithContext(ctx, method, target.String(), http.NoBody)
	if err != nil {
		return http.StatusInternalServerError, nil
	}
	recorder := httptest.NewRecorder()
	s.s3.ServeHTTP(recorder, request)
	return recorder.Code, recorder.Body.Bytes()
}
