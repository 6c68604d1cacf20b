package sandbox

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"strings"
)

// gofakesResponse wraps the response writer given to gofakes3 to correct
// two things it gets wrong. It buffers an error response, so that finish
// can send it again with the message and request id S3 would include.
// For a ranged GET it removes the x-amz-checksum-* headers, because
// gofakes3 sends the whole object's checksum with part of its bytes and
// the SDK would then reject the body.
type gofakesResponse struct {
	http.ResponseWriter
	ranged bool
	status int // set only for an error response
	body   bytes.Buffer
}

func newGofakesResponse(w http.ResponseWriter, r *http.Request) *gofakesResponse {
	return &gofakesResponse{ResponseWriter: w, ranged: r.Header.Get("Range") != ""}
}

func (g *gofakesResponse) WriteHeader(status int) {
	if status >= http.StatusBadRequest {
		g.status = status
		return
	}
	if g.ranged {
		removeChecksumHeaders(g.Header())
	}
	g.ResponseWriter.WriteHeader(status)
}

func (g *gofakesResponse) Write(p []byte) (int, error) {
	if g.status != 0 {
		return g.body.Write(p)
	}
	if g.ranged {
		removeChecksumHeaders(g.Header())
	}
	return g.ResponseWriter.Write(p)
}

func removeChecksumHeaders(header http.Header) {
	for name := range header {
		if strings.HasPrefix(strings.ToLower(name), "x-amz-checksum-") {
			header.Del(name)
		}
	}
}

// bufferedError returns the error response that gofakes3 wrote, or nil if
// it wrote none or wrote one that is not an S3 error document.
func (g *gofakesResponse) bufferedError() *s3Error {
	if g.status == 0 {
		return nil
	}
	var e s3Error
	if err := xml.Unmarshal(g.body.Bytes(), &e); err != nil || e.Code == "" {
		return nil
	}
	e.status = g.status
	return &e
}

// finish sends the buffered error response, if there is one.
func (g *gofakesResponse) finish(r *http.Request) {
	if g.status == 0 {
		return
	}

	e := g.bufferedError()
	if e == nil {
		// A HEAD error has no body, and gofakes3 writes a few errors as
		// plain text, so these go out as they came.
		g.ResponseWriter.WriteHeader(g.status)
		_, _ = g.ResponseWriter.Write(g.body.Bytes())
		return
	}
	completeError(e)
	writeS3Error(g.ResponseWriter, r, e)
}
