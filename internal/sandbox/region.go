package sandbox

import (
	"encoding/xml"
	"net/http"

	"github.com/johannesboyne/gofakes3"
)

// defaultRegion is the region of a bucket created without a location
// constraint.
const defaultRegion = "us-east-1"

// listBucketsResult is the ListBuckets response document. gofakes3 v1.2.0
// leaves out BucketRegion, which S3 sends for every bucket.
type listBucketsResult struct {
	XMLName xml.Name           `xml:"ListAllMyBucketsResult"`
	Xmlns   string             `xml:"xmlns,attr"`
	Owner   gofakes3.UserInfo  `xml:"Owner"`
	Buckets []listBucketsEntry `xml:"Buckets>Bucket"`
}

type listBucketsEntry struct {
	Name         string               `xml:"Name"`
	CreationDate gofakes3.ContentTime `xml:"CreationDate"`
	BucketRegion string               `xml:"BucketRegion"`
}

func isListBuckets(r *http.Request, bucket string) bool {
	return r.Method == http.MethodGet && bucket == ""
}

// serveListBuckets lists every bucket with its region in one response.
// Like gofakes3, it ignores max-buckets and sends no continuation token.
func (s *server) serveListBuckets(w http.ResponseWriter, r *http.Request) {
	buckets, err := sortedBackend{s.backend}.ListBuckets()
	if err != nil {
		s.logger.Error("sandbox: bucket listing failed", "error", err)
		writeS3Error(w, r, newS3Error(http.StatusInternalServerError, "InternalError",
			s3Messages["InternalError"]))
		return
	}

	result := listBucketsResult{Xmlns: s3Namespace,
		Owner: gofakes3.UserInfo{ID: "fe7272ea58be830e56fe1663b10fafef", DisplayName: "GoFakeS3"}}
	for _, b := range buckets {
		result.Buckets = append(result.Buckets, listBucketsEntry{Name: b.Name,
			CreationDate: b.CreationDate, BucketRegion: s.settings.region(b.Name)})
	}
	document, err := xml.Marshal(result)
	if err != nil {
		// xml.Marshal fails only on types it cannot encode, and
		// listBucketsResult contains only strings and times.
		panic(err)
	}
	w.Header().Set("Content-Type", "application/xml")
	_, _ = w.Write(append([]byte(xml.Header), document...))
}

// wrongRegion returns S3's 301 PermanentRedirect for a request to a bucket
// in another region than the one the request was signed for, or nil. S3
// sends it because each region has its own endpoint, and the SDK does not
// follow it. Exempt are CreateBucket, whose bucket does not exist yet,
// GetBucketLocation, which clients send to learn the region, and requests
// without a signature.
func (s *server) wrongRegion(r *http.Request, bucket, object string) *s3Error {
	signed := requestRegion(r)
	if bucket == "" || signed == "" || isCreateBucket(r, bucket, object) ||
		isGetBucketLocation(r, bucket, object) {
		return nil
	}
	if exists, err := s.backend.BucketExists(bucket); err != nil || !exists {
		return nil // gofakes3 then returns NoSuchBucket or the lookup error
	}
	region := s.settings.region(bucket)
	if region == signed {
		return nil
	}
	failure := newS3Error(http.StatusMovedPermanently, "PermanentRedirect",
		"The bucket you are attempting to access must be addressed using the specified "+
			"endpoint. Please send all future requests to this endpoint.")
	failure.Bucket, failure.region = bucket, region
	return failure
}

// legacyEULocation is the oldest LocationConstraint of eu-west-1, which
// S3 still accepts. The GetBucketLocation documentation (aws-sdk-go-v2
// service/s3 v1.115.0) states that buckets with a LocationConstraint of
// EU reside in eu-west-1.
const legacyEULocation = "EU"

// region returns the region a bucket was created in. GetBucketLocation
// returns the constraint as given (see serveLocation), but BucketRegion in
// ListBuckets and x-amz-bucket-region in a redirect are region names, so
// "EU" becomes eu-west-1 here.
func (b *bucketSettings) region(bucket string) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch region := b.locations[bucket]; region {
	case "":
		return defaultRegion
	case legacyEULocation:
		return "eu-west-1"
	default:
		return region
	}
}
