package sandbox

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

func TestStartRejectsNonLoopbackAddress(t *testing.T) {
	for _, addr := range []string{":0", "0.0.0.0:0", "[::]:0", "192.0.2.10:0", "example.com:0"} {
		t.Run(addr, func(t *testing.T) {
			s, err := Start(context.Background(), addr)
			if err == nil {
				s.Close()
				t.Fatalf("Start(%q) succeeded, want an error", addr)
			}
			if !strings.Contains(err.Error(), "not a loopback address") {
				t.Errorf("error = %q, want it to name the loopback rule", err)
			}
		})
	}
}

func TestStartInvalidAddress(t *testing.T) {
	if _, err := Start(context.Background(), "127.0.0.1"); err == nil {
		t.Fatal("Start without a port succeeded, want an error")
	}
}

func TestStartLocalhostUsesLoopbackIP(t *testing.T) {
	s, err := Start(testContext(t), "localhost:0")
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	defer s.Close()
	if !strings.HasPrefix(s.Endpoint, "http://127.0.0.1:") {
		t.Errorf("Endpoint = %q, want http://127.0.0.1:PORT", s.Endpoint)
	}
}

func TestCloseTwice(t *testing.T) {
	s, err := Start(testContext(t), "")
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("first Close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	_, err = sandboxClient(s, aws.RequestChecksumCalculationWhenRequired).
		ListBuckets(testContext(t), &s3.ListBucketsInput{})
	if err == nil {
		t.Error("ListBuckets after Close succeeded, want a connection error")
	}
}

func TestBucketsMatchListings(t *testing.T) {
	s := startSandbox(t)
	client := sandboxClient(s, aws.RequestChecksumCalculationWhenRequired)
	ctx := testContext(t)

	buckets := s.Buckets()
	if len(buckets) != 4 {
		t.Fatalf("Buckets() has %d buckets, want 4", len(buckets))
	}
	for _, want := range buckets {
		t.Run(want.Name, func(t *testing.T) {
			got := describeBucket(t, ctx, client, want.Name)
			got.Description = want.Description
			if got != want {
				t.Errorf("listings show %+v, Buckets() says %+v", got, want)
			}
		})
	}
}

// describeBucket builds a DemoBucket from what the S3 API lists.
func describeBucket(t *testing.T, ctx context.Context, client *s3.Client, name string) DemoBucket {
	t.Helper()
	bucket := aws.String(name)
	objects, err := client.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: bucket})
	if err != nil {
		t.Fatalf("ListObjectsV2: %v", err)
	}
	versions, err := client.ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: bucket})
	if err != nil {
		t.Fatalf("ListObjectVersions: %v", err)
	}
	uploads, err := client.ListMultipartUploads(ctx, &s3.ListMultipartUploadsInput{Bucket: bucket})
	if err != nil {
		t.Fatalf("ListMultipartUploads: %v", err)
	}
	versioning, err := client.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: bucket})
	if err != nil {
		t.Fatalf("GetBucketVersioning: %v", err)
	}
	return DemoBucket{
		Name:          name,
		Versioned:     versioning.Status == types.BucketVersioningStatusEnabled,
		Objects:       len(objects.Contents),
		Versions:      len(versions.Versions),
		DeleteMarkers: len(versions.DeleteMarkers),
		Uploads:       len(uploads.Uploads),
	}
}

func TestDemoDataContents(t *testing.T) {
	s := startSandbox(t)
	client := sandboxClient(s, aws.RequestChecksumCalculationWhenRequired)
	ctx := testContext(t)

	listing, err := client.ListObjectsV2(ctx, &s3.ListObjectsV2Input{
		Bucket: aws.String("demo-tmp-2"),
		Prefix: aws.String("reports/"),
	})
	if err != nil {
		t.Fatalf("ListObjectsV2: %v", err)
	}
	if len(listing.Contents) != 3 {
		t.Errorf("reports/ has %d objects, want 3", len(listing.Contents))
	}

	object, err := client.GetObject(ctx, &s3.GetObjectInput{
		Bucket: aws.String("demo-logs"),
		Key:    aws.String("app/access.log"),
	})
	if err != nil {
		t.Fatalf("GetObject: %v", err)
	}
	if body := readBody(t, object.Body); body != "app/access.log: entries of day 3\n" {
		t.Errorf("latest app/access.log = %q, want the third version", body)
	}

	_, err = client.GetObject(ctx, &s3.GetObjectInput{
		Bucket: aws.String("demo-logs"),
		Key:    aws.String("app/error.log"),
	})
	requireAPIError(t, err, "NoSuchKey", 404)
}

// TestLoadDefaultConfigClient builds the client the way the CLI does, from
// config.LoadDefaultConfig with no AWS files, so the SDK's own defaults
// apply, checksums included.
func TestLoadDefaultConfigClient(t *testing.T) {
	t.Setenv("AWS_CONFIG_FILE", t.TempDir()+"/none")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", t.TempDir()+"/none")
	for _, name := range []string{"AWS_REQUEST_CHECKSUM_CALCULATION", "AWS_PROFILE",
		"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"} {
		t.Setenv(name, "")
	}
	s := startSandbox(t)
	ctx := testContext(t)

	cfg, err := config.LoadDefaultConfig(ctx,
		config.WithRegion(s.Region),
		config.WithCredentialsProvider(s.Credentials()),
		config.WithBaseEndpoint(s.Endpoint))
	if err != nil {
		t.Fatalf("LoadDefaultConfig: %v", err)
	}
	if cfg.RequestChecksumCalculation != aws.RequestChecksumCalculationWhenSupported {
		t.Errorf("default checksum calculation = %v, want when_supported",
			cfg.RequestChecksumCalculation)
	}
	client := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })

	_, err = client.PutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String("demo-keep"),
		Key:    aws.String("notes.txt"),
		Body:   strings.NewReader("written with SDK defaults"),
	})
	if err != nil {
		t.Fatalf("PutObject: %v", err)
	}
	object, err := client.GetObject(ctx, &s3.GetObjectInput{
		Bucket: aws.String("demo-keep"),
		Key:    aws.String("notes.txt"),
	})
	if err != nil {
		t.Fatalf("GetObject: %v", err)
	}
	if body := readBody(t, object.Body); body != "written with SDK defaults" {
		t.Errorf("body = %q", body)
	}
}
