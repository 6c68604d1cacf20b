package actions

import (
	"context"
	"encoding/pem"
	"io"
	"log"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// tlsProxy puts a TLS listener with its own certificate authority in front
// of the test server, the way a TLS-inspecting proxy does, and returns its
// URL and the path of a PEM bundle containing its certificate.
func tlsProxy(t *testing.T, backend string) (string, string) {
	t.Helper()
	target, err := url.Parse(backend)
	if err != nil {
		t.Fatal(err)
	}
	// The incoming Host header is passed on unchanged, so the signature the
	// client computed for the proxy's address still matches at the server.
	proxy := httptest.NewUnstartedServer(httputil.NewSingleHostReverseProxy(target))
	// A rejected handshake is the expected outcome of one test, so the
	// server does not log it.
	proxy.Config.ErrorLog = log.New(io.Discard, "", 0)
	proxy.StartTLS()
	t.Cleanup(proxy.Close)
	bundle := filepath.Join(t.TempDir(), "ca.pem")
	block := &pem.Block{Type: "CERTIFICATE", Bytes: proxy.Certificate().Raw}
	if err := os.WriteFile(bundle, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	return proxy.URL, bundle
}

func listThroughProxy(t *testing.T, endpoint string) ([]string, error) {
	t.Helper()
	client, err := NewConnector().S3(context.Background(), Settings{EndpointURL: endpoint, MaxAttempts: 1})
	if err != nil {
		return nil, err
	}
	out, err := client.ListBuckets(context.Background(), &s3.ListBucketsInput{})
	if err != nil {
		return nil, err
	}
	var names []string
	for _, b := range out.Buckets {
		names = append(names, *b.Name)
	}
	return names, nil
}

func TestCABundleTrusted(t *testing.T) {
	_, srv := serverCall(t, nil)
	bucket := srv.Bucket(t, "s3play-ca-")
	endpoint, bundle := tlsProxy(t, srv.Endpoint)

	t.Setenv("AWS_CA_BUNDLE", bundle)
	names, err := listThroughProxy(t, endpoint)
	if err != nil {
		t.Fatalf("with AWS_CA_BUNDLE: %v", err)
	}
	if !strings.Contains(strings.Join(names, " "), bucket) {
		t.Errorf("bucket %s not listed through the proxy: %v", bucket, names)
	}
}

func TestCABundleMissingRejected(t *testing.T) {
	_, srv := serverCall(t, nil)
	endpoint, _ := tlsProxy(t, srv.Endpoint)

	// Without the bundle the proxy's certificate is unknown. This shows that
	// the trusted case passes because of the bundle.
	t.Setenv("AWS_CA_BUNDLE", "")
	_, err := listThroughProxy(t, endpoint)
	if err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("error = %v, want a certificate error", err)
	}
}
