package actions

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// recordedRequest is what the fake S3 server saw of one request.
type recordedRequest struct {
	method, host, path, query string
	header                    http.Header
}

// fakeS3Server answers DeleteObjects with an empty DeleteResult and every
// other request with an empty ListObjectsV2 reply, which also satisfies
// PutObject, and records the requests.
func fakeS3Server(t *testing.T) (*httptest.Server, func() []recordedRequest) {
	var mu sync.Mutex
	var seen []recordedRequest
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		mu.Lock()
		seen = append(seen, recordedRequest{r.Method, r.Host, r.URL.Path, r.URL.RawQuery,
			r.Header.Clone()})
		mu.Unlock()
		w.Header().Set("Content-Type", "application/xml")
		if r.URL.Query().Has("delete") {
			_, _ = io.WriteString(w, `<DeleteResult></DeleteResult>`)
			return
		}
		_, _ = io.WriteString(w, `<ListBucketResult><Name>my-bucket</Name><KeyCount>0</KeyCount>`+
			`<IsTruncated>false</IsTruncated></ListBucketResult>`)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []recordedRequest {
		mu.Lock()
		defer mu.Unlock()
		return append([]recordedRequest(nil), seen...)
	}
}

// fakeCredentials keeps the SDK on static test credentials and away from
// instance metadata and the user's AWS files.
func fakeCredentials(t *testing.T) {
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDTEST")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_CONFIG_FILE", os.DevNull)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", os.DevNull)
}

func TestEndpointPathStyle(t *testing.T) {
	fakeCredentials(t)
	srv, requests := fakeS3Server(t)
	call := &Call{Params: Params{"bucket": "my-bucket"}, Conn: NewConnector(),
		Settings: Settings{EndpointURL: srv.URL}}
	if _, err := runAction(t, call, "s3.list_bucket_objects"); err != nil {
		t.Fatal(err)
	}
	got := requests()
	if len(got) != 1 {
		t.Fatalf("requests = %d, want 1", len(got))
	}
	wantHost := strings.TrimPrefix(srv.URL, "http://")
	if got[0].host != wantHost || got[0].path != "/my-bucket" {
		t.Errorf("request to host %q path %q, want host %q path /my-bucket",
			got[0].host, got[0].path, wantHost)
	}
}

// putHeaders sends one PutObject through a Connector client and returns
// the request headers the server received.
func putHeaders(t *testing.T, checksum string) http.Header {
	t.Helper()
	fakeCredentials(t)
	srv, requests := fakeS3Server(t)
	client, err := NewConnector().S3(context.Background(),
		Settings{EndpointURL: srv.URL, Checksum: checksum})
	if err != nil {
		t.Fatal(err)
	}
	_, err = client.PutObject(context.Background(), &s3.PutObjectInput{
		Bucket: aws.String("my-bucket"), Key: aws.String("dir/key.txt"),
		Body: strings.NewReader("hello")})
	if err != nil {
		t.Fatal(err)
	}
	got := requests()
	if len(got) != 1 || got[0].path != "/my-bucket/dir/key.txt" {
		t.Fatalf("requests = %+v, want one to /my-bucket/dir/key.txt", got)
	}
	return got[0].header
}

func checksumHeaders(h http.Header) []string {
	var names []string
	for name := range h {
		lower := strings.ToLower(name)
		if strings.HasPrefix(lower, "x-amz-checksum-") || lower == "x-amz-sdk-checksum-algorithm" ||
			lower == "x-amz-trailer" {
			names = append(names, name)
		}
	}
	return names
}

func TestEndpointChecksumWhenRequired(t *testing.T) {
	if names := checksumHeaders(putHeaders(t, ChecksumWhenRequired)); len(names) != 0 {
		t.Errorf("checksum headers %v sent, want none with %s", names, ChecksumWhenRequired)
	}
}

func TestEndpointChecksumDefault(t *testing.T) {
	if names := checksumHeaders(putHeaders(t, "")); len(names) == 0 {
		t.Error("no checksum header sent by default; the when_required test proves nothing")
	}
}

func TestEndpointDeleteContentMD5(t *testing.T) {
	for _, mode := range []string{ChecksumWhenSupported, ChecksumWhenRequired} {
		fakeCredentials(t)
		srv, requests := fakeS3Server(t)
		call := &Call{Conn: NewConnector(),
			Params:   Params{"bucket": "my-bucket", "keys": []string{"a"}},
			Settings: Settings{EndpointURL: srv.URL, Checksum: mode}}
		if _, err := runAction(t, call, "s3.delete_bucket_objects"); err != nil {
			t.Fatal(err)
		}
		got := requests()
		if len(got) != 1 || got[0].path != "/my-bucket" {
			t.Fatalf("%s: requests = %+v, want one to /my-bucket", mode, got)
		}
		md5 := got[0].header.Get("Content-Md5")
		if wantMD5 := mode == ChecksumWhenRequired; (md5 != "") != wantMD5 {
			t.Errorf("%s: Content-MD5 = %q, want one only with %s", mode, md5,
				ChecksumWhenRequired)
		}
	}
}

func TestS3EndpointFromProfile(t *testing.T) {
	fakeCredentials(t)
	t.Setenv("AWS_ENDPOINT_URL", "")
	t.Setenv("AWS_ENDPOINT_URL_S3", "")
	config := t.TempDir() + "/config"
	text := "[profile lab]\nendpoint_url = http://127.0.0.1:9001\n"
	if err := os.WriteFile(config, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_CONFIG_FILE", config)
	cases := []struct {
		name     string
		settings Settings
		want     string
	}{
		{"profile", Settings{Profile: "lab"}, "http://127.0.0.1:9001"},
		{"setting wins", Settings{Profile: "lab", EndpointURL: "http://127.0.0.1:9002"},
			"http://127.0.0.1:9002"},
		{"no endpoint", Settings{}, ""},
	}
	for _, c := range cases {
		got, err := NewConnector().S3Endpoint(context.Background(), c.settings)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got != c.want {
			t.Errorf("%s: S3Endpoint = %q, want %q", c.name, got, c.want)
		}
	}
}
