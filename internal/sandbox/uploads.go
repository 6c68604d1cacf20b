package sandbox

import (
	"encoding/xml"
	"net/http"
	"strconv"
)

// listUploadsResult is an empty ListMultipartUploadsResult document.
type listUploadsResult struct {
	XMLName        xml.Name `xml:"ListMultipartUploadsResult"`
	Xmlns          string   `xml:"xmlns,attr"`
	Bucket         string   `xml:"Bucket"`
	KeyMarker      string   `xml:"KeyMarker"`
	UploadIDMarker string   `xml:"UploadIdMarker"`
	Prefix         string   `xml:"Prefix"`
	Delimiter      string   `xml:"Delimiter,omitempty"`
	MaxUploads     int      `xml:"MaxUploads"`
	IsTruncated    bool     `xml:"IsTruncated"`
}

func isListUploads(r *http.Request, bucket, object string) bool {
	return r.Method == http.MethodGet && bucket != "" && object == "" && r.URL.Query().Has("uploads")
}

// emptyUploadList replaces the NoSuchUpload error that gofakes3 v1.2.0
// returns from ListMultipartUploads on a bucket that never had an upload
// with the empty list S3 returns. It reports whether it sent a response.
func emptyUploadList(response *gofakesResponse, r *http.Request, bucket string) bool {
	e := response.bufferedError()
	if e == nil || e.Code != "NoSuchUpload" {
		return false
	}

	query := r.URL.Query()
	maxUploads := 1000
	if n, err := strconv.Atoi(query.Get("max-uploads")); err == nil && n > 0 && n < maxUploads {
		maxUploads = n
	}
	writeXML(response.ResponseWriter, listUploadsResult{
		Xmlns:          s3Namespace,
		Bucket:         bucket,
		KeyMarker:      query.Get("key-marker"),
		UploadIDMarker: query.Get("upload-id-marker"),
		Prefix:         query.Get("prefix"),
		Delimiter:      query.Get("delimiter"),
		MaxUploads:     maxUploads,
	})
	return true
}
