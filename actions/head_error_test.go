package actions

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// bodilessStatus replies to every request with status and no body, as S3
// replies to a HEAD request that fails.
func bodilessStatus(status int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(status)
	})
}

func TestHeadObjectNotFoundMessage(t *testing.T) {
	c := serveS3(t, bodilessStatus(http.StatusNotFound))
	_, err := c.HeadObject(context.Background(),
		&s3.HeadObjectInput{Bucket: aws.String("cases"), Key: aws.String("logs/a.txt.")})
	if err == nil {
		t.Fatal("HeadObject of a missing key succeeded")
	}
	var missing *types.NotFound
	if !errors.As(err, &missing) {
		t.Errorf("the SDK's NotFound is no longer reachable: %v", err)
	}

	f := NewFailure("Move Files", "logs/a.txt.", err)
	want := `An error occurred (NotFound) when calling the HeadObject operation: ` +
		`object "logs/a.txt." in bucket "cases" was not found.`
	if f.Message != want {
		t.Errorf("message = %q, want %q", f.Message, want)
	}
	if f.StatusCode != "404" {
		t.Errorf("status code = %q, want 404", f.StatusCode)
	}
	if !strings.Contains(f.Hint, "s3.list_bucket_objects") {
		t.Errorf("hint = %q, want advice to list the bucket", f.Hint)
	}
}

func TestHeadObjectVersionForbiddenMessage(t *testing.T) {
	c := serveS3(t, bodilessStatus(http.StatusForbidden))
	_, err := c.HeadObject(context.Background(), &s3.HeadObjectInput{
		Bucket: aws.String("cases"), Key: aws.String("a.txt"), VersionId: aws.String("v1")})
	f := NewFailure("Download Files", "a.txt", err)
	want := `An error occurred (Forbidden) when calling the HeadObject operation: ` +
		`access to version "v1" of object "a.txt" in bucket "cases" was denied.`
	if f.Message != want {
		t.Errorf("message = %q, want %q", f.Message, want)
	}
	if f.StatusCode != "403" {
		t.Errorf("status code = %q, want 403", f.StatusCode)
	}
}

func TestHeadBucketNotFoundKeepsType(t *testing.T) {
	c := serveS3(t, bodilessStatus(http.StatusNotFound))
	_, err := c.HeadBucket(context.Background(), &s3.HeadBucketInput{Bucket: aws.String("gone")})
	var missing *types.NotFound
	if !errors.As(err, &missing) {
		t.Errorf("the SDK's NotFound is no longer reachable: %v", err)
	}
	if !strings.HasSuffix(err.Error(), `bucket "gone" was not found.`) {
		t.Errorf("error = %q, want it to name the bucket", err)
	}
}

// A message the service sent is kept as it is.
func TestGetObjectMessageUnchanged(t *testing.T) {
	c := serveS3(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`<Error><Code>NoSuchKey</Code>` +
			`<Message>The specified key does not exist.</Message></Error>`))
	}))
	_, err := c.GetObject(context.Background(),
		&s3.GetObjectInput{Bucket: aws.String("cases"), Key: aws.String("a.txt")})
	f := NewFailure("Download Files", "a.txt", err)
	want := "An error occurred (NoSuchKey) when calling the GetObject operation: " +
		"The specified key does not exist."
	if f.Message != want {
		t.Errorf("message = %q, want %q", f.Message, want)
	}
}

func TestMoveMissingKeyMessage(t *testing.T) {
	call, srv := serverCall(t, nil)
	source, destination := srv.Bucket(t, "s3play-mvmiss-"), srv.Bucket(t, "s3play-mvmissdst-")
	call.Params = moveParams(source, destination, "", "ghost.txt")
	res, err := runAction(t, call, "s3.move_files")
	if err != nil {
		t.Fatal(err)
	}
	it := wantItem(t, res, 0, Failed)
	if it.Error == nil {
		t.Fatal("failed item has no error")
	}
	want := `object "ghost.txt" in bucket "` + source + `" was not found.`
	if !strings.HasSuffix(it.Error.Message, want) {
		t.Errorf("message = %q, want it to end with %q", it.Error.Message, want)
	}
	if it.Error.Hint == "" {
		t.Error("no hint for a missing key")
	}
}
