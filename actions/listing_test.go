package actions

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// brokenLister returns the same reply to every listing request and counts
// the requests, so a test can tell a loop from an error.
type brokenLister struct {
	requests int
	objects  *s3.ListObjectsV2Output
	versions *s3.ListObjectVersionsOutput
	uploads  *s3.ListMultipartUploadsOutput
}

// client serves the replies over HTTP for the test, with deletes going to
// an empty fake, and returns a client for them.
func (b *brokenLister) client(t *testing.T) *s3.Client {
	return serveS3(t, &s3Handler{api: brokenPurge{b, newFakeS3()}})
}

func (b *brokenLister) ListObjectsV2(context.Context, *s3.ListObjectsV2Input,
	...func(*s3.Options)) (*s3.ListObjectsV2Output, error) {
	b.requests++
	return b.objects, nil
}

func (b *brokenLister) ListObjectVersions(context.Context, *s3.ListObjectVersionsInput,
	...func(*s3.Options)) (*s3.ListObjectVersionsOutput, error) {
	b.requests++
	return b.versions, nil
}

func (b *brokenLister) ListMultipartUploads(context.Context, *s3.ListMultipartUploadsInput,
	...func(*s3.Options)) (*s3.ListMultipartUploadsOutput, error) {
	b.requests++
	return b.uploads, nil
}

func wantReplyError(t *testing.T, err error, requests, wantRequests int) {
	t.Helper()
	var re *replyError
	if !errors.As(err, &re) {
		t.Fatalf("error = %v, want an invalid response error", err)
	}
	if requests != wantRequests {
		t.Errorf("requests = %d, want %d", requests, wantRequests)
	}
}

func TestListObjectsTruncatedNoToken(t *testing.T) {
	b := &brokenLister{objects: &s3.ListObjectsV2Output{IsTruncated: aws.Bool(true),
		Contents: []types.Object{{Key: aws.String("a")}}}}
	_, err := listObjects(context.Background(), b.client(t), "b", "", 1000)
	wantReplyError(t, err, b.requests, 1)
	f := failureFor("List Bucket Objects", "b", err)
	if f.StatusCode != codeInvalidResponse {
		t.Errorf("status code = %s, want %s", f.StatusCode, codeInvalidResponse)
	}
}

// A server can send the token element with no text, which the SDK decodes
// as an empty string and not as a missing token.
func TestListObjectsTruncatedEmptyToken(t *testing.T) {
	b := &brokenLister{objects: &s3.ListObjectsV2Output{IsTruncated: aws.Bool(true),
		NextContinuationToken: aws.String(""), Contents: []types.Object{{Key: aws.String("a")}}}}
	_, err := listObjects(context.Background(), b.client(t), "b", "", 1000)
	wantReplyError(t, err, b.requests, 1)
}

func TestListObjectsRepeatedToken(t *testing.T) {
	b := &brokenLister{objects: &s3.ListObjectsV2Output{IsTruncated: aws.Bool(true),
		NextContinuationToken: aws.String("t1")}}
	_, err := listObjects(context.Background(), b.client(t), "b", "", 1000)
	wantReplyError(t, err, b.requests, 2)
}

func TestListVersionsMissingMarker(t *testing.T) {
	b := &brokenLister{versions: &s3.ListObjectVersionsOutput{IsTruncated: aws.Bool(true),
		NextKeyMarker: aws.String("a")}}
	in := s3.ListObjectVersionsInput{Bucket: aws.String("b")}
	err := walkVersions(context.Background(), b.client(t), in,
		func(*s3.ListObjectVersionsOutput) bool { return true })
	wantReplyError(t, err, b.requests, 1)
}

func TestListVersionsRepeatedMarkers(t *testing.T) {
	b := &brokenLister{versions: &s3.ListObjectVersionsOutput{IsTruncated: aws.Bool(true),
		NextKeyMarker: aws.String("a"), NextVersionIdMarker: aws.String("v")}}
	in := s3.ListObjectVersionsInput{Bucket: aws.String("b")}
	err := walkVersions(context.Background(), b.client(t), in,
		func(*s3.ListObjectVersionsOutput) bool { return true })
	wantReplyError(t, err, b.requests, 2)
}

func TestListUploadsMissingMarker(t *testing.T) {
	b := &brokenLister{uploads: &s3.ListMultipartUploadsOutput{IsTruncated: aws.Bool(true),
		NextKeyMarker: aws.String("a")}}
	in := s3.ListMultipartUploadsInput{Bucket: aws.String("b")}
	err := walkUploads(context.Background(), b.client(t), in,
		func(*s3.ListMultipartUploadsOutput) {})
	wantReplyError(t, err, b.requests, 1)
}

func TestDeleteAllTruncatedNoToken(t *testing.T) {
	b := &brokenLister{
		objects: &s3.ListObjectsV2Output{IsTruncated: aws.Bool(true)},
		uploads: &s3.ListMultipartUploadsOutput{},
	}
	call, _ := fakeCall(false)
	res, err := deleteObjects(context.Background(), b.client(t), call, deleteTitle, "b",
		[]string{"*"})
	var f *Failure
	if !errors.As(err, &f) || f.StatusCode != codeInvalidResponse {
		t.Fatalf("error = %v, want an invalid response failure", err)
	}
	if res.Outcome() != Failed {
		t.Errorf("status = %s, want Failed", res.Outcome())
	}
}

// brokenPurge lists through a brokenLister and deletes through a fake, so
// an s3Handler can serve the broken listings.
type brokenPurge struct {
	*brokenLister
	*fakeS3
}

func (p brokenPurge) ListObjectsV2(ctx context.Context, in *s3.ListObjectsV2Input,
	opts ...func(*s3.Options)) (*s3.ListObjectsV2Output, error) {
	return p.brokenLister.ListObjectsV2(ctx, in, opts...)
}

func (p brokenPurge) ListObjectVersions(ctx context.Context, in *s3.ListObjectVersionsInput,
	opts ...func(*s3.Options)) (*s3.ListObjectVersionsOutput, error) {
	return p.brokenLister.ListObjectVersions(ctx, in, opts...)
}

func (p brokenPurge) ListMultipartUploads(ctx context.Context, in *s3.ListMultipartUploadsInput,
	opts ...func(*s3.Options)) (*s3.ListMultipartUploadsOutput, error) {
	return p.brokenLister.ListMultipartUploads(ctx, in, opts...)
}

func TestPageWindowDropsRepeats(t *testing.T) {
	w := newPageWindow()
	id := func(k string) types.ObjectIdentifier {
		return types.ObjectIdentifier{Key: aws.String(k), VersionId: aws.String("v")}
	}
	w.turn()
	if !w.firstSeen(id("a")) || !w.firstSeen(id("b")) {
		t.Fatal("new entries reported as repeats")
	}
	if w.firstSeen(id("b")) {
		t.Error("repeat within a page not dropped")
	}
	w.turn()
	if w.firstSeen(id("b")) {
		t.Error("repeat from the previous page not dropped")
	}
	if !w.firstSeen(id("c")) {
		t.Error("new entry on the next page reported as a repeat")
	}
}

// versionedEntries returns n keys with one version each.
func versionedEntries(n int) []fakeEntry {
	out := make([]fakeEntry, n)
	for i := range out {
		out[i] = fakeEntry{key: fmt.Sprintf("k/%05d", i), version: "v1"}
	}
	return out
}

func TestDeleteAllRepeatedBoundary(t *testing.T) {
	old := pageSize
	pageSize = 100
	t.Cleanup(func() { pageSize = old })
	f := newFakeS3(versionedEntries(3000)...)
	f.repeatBoundary = true
	res, err := runDelete(t, f, true, "*")
	if err != nil {
		t.Fatal(err)
	}
	if got := outputNumber(t, res, "VersionsDeleted"); got != 3000 {
		t.Errorf("VersionsDeleted = %d, want 3000", got)
	}
	if got := outputNumber(t, res, "Passes"); got != 1 {
		t.Errorf("Passes = %d, want 1", got)
	}
	if f.count() != 0 {
		t.Errorf("%d entries left", f.count())
	}
}

// Pages of exactly one batch put the entry named by the next markers last
// in a full batch, which is sent while the next page is requested.
func TestDeleteAllKeepsMarkerEntry(t *testing.T) {
	f := newFakeS3(versionedEntries(3000)...)
	f.versionsDelay = 5 * time.Millisecond
	res, err := runDelete(t, f, true, "*")
	if err != nil {
		t.Fatal(err)
	}
	if f.markerGone != 0 {
		t.Errorf("%d listing requests named an entry already deleted", f.markerGone)
	}
	if got := outputNumber(t, res, "VersionsDeleted"); got != 3000 {
		t.Errorf("VersionsDeleted = %d, want 3000", got)
	}
}
