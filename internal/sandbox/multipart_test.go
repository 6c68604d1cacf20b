package sandbox

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

func TestMultipartUploadsListAbort(t *testing.T) {
	forEachChecksumMode(t, func(t *testing.T, s *Sandbox, client *s3.Client) {
		ctx := testContext(t)
		bucket := aws.String("demo-tmp-1")
		listing, err := client.ListMultipartUploads(ctx, &s3.ListMultipartUploadsInput{Bucket: bucket})
		if err != nil {
			t.Fatalf("ListMultipartUploads: %v", err)
		}
		if len(listing.Uploads) != 1 {
			t.Fatalf("uploads = %d, want 1", len(listing.Uploads))
		}
		upload := listing.Uploads[0]
		if key := aws.ToString(upload.Key); key != "scratch/big.bin" {
			t.Errorf("upload key = %q, want scratch/big.bin", key)
		}

		_, err = client.AbortMultipartUpload(ctx, &s3.AbortMultipartUploadInput{
			Bucket: bucket, Key: upload.Key, UploadId: upload.UploadId,
		})
		if err != nil {
			t.Fatalf("AbortMultipartUpload: %v", err)
		}
		listing, err = client.ListMultipartUploads(ctx, &s3.ListMultipartUploadsInput{Bucket: bucket})
		if err != nil {
			t.Fatalf("ListMultipartUploads after abort: %v", err)
		}
		if len(listing.Uploads) != 0 {
			t.Errorf("uploads after abort = %d, want 0", len(listing.Uploads))
		}

		_, err = client.AbortMultipartUpload(ctx, &s3.AbortMultipartUploadInput{
			Bucket: bucket, Key: upload.Key, UploadId: upload.UploadId,
		})
		requireAPIError(t, err, "NoSuchUpload", 404)
	})
}

func TestMultipartUploadComplete(t *testing.T) {
	forEachChecksumMode(t, func(t *testing.T, s *Sandbox, client *s3.Client) {
		ctx := testContext(t)
		bucket, key := aws.String("demo-keep"), aws.String("big/assembled.bin")
		upload, err := client.CreateMultipartUpload(ctx,
			&s3.CreateMultipartUploadInput{Bucket: bucket, Key: key})
		if err != nil {
			t.Fatalf("CreateMultipartUpload: %v", err)
		}

		// Every part but the last must be at least 5 MiB, as in S3.
		first := make([]byte, 5<<20)
		parts := []string{string(first), "tail"}
		var completed []types.CompletedPart
		for i, content := range parts {
			number := aws.Int32(int32(i + 1))
			part, err := client.UploadPart(ctx, &s3.UploadPartInput{
				Bucket: bucket, Key: key, UploadId: upload.UploadId, PartNumber: number,
				Body: strings.NewReader(content),
			})
			if err != nil {
				t.Fatalf("UploadPart %d: %v", i+1, err)
			}
			completed = append(completed, types.CompletedPart{ETag: part.ETag, PartNumber: number})
		}

		_, err = client.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{
			Bucket: bucket, Key: key, UploadId: upload.UploadId,
			MultipartUpload: &types.CompletedMultipartUpload{Parts: completed},
		})
		if err != nil {
			t.Fatalf("CompleteMultipartUpload: %v", err)
		}
		head, err := client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: bucket, Key: key})
		if err != nil {
			t.Fatalf("HeadObject: %v", err)
		}
		if size := aws.ToInt64(head.ContentLength); size != int64(len(first)+4) {
			t.Errorf("assembled size = %d, want %d", size, len(first)+4)
		}
	})
}

func TestBucketVersioning(t *testing.T) {
	forEachChecksumMode(t, func(t *testing.T, s *Sandbox, client *s3.Client) {
		ctx := testContext(t)
		for bucket, want := range map[string]types.BucketVersioningStatus{
			"demo-logs": types.BucketVersioningStatusEnabled,
			"demo-keep": "",
		} {
			output, err := client.GetBucketVersioning(ctx,
				&s3.GetBucketVersioningInput{Bucket: aws.String(bucket)})
			if err != nil {
				t.Fatalf("GetBucketVersioning %s: %v", bucket, err)
			}
			if output.Status != want {
				t.Errorf("%s versioning = %q, want %q", bucket, output.Status, want)
			}
		}

		for _, status := range []types.BucketVersioningStatus{
			types.BucketVersioningStatusEnabled, types.BucketVersioningStatusSuspended,
		} {
			_, err := client.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{
				Bucket:                  aws.String("demo-keep"),
				VersioningConfiguration: &types.VersioningConfiguration{Status: status},
			})
			if err != nil {
				t.Fatalf("PutBucketVersioning %s: %v", status, err)
			}
			output, err := client.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{
				Bucket: aws.String("demo-keep"),
			})
			if err != nil {
				t.Fatalf("GetBucketVersioning: %v", err)
			}
			if output.Status != status {
				t.Errorf("versioning after Put %s = %q", status, output.Status)
			}
		}
	})
}
