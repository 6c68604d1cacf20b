package sandbox

import (
	"crypto/md5"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
)

func readObject(t *testing.T, client *s3.Client, bucket, key string) string {
	t.Helper()
	out, err := client.GetObject(testContext(t), &s3.GetObjectInput{
		Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		t.Fatalf("GetObject %s/%s: %v", bucket, key, err)
	}
	defer out.Body.Close()
	body, err := io.ReadAll(out.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(body)
}

func putObject(t *testing.T, client *s3.Client, bucket, key, body string) *s3.PutObjectOutput {
	t.Helper()
	out, err := client.PutObject(testContext(t), &s3.PutObjectInput{Bucket: aws.String(bucket),
		Key: aws.String(key), Body: strings.NewReader(body)})
	if err != nil {
		t.Fatalf("PutObject %s/%s: %v", bucket, key, err)
	}
	return out
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != code {
		t.Errorf("error = %v, want %s", err, code)
	}
}

func TestCopyObjectEncodedKey(t *testing.T) {
	s := startSandbox(t)
	client := sandboxClient(s, aws.RequestChecksumCalculationWhenRequired)
	putObject(t, client, "demo-keep", "a+b.txt", "plus")
	putObject(t, client, "demo-keep", "a b.txt", "space")

	out, err := client.CopyObject(testContext(t), &s3.CopyObjectInput{
		Bucket: aws.String("demo-tmp-2"), Key: aws.String("copied.txt"),
		CopySource: aws.String("demo-keep/a%2Bb.txt")})
	if err != nil {
		t.Fatalf("CopyObject: %v", err)
	}
	if got := readObject(t, client, "demo-tmp-2", "copied.txt"); got != "plus" {
		t.Errorf("copy holds %q, want the body of a+b.txt", got)
	}
	if out.VersionId != nil {
		t.Errorf("copy into an unversioned bucket has version id %q", *out.VersionId)
	}
	sum := md5.Sum([]byte("plus"))
	want := `"` + hex.EncodeToString(sum[:]) + `"`
	if etag := aws.ToString(out.CopyObjectResult.ETag); etag != want {
		t.Errorf("ETag = %q, want %q, the MD5 of the body", etag, want)
	}
}

func TestCopyObjectVersion(t *testing.T) {
	s := startSandbox(t)
	client := sandboxClient(s, aws.RequestChecksumCalculationWhenRequired)
	first := putObject(t, client, "demo-logs", "note.txt", "one")
	second := putObject(t, client, "demo-logs", "note.txt", "two")

	out, err := client.CopyObject(testContext(t), &s3.CopyObjectInput{
		Bucket: aws.String("demo-logs"), Key: aws.String("copy.txt"),
		CopySource: aws.String("demo-logs/note.txt?versionId=" + aws.ToString(first.VersionId))})
	if err != nil {
		t.Fatalf("CopyObject: %v", err)
	}
	if got := readObject(t, client, "demo-logs", "copy.txt"); got != "one" {
		t.Errorf("copy holds %q, want the first version", got)
	}
	newID := aws.ToString(out.VersionId)
	if newID == "" || newID == aws.ToString(first.VersionId) || newID == aws.ToString(second.VersionId) {
		t.Errorf("copy version id = %q, want a new one", newID)
	}

	_, err = client.CopyObject(testContext(t), &s3.CopyObjectInput{
		Bucket: aws.String("demo-logs"), Key: aws.String("copy2.txt"),
		CopySource: aws.String("demo-logs/note.txt"), CopySourceIfMatch: aws.String(`"0"`)})
	wantCode(t, err, "PreconditionFailed")
}

func TestUploadPartCopyRejected(t *testing.T) {
	s := startSandbox(t)
	client := sandboxClient(s, aws.RequestChecksumCalculationWhenRequired)
	ctx := testContext(t)
	up, err := client.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{
		Bucket: aws.String("demo-keep"), Key: aws.String("big.bin")})
	if err != nil {
		t.Fatal(err)
	}
	_, err = client.UploadPartCopy(ctx, &s3.UploadPartCopyInput{Bucket: aws.String("demo-keep"),
		Key: aws.String("big.bin"), UploadId: up.UploadId, PartNumber: aws.Int32(1),
		CopySource: aws.String("demo-keep/README.txt")})
	wantCode(t, err, "NotImplemented")
}

func TestDeleteCurrentVersionPromotesPrevious(t *testing.T) {
	s := startSandbox(t)
	client := sandboxClient(s, aws.RequestChecksumCalculationWhenRequired)
	ctx := testContext(t)
	current := putObject(t, client, "demo-logs", "app/access.log", "newest")

	_, err := client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String("demo-logs"),
		Key: aws.String("app/access.log"), VersionId: current.VersionId})
	if err != nil {
		t.Fatalf("DeleteObject: %v", err)
	}
	// gofakes3 alone panics on this listing.
	list, err := client.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("demo-logs")})
	if err != nil {
		t.Fatalf("ListObjectsV2: %v", err)
	}
	if len(list.Contents) != 2 {
		t.Errorf("listed %d objects, want app/access.log and app/audit.log", len(list.Contents))
	}
	want := "app/access.log: entries of day 3\n"
	if got := readObject(t, client, "demo-logs", "app/access.log"); got != want {
		t.Errorf("app/access.log holds %q, want the previous version %q", got, want)
	}
	versions, _, _ := listAllVersions(t, ctx, client, "demo-logs", 1000)
	if len(versions) != 9 {
		t.Errorf("%d versions, want the 9 seeded", len(versions))
	}
}

func TestDeleteVersionBeforeMarker(t *testing.T) {
	s := startSandbox(t)
	client := sandboxClient(s, aws.RequestChecksumCalculationWhenRequired)
	ctx := testContext(t)
	current := putObject(t, client, "demo-logs", "app/error.log", "after the marker")

	_, err := client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String("demo-logs"),
		Key: aws.String("app/error.log"), VersionId: current.VersionId})
	if err != nil {
		t.Fatalf("DeleteObject: %v", err)
	}
	_, err = client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String("demo-logs"),
		Key: aws.String("app/error.log")})
	if err == nil {
		t.Error("app/error.log is readable, want it hidden by the delete marker again")
	}
	_, markers, _ := listAllVersions(t, ctx, client, "demo-logs", 1000)
	if len(markers) != 1 {
		t.Errorf("%d delete markers, want 1", len(markers))
	}
}
