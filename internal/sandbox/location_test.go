package sandbox

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

func createBucketIn(t *testing.T, c *s3.Client, bucket string, region types.BucketLocationConstraint) error {
	t.Helper()
	in := &s3.CreateBucketInput{Bucket: aws.String(bucket)}
	if region != "" {
		in.CreateBucketConfiguration = &types.CreateBucketConfiguration{LocationConstraint: region}
	}
	_, err := c.CreateBucket(testContext(t), in)
	return err
}

func bucketLocation(t *testing.T, c *s3.Client, bucket string) string {
	t.Helper()
	out, err := c.GetBucketLocation(testContext(t), &s3.GetBucketLocationInput{Bucket: aws.String(bucket)})
	if err != nil {
		t.Fatalf("GetBucketLocation %s: %v", bucket, err)
	}
	return string(out.LocationConstraint)
}

func TestBucketLocationFromCreate(t *testing.T) {
	c := sandboxClient(startSandbox(t), aws.RequestChecksumCalculationWhenSupported)
	if err := createBucketIn(t, c, "loc-eu", types.BucketLocationConstraintEuWest1); err != nil {
		t.Fatal(err)
	}
	if err := createBucketIn(t, c, "loc-default", ""); err != nil {
		t.Fatal(err)
	}

	if got := bucketLocation(t, c, "loc-eu"); got != "eu-west-1" {
		t.Errorf("location of loc-eu = %q, want eu-west-1", got)
	}
	// S3 reports a us-east-1 bucket with an empty location.
	if got := bucketLocation(t, c, "loc-default"); got != "" {
		t.Errorf("location of loc-default = %q, want empty", got)
	}
	if got := bucketLocation(t, c, "demo-keep"); got != "" {
		t.Errorf("location of demo-keep = %q, want empty", got)
	}
}

func TestBucketLocationForgottenOnDelete(t *testing.T) {
	c := sandboxClient(startSandbox(t), aws.RequestChecksumCalculationWhenSupported)
	if err := createBucketIn(t, c, "loc-again", types.BucketLocationConstraintEuWest1); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteBucket(testContext(t), &s3.DeleteBucketInput{Bucket: aws.String("loc-again")},
		inRegion("eu-west-1")); err != nil {
		t.Fatal(err)
	}
	if err := createBucketIn(t, c, "loc-again", ""); err != nil {
		t.Fatal(err)
	}
	if got := bucketLocation(t, c, "loc-again"); got != "" {
		t.Errorf("location of the new loc-again = %q, want empty", got)
	}
}

func TestBucketLocationExistingBucketKept(t *testing.T) {
	c := sandboxClient(startSandbox(t), aws.RequestChecksumCalculationWhenSupported)
	if err := createBucketIn(t, c, "demo-keep", types.BucketLocationConstraintEuWest1); err == nil {
		t.Fatal("creating the existing bucket demo-keep succeeded")
	}
	if got := bucketLocation(t, c, "demo-keep"); got != "" {
		t.Errorf("location of demo-keep = %q after a failed create, want empty", got)
	}
}

func TestBucketLocationErrors(t *testing.T) {
	c := sandboxClient(startSandbox(t), aws.RequestChecksumCalculationWhenSupported)
	err := createBucketIn(t, c, "loc-us", "us-east-1")
	requireAPIError(t, err, "InvalidLocationConstraint", 400)

	_, err = c.GetBucketLocation(testContext(t), &s3.GetBucketLocationInput{Bucket: aws.String("loc-none")})
	requireAPIError(t, err, "NoSuchBucket", 404)
}
