package actions

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/s3play/s3play/internal/fakeaws"
)

// responseError wraps an API error in an HTTP response with status, as the
// retryer receives a failed reply. The OperationError around it is added
// only after the retry loop ends.
func responseError(status int, code string) error {
	return &awshttp.ResponseError{ResponseError: &smithyhttp.ResponseError{
		Response: &smithyhttp.Response{Response: &http.Response{StatusCode: status}},
		Err:      &smithy.GenericAPIError{Code: code, Message: code + " message"},
	}}
}

func TestRetryClassifier(t *testing.T) {
	cases := []struct {
		name  string
		err   error
		retry bool
	}{
		{"SlowDown", responseError(503, "SlowDown"), true},
		{"Throttling", responseError(400, "Throttling"), true},
		{"ThrottlingException", responseError(400, "ThrottlingException"), true},
		{"RequestTimeout", responseError(400, "RequestTimeout"), true},
		{"InternalError", responseError(500, "InternalError"), true},
		{"ServiceUnavailable", responseError(503, "ServiceUnavailable"), true},
		{"unknown code with 502", responseError(502, "BadGateway"), true},
		{"429", responseError(429, "TooManyRequests"), true},
		{"AccessDenied", responseError(403, "AccessDenied"), false},
		{"ValidationError", responseError(400, "ValidationError"), false},
		{"NoSuchBucket", responseError(404, "NoSuchBucket"), false},
		{"connection reset", &smithyhttp.RequestSendError{
			Err: errors.New("read tcp 127.0.0.1:1->127.0.0.1:2: read: connection reset by peer")}, true},
		{"context canceled", fmt.Errorf("send: %w", context.Canceled), false},
		{"deadline exceeded", fmt.Errorf("send: %w", context.DeadlineExceeded), false},
		{"request canceled", &aws.RequestCanceledError{Err: errors.New("canceled")}, false},
		{"plain error", errors.New("invalid input"), false},
		// The credential fetch already retried AssumeRole with its own client.
		{"throttled AssumeRole inside an S3 call", fmt.Errorf("get identity: %w",
			&smithy.OperationError{ServiceID: "STS", OperationName: "AssumeRole",
				Err: responseError(400, "Throttling")}), false},
	}
	for _, c := range cases {
		if got := (transientErrors{}).IsErrorRetryable(c.err).Bool(); got != c.retry {
			t.Errorf("%s: retryable = %v, want %v", c.name, got, c.retry)
		}
	}
}

func TestRetryKeyCodesShareClassifier(t *testing.T) {
	for _, code := range []string{"SlowDown", "InternalError", "ServiceUnavailable", "Throttling"} {
		if !isTransientCode(code) {
			t.Errorf("per-key code %s is not retried", code)
		}
	}
	for _, code := range []string{"AccessDenied", "NoSuchVersion", "InvalidArgument"} {
		if isTransientCode(code) {
			t.Errorf("per-key code %s is retried", code)
		}
	}
}

// fakeClient returns a client of a fresh Connector aimed at a fake S3 server,
// with millisecond backoff.
func fakeClient(t *testing.T, maxAttempts int) (*s3.Client, *fakeaws.S3) {
	t.Helper()
	fakeaws.Isolate(t)
	fake := fakeaws.NewS3(t)
	conn := NewConnector()
	conn.MaxBackoff = time.Millisecond
	client, err := conn.S3(context.Background(), Settings{EndpointURL: fake.URL,
		MaxAttempts: maxAttempts})
	if err != nil {
		t.Fatal(err)
	}
	return client, fake
}

func listWithStats(client *s3.Client) (*Stats, error) {
	stats := &Stats{}
	_, err := client.ListBuckets(WithStats(context.Background(), stats), &s3.ListBucketsInput{})
	return stats, err
}

func TestRetrySlowDownThenSuccess(t *testing.T) {
	client, fake := fakeClient(t, 0)
	fake.FailNext(fakeaws.SlowDown, fakeaws.SlowDown)
	stats, err := listWithStats(client)
	if err != nil {
		t.Fatalf("ListBuckets failed after two SlowDown replies: %v", err)
	}
	if n := len(fake.Requests()); n != 3 {
		t.Errorf("requests = %d, want 3", n)
	}
	if got := stats.Calls.Load(); got != 1 {
		t.Errorf("calls = %d, want 1", got)
	}
	if got := stats.Retries(); got != 2 {
		t.Errorf("retries = %d, want 2", got)
	}
}

func TestRetryTransientFaults(t *testing.T) {
	faults := []fakeaws.Fault{
		fakeaws.InternalError,
		{Status: 503, Code: "ServiceUnavailable", Message: "Service is unable to handle request."},
		{Status: 400, Code: "Throttling", Message: "Rate exceeded"},
		{Status: 400, Code: "ThrottlingException", Message: "Rate exceeded"},
		{Status: 400, Code: "RequestTimeout", Message: "Your socket connection timed out."},
		fakeaws.ConnectionReset,
	}
	for _, fault := range faults {
		client, fake := fakeClient(t, 0)
		fake.FailNext(fault)
		stats, err := listWithStats(client)
		if err != nil {
			t.Errorf("%+v: ListBuckets failed: %v", fault, err)
			continue
		}
		if got := stats.Retries(); got != 1 {
			t.Errorf("%+v: retries = %d, want 1", fault, got)
		}
	}
}

func TestRetryAccessDeniedNotRetried(t *testing.T) {
	client, fake := fakeClient(t, 0)
	fake.FailNext(fakeaws.AccessDenied)
	stats, err := listWithStats(client)
	if err == nil {
		t.Fatal("ListBuckets succeeded after AccessDenied")
	}
	if n := len(fake.Requests()); n != 1 {
		t.Errorf("requests = %d, want 1", n)
	}
	if got := stats.Retries(); got != 0 {
		t.Errorf("retries = %d, want 0", got)
	}
}

func TestRetryGivesUpAfterMaxAttempts(t *testing.T) {
	fakeaws.Isolate(t)
	fake := fakeaws.NewS3(t)
	fake.FailAlways(fakeaws.SlowDown)
	conn := NewConnector()
	conn.MaxBackoff = time.Millisecond
	call := &Call{Conn: conn, Settings: Settings{EndpointURL: fake.URL, MaxAttempts: 3}}
	_, err := runAction(t, call, "s3.list_buckets")
	var f *Failure
	if !errors.As(err, &f) {
		t.Fatalf("error = %v, want a Failure", err)
	}
	if n := len(fake.Requests()); n != 3 {
		t.Errorf("requests = %d, want 3", n)
	}
	if f.Indicator != "List Buckets failed." {
		t.Errorf("indicator = %q", f.Indicator)
	}
	if f.StatusCode != "503" {
		t.Errorf("status code = %q, want 503", f.StatusCode)
	}
	want := "An error occurred (SlowDown) when calling the ListBuckets operation: " +
		"Please reduce your request rate."
	if f.Message != want {
		t.Errorf("message = %q, want %q", f.Message, want)
	}
	if !strings.Contains(f.Hint, "throttling") || !strings.Contains(f.Hint, "3 attempts") {
		t.Errorf("hint = %q, want one about throttling after 3 attempts", f.Hint)
	}
}
