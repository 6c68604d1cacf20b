package sandbox

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// listAllVersions pages through ListObjectVersions with pageSize entries a
// page and returns every version and delete marker as object identifiers.
func listAllVersions(t *testing.T, ctx context.Context, client *s3.Client, bucket string,
	pageSize int32) (versions, markers []types.ObjectIdentifier, pages int) {
	t.Helper()
	input := &s3.ListObjectVersionsInput{Bucket: aws.String(bucket), MaxKeys: aws.Int32(pageSize)}
	for {
		page, err := client.ListObjectVersions(ctx, input)
		if err != nil {
			t.Fatalf("ListObjectVersions page %d: %v", pages+1, err)
		}
		pages++
		if n := len(page.Versions) + len(page.DeleteMarkers); n > int(pageSize) {
			t.Errorf("page %d has %d entries, want at most %d", pages, n, pageSize)
		}
		for _, v := range page.Versions {
			versions = append(versions, types.ObjectIdentifier{Key: v.Key, VersionId: v.VersionId})
		}
		for _, m := range page.DeleteMarkers {
			markers = append(markers, types.ObjectIdentifier{Key: m.Key, VersionId: m.VersionId})
		}
		if !aws.ToBool(page.IsTruncated) {
			return versions, markers, pages
		}
		if pages > 50 {
			t.Fatal("ListObjectVersions did not finish within 50 pages")
		}
		input.KeyMarker = page.NextKeyMarker
		input.VersionIdMarker = page.NextVersionIdMarker
	}
}

func TestListObjectVersionsPages(t *testing.T) {
	forEachChecksumMode(t, func(t *testing.T, s *Sandbox, client *s3.Client) {
		ctx := testContext(t)
		versions, markers, pages := listAllVersions(t, ctx, client, "demo-logs", 2)

		if len(versions) != 9 {
			t.Errorf("versions = %d, want 9", len(versions))
		}
		if len(markers) != 1 {
			t.Fatalf("delete markers = %d, want 1", len(markers))
		}
		if key := aws.ToString(markers[0].Key); key != "app/error.log" {
			t.Errorf("delete marker key = %q, want app/error.log", key)
		}
		if pages != 5 {
			t.Errorf("pages = %d, want 5 for 10 entries at 2 a page", pages)
		}

		seen := map[string]bool{}
		for _, v := range append(versions, markers...) {
			id := aws.ToString(v.Key) + "@" + aws.ToString(v.VersionId)
			if seen[id] {
				t.Errorf("version %s listed twice", id)
			}
			seen[id] = true
		}
	})
}

func TestListObjectVersionsNewestFirst(t *testing.T) {
	s := startSandbox(t)
	client := sandboxClient(s, aws.RequestChecksumCalculationWhenRequired)
	output, err := client.ListObjectVersions(testContext(t), &s3.ListObjectVersionsInput{
		Bucket: aws.String("demo-logs"),
		Prefix: aws.String("app/access"),
	})
	if err != nil {
		t.Fatalf("ListObjectVersions: %v", err)
	}
	if len(output.Versions) != 3 {
		t.Fatalf("versions = %d, want 3", len(output.Versions))
	}
	if !aws.ToBool(output.Versions[0].IsLatest) {
		t.Error("first version is not the latest")
	}

	// The oldest version holds day 1.
	oldest, err := client.GetObject(testContext(t), &s3.GetObjectInput{
		Bucket:    aws.String("demo-logs"),
		Key:       aws.String("app/access.log"),
		VersionId: output.Versions[2].VersionId,
	})
	if err != nil {
		t.Fatalf("GetObject oldest version: %v", err)
	}
	if body := readBody(t, oldest.Body); body != "app/access.log: entries of day 1\n" {
		t.Errorf("oldest version body = %q, want day 1", body)
	}
}

func TestListObjectVersionsUnversionedBucket(t *testing.T) {
	s := startSandbox(t)
	client := sandboxClient(s, aws.RequestChecksumCalculationWhenRequired)
	output, err := client.ListObjectVersions(testContext(t), &s3.ListObjectVersionsInput{
		Bucket: aws.String("demo-keep"),
	})
	if err != nil {
		t.Fatalf("ListObjectVersions: %v", err)
	}
	if len(output.Versions) != 3 {
		t.Fatalf("versions = %d, want 3", len(output.Versions))
	}
	for _, v := range output.Versions {
		if id := aws.ToString(v.VersionId); id != "null" {
			t.Errorf("%s version id = %q, want null", aws.ToString(v.Key), id)
		}
	}
}

func TestListObjectVersionsErrors(t *testing.T) {
	s := startSandbox(t)
	client := sandboxClient(s, aws.RequestChecksumCalculationWhenRequired)
	ctx := testContext(t)

	_, err := client.ListObjectVersions(ctx,
		&s3.ListObjectVersionsInput{Bucket: aws.String("no-such-bucket")})
	requireAPIError(t, err, "NoSuchBucket", 404)

	_, err = client.ListObjectVersions(ctx, &s3.ListObjectVersionsInput{
		Bucket:          aws.String("demo-logs"),
		KeyMarker:       aws.String("app/access.log"),
		VersionIdMarker: aws.String("not-a-version"),
	})
	requireAPIError(t, err, "InvalidArgument", 400)
}

func TestPageVersionsCommonPrefixes(t *testing.T) {
	var entries []versionEntry
	for _, key := range []string{"a/1", "a/2", "b/1", "c", "d/1"} {
		entries = append(entries, versionEntry{key: key, id: "null", item: key})
	}
	query := versionsQuery{delimiter: "/", maxKeys: 2}

	first, err := pageVersions(entries, query)
	if err != nil {
		t.Fatalf("first page: %v", err)
	}
	if len(first.CommonPrefixes) != 2 || !first.IsTruncated {
		t.Fatalf("first page = %+v, want prefixes a/ and b/, truncated", first)
	}
	if first.NextKeyMarker != "b/" || first.NextVersionIDMarker != "" {
		t.Errorf("next markers = %q %q, want b/ and none",
			first.NextKeyMarker, first.NextVersionIDMarker)
	}

	query.keyMarker = first.NextKeyMarker
	second, err := pageVersions(entries, query)
	if err != nil {
		t.Fatalf("second page: %v", err)
	}
	if len(second.Entries) != 1 || second.Entries[0] != "c" {
		t.Errorf("second page entries = %v, want [c]", second.Entries)
	}
	if len(second.CommonPrefixes) != 1 || second.CommonPrefixes[0].Prefix != "d/" {
		t.Errorf("second page prefixes = %v, want [d/]", second.CommonPrefixes)
	}
	if second.IsTruncated {
		t.Error("second page is truncated, want the end")
	}
}
