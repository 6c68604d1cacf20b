package sandbox

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// newSeedClient returns an S3 client for the sandbox at endpoint. Its
// transport has no proxy, so requests never leave the loopback interface.
func newSeedClient(endpoint string, credentials aws.CredentialsProvider,
	transport *http.Transport) *s3.Client {
	return s3.New(s3.Options{
		BaseEndpoint: aws.String(endpoint),
		UsePathStyle: true,
		Region:       sandboxRegion,
		Credentials:  credentials,
		HTTPClient:   &http.Client{Transport: transport},
	})
}

// seed creates the demo buckets through the sandbox's own S3 API, the path
// every playbook request takes, so the data looks as S3 would create it.
func seed(ctx context.Context, client *s3.Client) error {
	for _, spec := range demoBuckets {
		if err := seedBucket(ctx, client, spec); err != nil {
			return fmt.Errorf("seed bucket %s: %w", spec.name, err)
		}
	}
	return nil
}

func seedBucket(ctx context.Context, client *s3.Client, spec demoBucketSpec) error {
	if err := createDemoBucket(ctx, client, spec); err != nil {
		return err
	}

	bucket := aws.String(spec.name)
	for _, object := range spec.objects {
		_, err := client.PutObject(ctx, &s3.PutObjectInput{
			Bucket: bucket,
			Key:    aws.String(object.key),
			Body:   strings.NewReader(object.content),
		})
		if err != nil {
			return fmt.Errorf("put %s: %w", object.key, err)
		}
	}

	for _, key := range spec.deletes {
		_, err := client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: bucket, Key: aws.String(key)})
		if err != nil {
			return fmt.Errorf("delete %s: %w", key, err)
		}
	}

	for _, key := range spec.uploads {
		if err := startUpload(ctx, client, spec.name, key); err != nil {
			return fmt.Errorf("start multipart upload %s: %w", key, err)
		}
	}
	return nil
}

func createDemoBucket(ctx context.Context, client *s3.Client, spec demoBucketSpec) error {
	bucket := aws.String(spec.name)
	if _, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: bucket}); err != nil {
		return err
	}
	if !spec.versioned {
		return nil
	}
	_, err := client.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{
		Bucket: bucket,
		VersioningConfiguration: &types.VersioningConfiguration{
			Status: types.BucketVersioningStatusEnabled,
		},
	})
	return err
}

// startUpload begins a multipart upload and uploads its first part, but
// does not complete it.
func startUpload(ctx context.Context, client *s3.Client, bucket, key string) error {
	upload, err := client.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{
		Bucket: aws.String(bucket),
		Key:    aws.String(key),
	})
	if err != nil {
		return err
	}

	_, err = client.UploadPart(ctx, &s3.UploadPartInput{
		Bucket:     aws.String(bucket),
		Key:        aws.String(key),
		UploadId:   upload.UploadId,
		PartNumber: aws.Int32(1),
		Body:       strings.NewReader("first part of an upload that never completed\n"),
	})
	return err
}
