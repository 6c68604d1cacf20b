package actions

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// silentServer accepts connections on 127.0.0.1 and never replies.
func silentServer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { conn.Close() })
		}
	}()
	return "http://" + ln.Addr().String()
}

func TestSilentServerTimesOut(t *testing.T) {
	fakeCredentials(t)
	conn := NewConnector()
	conn.ResponseTimeout, conn.MaxBackoff = 100*time.Millisecond, time.Millisecond
	client, err := conn.S3(context.Background(), Settings{EndpointURL: silentServer(t), MaxAttempts: 2})
	if err != nil {
		t.Fatal(err)
	}

	// The deadline only keeps a regression from hanging the test run; the
	// call must fail on its own response timeout long before it.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	stats := &Stats{}
	_, err = client.ListBuckets(WithStats(ctx, stats), &s3.ListBucketsInput{})
	if err == nil {
		t.Fatal("ListBuckets against a silent server succeeded")
	}
	if errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil {
		t.Fatalf("the call hung until the test deadline: %v", err)
	}
	if got := NewFailure("List Buckets", "", err).StatusCode; got != CodeNetwork {
		t.Errorf("status code = %q, want %q", got, CodeNetwork)
	}
	if stats.Retries() != 1 {
		t.Errorf("retries = %d, want 1: a timed-out attempt is retried", stats.Retries())
	}
}
