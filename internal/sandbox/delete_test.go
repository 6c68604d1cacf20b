package sandbox

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

func TestDeleteObjectsVersionsQuiet(t *testing.T) {
	forEachChecksumMode(t, func(t *testing.T, s *Sandbox, client *s3.Client) {
		ctx := testContext(t)
		versions, markers, _ := listAllVersions(t, ctx, client, "demo-logs", 1000)

		output, err := client.DeleteObjects(ctx, &s3.DeleteObjectsInput{
			Bucket: aws.String("demo-logs"),
			Delete: &types.Delete{Objects: append(versions, markers...), Quiet: aws.Bool(true)},
		})
		if err != nil {
			t.Fatalf("DeleteObjects: %v", err)
		}
		if len(output.Deleted) != 0 {
			t.Errorf("quiet DeleteObjects reported %d deleted, want 0", len(output.Deleted))
		}
		if len(output.Errors) != 0 {
			t.Errorf("DeleteObjects errors = %+v", output.Errors)
		}

		versions, markers, _ = listAllVersions(t, ctx, client, "demo-logs", 1000)
		if len(versions)+len(markers) != 0 {
			t.Errorf("after delete: %d versions, %d markers, want none", len(versions), len(markers))
		}
		_, err = client.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String("demo-logs")})
		if err != nil {
			t.Errorf("DeleteBucket after emptying: %v", err)
		}
	})
}

func TestDeleteObjectsReportsEachKey(t *testing.T) {
	forEachChecksumMode(t, func(t *testing.T, s *Sandbox, client *s3.Client) {
		output, err := client.DeleteObjects(testContext(t), &s3.DeleteObjectsInput{
			Bucket: aws.String("demo-tmp-2"),
			Delete: &types.Delete{Objects: []types.ObjectIdentifier{
				{Key: aws.String("reports/2024-q1.csv")},
				{Key: aws.String("reports/2024-q2.csv")},
			}},
		})
		if err != nil {
			t.Fatalf("DeleteObjects: %v", err)
		}
		if len(output.Deleted) != 2 {
			t.Errorf("Deleted = %d entries, want 2", len(output.Deleted))
		}
	})
}

func TestDeleteObjectCreatesDeleteMarker(t *testing.T) {
	forEachChecksumMode(t, func(t *testing.T, s *Sandbox, client *s3.Client) {
		output, err := client.DeleteObject(testContext(t), &s3.DeleteObjectInput{
			Bucket: aws.String("demo-tmp-1"),
			Key:    aws.String("scratch/a.txt"),
		})
		if err != nil {
			t.Fatalf("DeleteObject: %v", err)
		}
		if !aws.ToBool(output.DeleteMarker) || aws.ToString(output.VersionId) == "" {
			t.Errorf("DeleteObject = marker %v, version %q, want a delete marker with an id",
				aws.ToBool(output.DeleteMarker), aws.ToString(output.VersionId))
		}
	})
}

func TestDeleteBucketDropsUploads(t *testing.T) {
	s := startSandbox(t)
	client := sandboxClient(s, aws.RequestChecksumCalculationWhenRequired)
	ctx := testContext(t)
	bucket := aws.String("demo-tmp-1")

	versions, markers, _ := listAllVersions(t, ctx, client, "demo-tmp-1", 1000)
	_, err := client.DeleteObjects(ctx, &s3.DeleteObjectsInput{
		Bucket: bucket,
		Delete: &types.Delete{Objects: append(versions, markers...), Quiet: aws.Bool(true)},
	})
	if err != nil {
		t.Fatalf("DeleteObjects: %v", err)
	}
	if _, err := client.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: bucket}); err != nil {
		t.Fatalf("DeleteBucket: %v", err)
	}
	if _, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: bucket}); err != nil {
		t.Fatalf("CreateBucket: %v", err)
	}

	listing, err := client.ListMultipartUploads(ctx, &s3.ListMultipartUploadsInput{Bucket: bucket})
	if err != nil {
		t.Fatalf("ListMultipartUploads: %v", err)
	}
	if len(listing.Uploads) != 0 {
		t.Errorf("new bucket lists %d uploads of the deleted one, want 0", len(listing.Uploads))
	}
}
