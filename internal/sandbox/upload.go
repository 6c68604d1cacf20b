package sandbox

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// maxUploadSize is the largest body that S3 accepts in one PutObject or
// UploadPart request, 5 GiB. The sandbox holds each body in memory.
const maxUploadSize = 5 << 30

// requestOnlyHeaders describe a request rather than the object it stores.
// gofakes3 v1.2.0 stores every X-Amz-* request header as object metadata
// and sends it back on GetObject, so these are removed before it runs.
var requestOnlyHeaders = []string{
	"X-Amz-Content-Sha256",
	"X-Amz-Date",
	"X-Amz-Decoded-Content-Length",
	"X-Amz-Expected-Bucket-Owner",
	"X-Amz-Request-Payer",
	"X-Amz-Sdk-Checksum-Algorithm",
	"X-Amz-Security-Token",
	"X-Amz-Trailer",
	"X-Amz-User-Agent",
}

func isObjectUpload(r *http.Request, object string) bool {
	return r.Method == http.MethodPut && object != "" && r.Header.Get("X-Amz-Copy-Source") == ""
}

// prepareUpload replaces the body of a PutObject or UploadPart request with
// its decoded payload, after checking the payload against the request's
// checksums. gofakes3 v1.2.0 would store an aws-chunked body as it came,
// chunk headers and trailers included.
func prepareUpload(r *http.Request) *s3Error {
	var body []byte
	var err *s3Error
	if isAWSChunked(r.Header) {
		body, err = readChunkedBody(r)
	} else {
		body, err = readPlainBody(r)
	}
	if err != nil {
		return err
	}

	if err := verifyChecksums(r.Header, body); err != nil {
		return err
	}

	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	r.Header.Set("Content-Length", strconv.Itoa(len(body)))
	return nil
}

func readPlainBody(r *http.Request) ([]byte, *s3Error) {
	if r.ContentLength < 0 {
		return nil, newS3Error(http.StatusLengthRequired, "MissingContentLength",
			s3Messages["MissingContentLength"])
	}
	if r.ContentLength > maxUploadSize {
		return nil, errEntityTooLarge()
	}
	body, err := io.ReadAll(r.Body)
	if err != nil || int64(len(body)) != r.ContentLength {
		return nil, newS3Error(http.StatusBadRequest, "IncompleteBody", s3Messages["IncompleteBody"])
	}
	return body, nil
}

// readChunkedBody decodes an aws-chunked body and moves its trailing
// checksum into the request headers, where verifyChecksums and gofakes3
// find it, so GetObject returns the checksum as S3 does.
func readChunkedBody(r *http.Request) ([]byte, *s3Error) {
	body, trailers, err := decodeAWSChunked(bufio.NewReader(r.Body), maxUploadSize)
	if errors.Is(err, errBodyTooLarge) {
		return nil, errEntityTooLarge()
	}
	if err != nil {
		return nil, newS3Error(http.StatusBadRequest, "InvalidRequest",
			"The aws-chunked request body is malformed: "+err.Error())
	}

	declared := r.Header.Get("X-Amz-Decoded-Content-Length")
	if declared != "" && declared != strconv.Itoa(len(body)) {
		return nil, newS3Error(http.StatusBadRequest, "IncompleteBody",
			"The decoded body has "+strconv.Itoa(len(body))+
				" bytes but X-Amz-Decoded-Content-Length is "+declared+".")
	}

	for name, value := range trailers {
		if strings.HasPrefix(name, "x-amz-checksum-") {
			r.Header.Set(name, value)
		}
	}
	r.Header.Set("Content-Encoding", removeAWSChunked(r.Header.Get("Content-Encoding")))
	if r.Header.Get("Content-Encoding") == "" {
		r.Header.Del("Content-Encoding")
	}
	return body, nil
}

func removeAWSChunked(encoding string) string {
	var codings []string
	for _, coding := range strings.Split(encoding, ",") {
		coding = strings.TrimSpace(coding)
		if coding != "" && coding != "aws-chunked" {
			codings = append(codings, coding)
		}
	}
	return strings.Join(codings, ", ")
}

func errEntityTooLarge() *s3Error {
	return newS3Error(http.StatusBadRequest, "EntityTooLarge",
		"Your proposed upload exceeds the maximum allowed object size.")
}

func removeRequestOnlyHeaders(header http.Header) {
	for _, name := range requestOnlyHeaders {
		header.Del(name)
	}
}
