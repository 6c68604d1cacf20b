package sandbox

import (
	"bytes"
	"encoding/xml"
	"io"
	"net/http"
)

// maxCreateBucketBody bounds the CreateBucketConfiguration document read
// from a CreateBucket request. The document names a location and, at
// most, a bucket type, so a few KB is plenty.
const maxCreateBucketBody = 64 * 1024

// createBucketConfiguration is the body of a CreateBucket request.
type createBucketConfiguration struct {
	LocationConstraint string `xml:"LocationConstraint"`
}

// locationConstraint is the GetBucketLocation response document.
type locationConstraint struct {
	XMLName xml.Name `xml:"LocationConstraint"`
	Xmlns   string   `xml:"xmlns,attr"`
	Region  string   `xml:",chardata"`
}

func isCreateBucket(r *http.Request, bucket, object string) bool {
	return r.Method == http.MethodPut && bucket != "" && object == "" && r.URL.RawQuery == ""
}

func isGetBucketLocation(r *http.Request, bucket, object string) bool {
	return r.Method == http.MethodGet && bucket != "" && object == "" && r.URL.Query().Has("location")
}

// serveCreateBucket runs gofakes3's CreateBucket and stores the request's
// location constraint, which gofakes3 v1.2.0 ignores. Without it every
// bucket would report us-east-1, and a move across regions would pass in
// the sandbox although S3 rejects it.
func (s *server) serveCreateBucket(w http.ResponseWriter, r *http.Request, bucket string) {
	region, failure := readLocationConstraint(r)
	if failure != nil {
		writeS3Error(w, r, failure)
		return
	}

	response := newGofakesResponse(w, r)
	s.s3.ServeHTTP(response, r)
	if response.status == 0 {
		s.settings.setLocation(bucket, region)
	}
	response.finish(r)
}

// readLocationConstraint returns the region a CreateBucket request names,
// "" for us-east-1, and leaves the body readable again for gofakes3.
func readLocationConstraint(r *http.Request) (string, *s3Error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxCreateBucketBody+1))
	if err != nil {
		return "", newS3Error(http.StatusBadRequest, "IncompleteBody", s3Messages["IncompleteBody"])
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	if len(bytes.TrimSpace(body)) == 0 {
		return "", nil
	}
	if len(body) > maxCreateBucketBody {
		return "", errMalformedXML()
	}

	var config createBucketConfiguration
	if err := xml.Unmarshal(body, &config); err != nil {
		return "", errMalformedXML()
	}
	// us-east-1 is the default and not among the valid values of
	// LocationConstraint in the S3 API reference, so S3 rejects it.
	if config.LocationConstraint == "us-east-1" {
		return "", newS3Error(http.StatusBadRequest, "InvalidLocationConstraint",
			"The specified location-constraint is not valid")
	}
	return config.LocationConstraint, nil
}

// serveLocation serves GetBucketLocation for a bucket known to exist: the
// constraint the bucket was created with, empty for us-east-1 as in S3.
func (b *bucketSettings) serveLocation(w http.ResponseWriter, bucket string) {
	b.mu.Lock()
	region := b.locations[bucket]
	b.mu.Unlock()

	document, err := xml.Marshal(locationConstraint{Xmlns: s3Namespace, Region: region})
	if err != nil {
		// xml.Marshal fails only on types it cannot encode, and
		// locationConstraint contains only strings.
		panic(err)
	}
	w.Header().Set("Content-Type", "application/xml")
	_, _ = w.Write(append([]byte(xml.Header), document...))
}

func (b *bucketSettings) setLocation(bucket, region string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.locations[bucket] = region
}
