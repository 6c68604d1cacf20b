package actions

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/s3"
)

func TestFailureStatusNetwork(t *testing.T) {
	fakeCredentials(t)
	// Nothing listens on port 1, so the request fails before any response.
	client, err := NewConnector().S3(context.Background(),
		Settings{EndpointURL: "http://127.0.0.1:1", MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	_, err = client.ListBuckets(context.Background(), &s3.ListBucketsInput{})
	if err == nil {
		t.Fatal("ListBuckets on a closed port succeeded")
	}
	if got := NewFailure("List Buckets", "", err).StatusCode; got != CodeNetwork {
		t.Errorf("status code = %q, want %q", got, CodeNetwork)
	}
}

func TestFailureStatusInternal(t *testing.T) {
	err := errors.New("bucket b still lists 3 entries")
	if got := NewFailure("Delete Bucket Objects", "b", err).StatusCode; got != CodeInternal {
		t.Errorf("status code = %q, want %q", got, CodeInternal)
	}
}
