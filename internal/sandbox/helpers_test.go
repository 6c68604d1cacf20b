package sandbox

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
)

func TestMain(m *testing.M) {
	// No SDK default may reach the instance metadata service.
	os.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	slog.SetDefault(slog.New(slog.DiscardHandler))
	os.Exit(m.Run())
}

// checksumModes are the request checksum settings a client may use:
// the SDK default, as config.LoadDefaultConfig resolves it, and the
// opt-out that sends checksums only where an operation requires one.
var checksumModes = []struct {
	name string
	mode aws.RequestChecksumCalculation
}{
	{"when_supported", aws.RequestChecksumCalculationWhenSupported},
	{"when_required", aws.RequestChecksumCalculationWhenRequired},
}

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func startSandbox(t *testing.T) *Sandbox {
	t.Helper()
	s, err := Start(testContext(t), "127.0.0.1:0")
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

// newTestClient returns an S3 client configured as the CLI configures one
// for an S3-compatible endpoint. httpClient may be nil.
func newTestClient(endpoint string, creds aws.CredentialsProvider,
	mode aws.RequestChecksumCalculation, httpClient *http.Client) *s3.Client {
	options := s3.Options{
		BaseEndpoint:               aws.String(endpoint),
		UsePathStyle:               true,
		Region:                     "us-east-1",
		Credentials:                creds,
		RequestChecksumCalculation: mode,
		ResponseChecksumValidation: aws.ResponseChecksumValidationWhenSupported,
	}
	if httpClient != nil {
		options.HTTPClient = httpClient
	}
	return s3.New(options)
}

func sandboxClient(s *Sandbox, mode aws.RequestChecksumCalculation) *s3.Client {
	return newTestClient(s.Endpoint, s.Credentials(), mode, nil)
}

func staticCredentials(accessKey string) aws.CredentialsProvider {
	return credentials.NewStaticCredentialsProvider(accessKey, "any-secret", "")
}

// requireAPIError checks that err is an API error with the given code,
// HTTP status and a non-empty message.
func requireAPIError(t *testing.T, err error, code string, status int) {
	t.Helper()
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error = %v, want API error %s", err, code)
	}
	if apiErr.ErrorCode() != code {
		t.Errorf("error code = %q, want %q (error %v)", apiErr.ErrorCode(), code, err)
	}
	if apiErr.ErrorMessage() == "" {
		t.Errorf("error %s has an empty message", code)
	}
	var responseErr *awshttp.ResponseError
	if !errors.As(err, &responseErr) {
		t.Fatalf("error %v has no HTTP response", err)
	}
	if responseErr.HTTPStatusCode() != status {
		t.Errorf("HTTP status = %d, want %d", responseErr.HTTPStatusCode(), status)
	}
}

func readBody(t *testing.T, body io.ReadCloser) string {
	t.Helper()
	defer body.Close()
	data, err := io.ReadAll(body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return string(data)
}
