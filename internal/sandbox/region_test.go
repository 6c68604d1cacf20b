package sandbox

import (
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// inRegion signs one call for region, as a client of that region does.
func inRegion(region string) func(*s3.Options) {
	return func(o *s3.Options) { o.Region = region }
}

func TestListBucketsRegions(t *testing.T) {
	c := sandboxClient(startSandbox(t), aws.RequestChecksumCalculationWhenSupported)
	if err := createBucketIn(t, c, "region-eu", types.BucketLocationConstraintEuWest1); err != nil {
		t.Fatal(err)
	}

	out, err := c.ListBuckets(testContext(t), &s3.ListBucketsInput{})
	if err != nil {
		t.Fatal(err)
	}
	regions := map[string]string{}
	for _, b := range out.Buckets {
		regions[aws.ToString(b.Name)] = aws.ToString(b.BucketRegion)
		if b.CreationDate == nil {
			t.Errorf("bucket %s has no CreationDate", aws.ToString(b.Name))
		}
	}
	if regions["region-eu"] != "eu-west-1" {
		t.Errorf("BucketRegion of region-eu = %q, want eu-west-1", regions["region-eu"])
	}
	if regions["demo-keep"] != "us-east-1" {
		t.Errorf("BucketRegion of demo-keep = %q, want us-east-1", regions["demo-keep"])
	}
	if out.Owner == nil || aws.ToString(out.Owner.ID) == "" {
		t.Errorf("owner = %+v, want an ID", out.Owner)
	}
}

func TestListBucketsRegionOfEU(t *testing.T) {
	c := sandboxClient(startSandbox(t), aws.RequestChecksumCalculationWhenSupported)
	if err := createBucketIn(t, c, "region-legacy-eu", types.BucketLocationConstraintEu); err != nil {
		t.Fatal(err)
	}

	out, err := c.ListBuckets(testContext(t), &s3.ListBucketsInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range out.Buckets {
		if aws.ToString(b.Name) == "region-legacy-eu" && aws.ToString(b.BucketRegion) != "eu-west-1" {
			t.Errorf("BucketRegion of region-legacy-eu = %q, want eu-west-1",
				aws.ToString(b.BucketRegion))
		}
	}
	// GetBucketLocation returns the constraint as given, as S3 does.
	if got := bucketLocation(t, c, "region-legacy-eu"); got != "EU" {
		t.Errorf("location of region-legacy-eu = %q, want EU", got)
	}
	list := &s3.ListObjectsV2Input{Bucket: aws.String("region-legacy-eu")}
	if _, err := c.ListObjectsV2(testContext(t), list, inRegion("eu-west-1")); err != nil {
		t.Errorf("listing signed for eu-west-1: %v", err)
	}
	_, err = c.ListObjectsV2(testContext(t), list)
	requireAPIError(t, err, "PermanentRedirect", 301)
	var responseErr *awshttp.ResponseError
	if errors.As(err, &responseErr) {
		if got := responseErr.Response.Header.Get("x-amz-bucket-region"); got != "eu-west-1" {
			t.Errorf("x-amz-bucket-region = %q, want eu-west-1", got)
		}
	}
}

func TestWrongRegionRedirected(t *testing.T) {
	c := sandboxClient(startSandbox(t), aws.RequestChecksumCalculationWhenSupported)
	if err := createBucketIn(t, c, "region-eu", types.BucketLocationConstraintEuWest1); err != nil {
		t.Fatal(err)
	}
	ctx := testContext(t)
	list := &s3.ListObjectsV2Input{Bucket: aws.String("region-eu")}

	_, err := c.ListObjectsV2(ctx, list)
	requireAPIError(t, err, "PermanentRedirect", 301)
	var responseErr *awshttp.ResponseError
	if errors.As(err, &responseErr) {
		if got := responseErr.Response.Header.Get("x-amz-bucket-region"); got != "eu-west-1" {
			t.Errorf("x-amz-bucket-region = %q, want eu-west-1", got)
		}
	}
	if _, err := c.ListObjectsV2(ctx, list, inRegion("eu-west-1")); err != nil {
		t.Errorf("listing in the bucket's region: %v", err)
	}
	_, err = c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("demo-keep")},
		inRegion("eu-west-1"))
	requireAPIError(t, err, "PermanentRedirect", 301)

	// GetBucketLocation works from any region, and a missing bucket is
	// missing in every region.
	if got := bucketLocation(t, c, "region-eu"); got != "eu-west-1" {
		t.Errorf("location of region-eu = %q, want eu-west-1", got)
	}
	_, err = c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("region-none")},
		inRegion("eu-west-1"))
	requireAPIError(t, err, "NoSuchBucket", 404)
}
