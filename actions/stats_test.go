package actions

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/s3"
)

func TestRetriesCanceledCallIsZero(t *testing.T) {
	fakeCredentials(t)
	client, err := NewConnector().S3(context.Background(), Settings{EndpointURL: silentServer(t)})
	if err != nil {
		t.Fatal(err)
	}
	// A call canceled before its first attempt counts as a call only.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	stats := &Stats{}
	if _, err := client.ListBuckets(WithStats(ctx, stats), &s3.ListBucketsInput{}); err == nil {
		t.Fatal("a canceled call succeeded")
	}
	if got := stats.Calls.Load(); got != 1 {
		t.Errorf("calls = %d, want 1", got)
	}
	if got := stats.Retries(); got != 0 {
		t.Errorf("retries = %d, want 0", got)
	}
}
