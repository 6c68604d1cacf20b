package actions

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// publicAccessWriter lists the SDK calls that read and replace a bucket's
// public access block configuration.
type publicAccessWriter interface {
	publicAccessGetter
	PutPublicAccessBlock(ctx context.Context, in *s3.PutPublicAccessBlockInput,
		optFns ...func(*s3.Options)) (*s3.PutPublicAccessBlockOutput, error)
}

type putBucketPublicAccessBlock struct{}

func init() { Register(putBucketPublicAccessBlock{}) }

// Spec describes s3.put_bucket_public_access_block.
func (putBucketPublicAccessBlock) Spec() Spec {
	return Spec{
		Name:  "s3.put_bucket_public_access_block",
		Title: "Put Bucket Public Access Block",
		Summary: "Set a bucket's four public access block settings; settings equal to the " +
			"current ones are skipped without a put.",
		Params: []Param{
			{Name: "bucket", Type: TypeString, Required: true, Check: CheckBucketName,
				Doc: "bucket whose public access block configuration to set"},
			{Name: "block_public_acls", Type: TypeBool, Required: true,
				Doc: "reject requests that add a public ACL to the bucket or its objects"},
			{Name: "ignore_public_acls", Type: TypeBool, Required: true,
				Doc: "ignore public ACLs on the bucket and its objects"},
			{Name: "block_public_policy", Type: TypeBool, Required: true,
				Doc: "reject bucket policies that grant public access"},
			{Name: "restrict_public_buckets", Type: TypeBool, Required: true,
				Doc: "limit access to a bucket with a public policy to AWS services and " +
					"principals of the bucket owner's account"},
		},
		IAM:     []string{"s3:GetBucketPublicAccessBlock", "s3:PutBucketPublicAccessBlock"},
		Mutates: true,
	}
}

// Run reads the current configuration and puts the new one unless the
// bucket already has exactly these settings. The output is {"Bucket",
// "Changed", "Before", "After"}, where Before is the previous
// PublicAccessBlockConfiguration or null when there was none. A bucket
// without a configuration always gets one, even with four false settings,
// because S3 then stores a configuration where there was none. A failed
// read, AccessDenied included, fails the step before any change.
func (a putBucketPublicAccessBlock) Run(ctx context.Context, call *Call) (*Result, error) {
	title := a.Spec().Title
	bucket := call.Params.String("bucket")
	desired := publicAccessBlock{
		BlockPublicAcls:       call.Params.Bool("block_public_acls"),
		IgnorePublicAcls:      call.Params.Bool("ignore_public_acls"),
		BlockPublicPolicy:     call.Params.Bool("block_public_policy"),
		RestrictPublicBuckets: call.Params.Bool("restrict_public_buckets"),
	}
	client, err := call.Conn.S3(ctx, call.Settings)
	if err != nil {
		return nil, NewFailure(title, bucket, err)
	}
	return applyPublicAccessBlock(ctx, client, title, bucket, desired)
}

func applyPublicAccessBlock(ctx context.Context, api publicAccessWriter, title, bucket string,
	desired publicAccessBlock) (*Result, error) {
	current, configured, err := readPublicAccessBlock(ctx, api, bucket)
	if err != nil {
		return nil, publicAccessFailure(title, bucket, err)
	}
	out := map[string]any{"Bucket": bucket, "Changed": false, "Before": nil,
		"After": desired.plain()}
	if configured {
		out["Before"] = current.plain()
	}
	if configured && current == desired {
		return &Result{Output: out, Status: Skipped,
			Reason: "nothing to change: bucket " + bucket + " already has these settings"}, nil
	}
	_, err = api.PutPublicAccessBlock(ctx, &s3.PutPublicAccessBlockInput{
		Bucket: &bucket, PublicAccessBlockConfiguration: desired.sdk()})
	if err != nil {
		return nil, publicAccessFailure(title, bucket, err)
	}
	out["Changed"] = true
	return &Result{Output: out}, nil
}
