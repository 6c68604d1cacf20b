package sandbox

import (
	"encoding/xml"
	"net/http"
)

// s3Namespace is the XML namespace of S3 request and response documents.
const s3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/"

// s3Error is an S3 error response, encoded as the <Error> document that
// the SDK's restxml deserializer reads.
type s3Error struct {
	XMLName    xml.Name `xml:"Error"`
	Code       string   `xml:"Code"`
	Message    string   `xml:"Message"`
	BucketName string   `xml:"BucketName,omitempty"`
	Bucket     string   `xml:"Bucket,omitempty"` // set by PermanentRedirect
	Resource   string   `xml:"Resource,omitempty"`
	RequestID  string   `xml:"RequestId,omitempty"`
	HostID     string   `xml:"HostId,omitempty"`

	status int
	region string // the bucket's region, sent as x-amz-bucket-region when set
}

func (e *s3Error) Error() string { return e.Code + ": " + e.Message }

func newS3Error(status int, code, message string) *s3Error {
	return &s3Error{status: status, Code: code, Message: message}
}

func errNoSuchBucket(bucket string) *s3Error {
	err := newS3Error(http.StatusNotFound, "NoSuchBucket", "The specified bucket does not exist")
	err.BucketName = bucket
	return err
}

func errMethodNotAllowed() *s3Error {
	return newS3Error(http.StatusMethodNotAllowed, "MethodNotAllowed", s3Messages["MethodNotAllowed"])
}

func errMalformedXML() *s3Error {
	return newS3Error(http.StatusBadRequest, "MalformedXML",
		"The XML you provided was not well-formed or did not validate against our published schema")
}

// writeS3Error sends err with the request id already set on w.
// HEAD responses carry no body, as in S3.
func writeS3Error(w http.ResponseWriter, r *http.Request, err *s3Error) {
	err.RequestID = w.Header().Get("x-amz-request-id")
	err.HostID = w.Header().Get("x-amz-id-2")

	body, encodeErr := xml.Marshal(err)
	if encodeErr != nil {
		// xml.Marshal fails only on types it cannot encode, such as
		// channels, and s3Error contains only strings.
		panic(encodeErr)
	}

	w.Header().Set("Content-Type", "application/xml")
	w.Header().Del("Content-Length")
	if err.region != "" {
		w.Header().Set("x-amz-bucket-region", err.region)
	}
	w.WriteHeader(err.status)
	if r.Method != http.MethodHead {
		_, _ = w.Write([]byte(xml.Header))
		_, _ = w.Write(body)
	}
}

// s3Messages holds the messages Amazon S3 sends for error codes that
// gofakes3 v1.2.0 sends with an empty message or the bare code, because the
// SDK shows this text to the user. Source: the error code list in the doc
// comment of types.Error in aws-sdk-go-v2/service/s3 v1.115.0.
var s3Messages = map[string]string{
	"BadDigest":               "The Content-MD5 you specified did not match what we received.",
	"BucketAlreadyOwnedByYou": "The bucket you tried to create already exists, and you own it.",
	"BucketNotEmpty":          "The bucket you tried to delete is not empty.",
	"EntityTooSmall":          "Your proposed upload is smaller than the minimum allowed object size.",
	"IncompleteBody": "You did not provide the number of bytes specified by the " +
		"Content-Length HTTP header",
	"InternalError":        "We encountered an internal error. Please try again.",
	"InvalidDigest":        "The Content-MD5 you specified is not valid.",
	"InvalidPart":          "One or more of the specified parts could not be found.",
	"InvalidPartOrder":     "The list of parts was not in ascending order.",
	"InvalidRange":         "The requested range cannot be satisfied.",
	"InvalidToken":         "The provided token is malformed or otherwise invalid.",
	"KeyTooLongError":      "Your key is too long.",
	"MetadataTooLarge":     "Your metadata headers exceed the maximum allowed metadata size.",
	"MethodNotAllowed":     "The specified method is not allowed against this resource.",
	"MissingContentLength": "You must provide the Content-Length HTTP header.",
	"NoSuchKey":            "The specified key does not exist.",
	"NoSuchUpload":         "The specified multipart upload does not exist.",
	"NoSuchVersion": "Indicates that the version ID specified in the request does not " +
		"match an existing version.",
	"NotImplemented": "A header you provided implies functionality that is not implemented.",
}

// completeError fills in what gofakes3 leaves out of an error document.
// Every sandbox bucket belongs to the one sandbox account, so a repeated
// CreateBucket gets BucketAlreadyOwnedByYou, as S3 sends to a bucket's
// owner outside us-east-1, instead of gofakes3's BucketAlreadyExists.
func completeError(e *s3Error) {
	if e.Code == "BucketAlreadyExists" {
		e.Code = "BucketAlreadyOwnedByYou"
		e.Message = ""
	}
	if e.Message == "" || e.Message == e.Code {
		e.Message = s3Messages[e.Code]
	}
}
