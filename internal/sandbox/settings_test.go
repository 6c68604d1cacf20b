package sandbox

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

const testPolicy = `{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::000000000000:root"},
    "Action": "s3:GetObject",
    "Resource": "arn:aws:s3:::demo-keep/home/${aws:username}/*"
  }]
}`

func TestBucketPolicy(t *testing.T) {
	forEachChecksumMode(t, func(t *testing.T, s *Sandbox, client *s3.Client) {
		ctx := testContext(t)
		bucket := aws.String("demo-keep")

		_, err := client.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: bucket})
		requireAPIError(t, err, "NoSuchBucketPolicy", 404)

		_, err = client.PutBucketPolicy(ctx,
			&s3.PutBucketPolicyInput{Bucket: bucket, Policy: aws.String(testPolicy)})
		if err != nil {
			t.Fatalf("PutBucketPolicy: %v", err)
		}
		output, err := client.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: bucket})
		if err != nil {
			t.Fatalf("GetBucketPolicy: %v", err)
		}
		if got := aws.ToString(output.Policy); got != testPolicy {
			t.Errorf("policy = %s, want the exact text put", got)
		}

		_, err = client.DeleteBucketPolicy(ctx, &s3.DeleteBucketPolicyInput{Bucket: bucket})
		if err != nil {
			t.Fatalf("DeleteBucketPolicy: %v", err)
		}
		_, err = client.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: bucket})
		requireAPIError(t, err, "NoSuchBucketPolicy", 404)
	})
}

func TestBucketPolicyRejects(t *testing.T) {
	s := startSandbox(t)
	client := sandboxClient(s, aws.RequestChecksumCalculationWhenSupported)
	ctx := testContext(t)

	for name, policy := range map[string]string{
		"not JSON":     "Statement: allow",
		"no Statement": `{"Version": "2012-10-17"}`,
		"JSON array":   `[{"Statement": []}]`,
		"over 20 KB":   `{"Statement": [], "Id": "` + strings.Repeat("x", 21*1024) + `"}`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := client.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{
				Bucket: aws.String("demo-keep"), Policy: aws.String(policy),
			})
			requireAPIError(t, err, "MalformedPolicy", 400)
		})
	}

	_, err := client.GetBucketPolicy(ctx,
		&s3.GetBucketPolicyInput{Bucket: aws.String("no-such-bucket")})
	requireAPIError(t, err, "NoSuchBucket", 404)
}

func TestPublicAccessBlock(t *testing.T) {
	forEachChecksumMode(t, func(t *testing.T, s *Sandbox, client *s3.Client) {
		ctx := testContext(t)
		bucket := aws.String("demo-tmp-2")

		_, err := client.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: bucket})
		requireAPIError(t, err, "NoSuchPublicAccessBlockConfiguration", 404)

		want := types.PublicAccessBlockConfiguration{
			BlockPublicAcls:       aws.Bool(true),
			IgnorePublicAcls:      aws.Bool(false),
			BlockPublicPolicy:     aws.Bool(true),
			RestrictPublicBuckets: aws.Bool(true),
		}
		_, err = client.PutPublicAccessBlock(ctx, &s3.PutPublicAccessBlockInput{
			Bucket: bucket, PublicAccessBlockConfiguration: &want,
		})
		if err != nil {
			t.Fatalf("PutPublicAccessBlock: %v", err)
		}

		output, err := client.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: bucket})
		if err != nil {
			t.Fatalf("GetPublicAccessBlock: %v", err)
		}
		got := output.PublicAccessBlockConfiguration
		if got == nil {
			t.Fatal("GetPublicAccessBlock returned no configuration")
		}
		checks := []struct {
			name      string
			got, want *bool
		}{
			{"BlockPublicAcls", got.BlockPublicAcls, want.BlockPublicAcls},
			{"IgnorePublicAcls", got.IgnorePublicAcls, want.IgnorePublicAcls},
			{"BlockPublicPolicy", got.BlockPublicPolicy, want.BlockPublicPolicy},
			{"RestrictPublicBuckets", got.RestrictPublicBuckets, want.RestrictPublicBuckets},
		}
		for _, check := range checks {
			if aws.ToBool(check.got) != aws.ToBool(check.want) || check.got == nil {
				t.Errorf("%s = %v, want %v", check.name, check.got, aws.ToBool(check.want))
			}
		}

		_, err = client.DeletePublicAccessBlock(ctx, &s3.DeletePublicAccessBlockInput{Bucket: bucket})
		if err != nil {
			t.Fatalf("DeletePublicAccessBlock: %v", err)
		}
		_, err = client.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: bucket})
		requireAPIError(t, err, "NoSuchPublicAccessBlockConfiguration", 404)
	})
}

func TestPublicAccessBlockUnknownBucket(t *testing.T) {
	s := startSandbox(t)
	client := sandboxClient(s, aws.RequestChecksumCalculationWhenRequired)
	_, err := client.PutPublicAccessBlock(testContext(t), &s3.PutPublicAccessBlockInput{
		Bucket: aws.String("no-such-bucket"),
		PublicAccessBlockConfiguration: &types.PublicAccessBlockConfiguration{
			BlockPublicAcls: aws.Bool(true),
		},
	})
	requireAPIError(t, err, "NoSuchBucket", 404)
}

func TestDeletedBucketLosesSettings(t *testing.T) {
	s := startSandbox(t)
	client := sandboxClient(s, aws.RequestChecksumCalculationWhenSupported)
	ctx := testContext(t)
	bucket := aws.String("short-lived")

	if _, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: bucket}); err != nil {
		t.Fatalf("CreateBucket: %v", err)
	}
	_, err := client.PutBucketPolicy(ctx,
		&s3.PutBucketPolicyInput{Bucket: bucket, Policy: aws.String(testPolicy)})
	if err != nil {
		t.Fatalf("PutBucketPolicy: %v", err)
	}
	_, err = client.PutPublicAccessBlock(ctx, &s3.PutPublicAccessBlockInput{
		Bucket: bucket,
		PublicAccessBlockConfiguration: &types.PublicAccessBlockConfiguration{
			BlockPublicAcls: aws.Bool(true),
		},
	})
	if err != nil {
		t.Fatalf("PutPublicAccessBlock: %v", err)
	}

	if _, err := client.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: bucket}); err != nil {
		t.Fatalf("DeleteBucket: %v", err)
	}
	if _, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: bucket}); err != nil {
		t.Fatalf("CreateBucket again: %v", err)
	}
	_, err = client.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: bucket})
	requireAPIError(t, err, "NoSuchBucketPolicy", 404)
	_, err = client.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: bucket})
	requireAPIError(t, err, "NoSuchPublicAccessBlockConfiguration", 404)
}

const publicPolicy = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
  "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::demo-keep/*"}]}`

func TestBlockPublicPolicyRejectsPublicPolicy(t *testing.T) {
	forEachChecksumMode(t, func(t *testing.T, s *Sandbox, client *s3.Client) {
		ctx := testContext(t)
		bucket := aws.String("demo-keep")
		_, err := client.PutPublicAccessBlock(ctx, &s3.PutPublicAccessBlockInput{Bucket: bucket,
			PublicAccessBlockConfiguration: &types.PublicAccessBlockConfiguration{
				BlockPublicPolicy: aws.Bool(true)}})
		if err != nil {
			t.Fatalf("PutPublicAccessBlock: %v", err)
		}

		_, err = client.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: bucket,
			Policy: aws.String(publicPolicy)})
		requireAPIError(t, err, "AccessDenied", 403)
		_, err = client.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: bucket,
			Policy: aws.String(testPolicy)})
		if err != nil {
			t.Errorf("a policy that is not public was rejected: %v", err)
		}
	})
}

func TestIsPublicPolicy(t *testing.T) {
	cases := map[string]bool{
		publicPolicy: true,
		testPolicy:   false,
		`{"Statement": {"Effect": "Allow", "Principal": {"AWS": ["arn:x", "*"]}}}`:       true,
		`{"Statement": [{"Effect": "Deny", "Principal": "*"}]}`:                          false,
		`{"Statement": [{"Effect": "Allow", "Principal": "*", "Condition": {"A": {}}}]}`: false,
	}
	for policy, want := range cases {
		if got := isPublicPolicy(policy); got != want {
			t.Errorf("isPublicPolicy(%s) = %v, want %v", policy, got, want)
		}
	}
}
