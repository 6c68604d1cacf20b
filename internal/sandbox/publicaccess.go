package sandbox

import (
	"encoding/xml"
	"io"
	"net/http"
)

// publicAccessBlock is the PublicAccessBlockConfiguration document of
// PutPublicAccessBlock and GetPublicAccessBlock. An omitted setting is
// false, as in S3.
type publicAccessBlock struct {
	XMLName               xml.Name
	BlockPublicAcls       bool `xml:"BlockPublicAcls"`
	IgnorePublicAcls      bool `xml:"IgnorePublicAcls"`
	BlockPublicPolicy     bool `xml:"BlockPublicPolicy"`
	RestrictPublicBuckets bool `xml:"RestrictPublicBuckets"`
}

// maxConfigurationSize bounds the XML body of a configuration request.
const maxConfigurationSize = 64 * 1024

// servePublicAccessBlock handles GetPublicAccessBlock, PutPublicAccessBlock
// and DeletePublicAccessBlock for a bucket known to exist.
func (s *bucketSettings) servePublicAccessBlock(
	w http.ResponseWriter, r *http.Request, bucket string,
) {
	switch r.Method {
	case http.MethodGet:
		s.getPublicAccessBlock(w, r, bucket)
	case http.MethodPut:
		block, err := readPublicAccessBlock(r)
		if err != nil {
			writeS3Error(w, r, err)
			return
		}
		s.mu.Lock()
		s.publicAccess[bucket] = block
		s.mu.Unlock()
		w.WriteHeader(http.StatusOK)
	case http.MethodDelete:
		s.mu.Lock()
		delete(s.publicAccess, bucket)
		s.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	default:
		writeS3Error(w, r, errMethodNotAllowed())
	}
}

func (s *bucketSettings) getPublicAccessBlock(
	w http.ResponseWriter, r *http.Request, bucket string,
) {
	s.mu.Lock()
	block, found := s.publicAccess[bucket]
	s.mu.Unlock()
	if !found {
		err := newS3Error(http.StatusNotFound, "NoSuchPublicAccessBlockConfiguration",
			"The public access block configuration was not found")
		err.BucketName = bucket
		writeS3Error(w, r, err)
		return
	}
	writeXML(w, block)
}

func readPublicAccessBlock(r *http.Request) (publicAccessBlock, *s3Error) {
	var block publicAccessBlock
	body, err := io.ReadAll(io.LimitReader(r.Body, maxConfigurationSize))
	if err != nil {
		return block, newS3Error(http.StatusBadRequest, "IncompleteBody", s3Messages["IncompleteBody"])
	}
	if err := xml.Unmarshal(body, &block); err != nil {
		return block, errMalformedXML()
	}
	if block.XMLName.Local != "PublicAccessBlockConfiguration" {
		return block, errMalformedXML()
	}
	block.XMLName = xml.Name{Space: s3Namespace, Local: "PublicAccessBlockConfiguration"}
	return block, nil
}

// writeXML sends v as a 200 response with an XML declaration.
func writeXML(w http.ResponseWriter, v any) {
	body, err := xml.Marshal(v)
	if err != nil {
		// Only the fixed response types of this package reach here.
		panic(err)
	}
	w.Header().Set("Content-Type", "application/xml")
	_, _ = w.Write([]byte(xml.Header))
	_, _ = w.Write(body)
}
