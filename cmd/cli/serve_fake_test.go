package cli

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// holdingS3 lists fixed buckets and returns an empty bucket for every
// object listing, except the listing of bucket hold, which waits until the
// client gives up. A run of a playbook that lists each bucket thus stays
// in that step until it is canceled.
type holdingS3 struct {
	URL     string
	buckets []string
	hold    string
	entered chan struct{} // receives once per held listing
}

func newHoldingS3(t *testing.T, hold string, buckets ...string) *holdingS3 {
	t.Helper()
	f := &holdingS3{buckets: buckets, hold: hold, entered: make(chan struct{}, 16)}
	srv := httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(srv.Close)
	f.URL = srv.URL
	return f
}

func (f *holdingS3) serve(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/xml")
	bucket := strings.Trim(r.URL.Path, "/")
	if bucket == "" {
		var b strings.Builder
		for _, name := range f.buckets {
			b.WriteString("<Bucket><Name>" + name + "</Name>" +
				"<CreationDate>2024-01-02T03:04:05Z</CreationDate></Bucket>")
		}
		_, _ = io.WriteString(w, "<ListAllMyBucketsResult><Buckets>"+b.String()+
			"</Buckets></ListAllMyBucketsResult>")
		return
	}
	if bucket == f.hold {
		f.entered <- struct{}{}
		<-r.Context().Done()
		return
	}
	_, _ = io.WriteString(w, "<ListBucketResult><Name>"+bucket+"</Name><KeyCount>0</KeyCount>"+
		"<IsTruncated>false</IsTruncated></ListBucketResult>")
}
