package actions

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// failingPartProxy forwards requests to the test server but replies to the
// upload of part 2 with 500 InternalError, so an upload fails midway.
func failingPartProxy(t *testing.T, backend string) string {
	t.Helper()
	target, err := url.Parse(backend)
	if err != nil {
		t.Fatal(err)
	}
	forward := httputil.NewSingleHostReverseProxy(target)
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut && r.URL.Query().Get("partNumber") == "2" {
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(`<Error><Code>InternalError</Code><Message>part lost</Message></Error>`))
			return
		}
		forward.ServeHTTP(w, r)
	}))
	t.Cleanup(proxy.Close)
	return proxy.URL
}

func TestUploadFailureAbortsMultipart(t *testing.T) {
	old := uploadPartSize
	uploadPartSize = 5 << 20 // the smallest part S3 accepts
	t.Cleanup(func() { uploadPartSize = old })
	call, srv := serverCall(t, nil)
	bucket := srv.Bucket(t, "s3play-upabort-")
	path := filepath.Join(t.TempDir(), "big.bin")
	if err := os.WriteFile(path, make([]byte, 11<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	call.Conn.MaxBackoff = time.Millisecond
	call.Settings = Settings{EndpointURL: failingPartProxy(t, srv.Endpoint), MaxAttempts: 2}
	call.Params = Params{"bucket": bucket, "files": []string{path}}

	res, err := runAction(t, call, "s3.upload_files")
	if err != nil {
		t.Fatal(err)
	}
	wantItem(t, res, 0, Failed)

	out, err := srv.Client().ListMultipartUploads(context.Background(),
		&s3.ListMultipartUploadsInput{Bucket: aws.String(bucket)})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(out.Uploads); n != 0 {
		t.Errorf("incomplete multipart uploads left = %d, want 0", n)
	}
}
