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
	client, err := call.Conn.S3(ctx, call.Settings)
	if err != nil {
		return nil, NewFailure(title, bucket, err)
	}
	return applyPublicAccessBlock(ctx, client, title, bucket, desiredPublicAccess(call.Params))
}

func desiredPublicAccess(p Params) publicAccessBlock {
	return publicAccessBlock{
		BlockPublicAcls:       p.Bool("block_public_acls"),
		IgnorePublicAcls:      p.Bool("ignore_public_acls"),
		BlockPublicPolicy:     p.Bool("block_public_policy"),
		RestrictPublicBuckets: p.Bool("restrict_public_buckets"),
	}
}

func applyPublicAccessBlock(ctx context.Context, api publicAccessWriter, title, bucket string,
	desired publicAccessBlock) (*Result, error) {
	cmp, err := comparePublicAccess(ctx, api, bucket, desired)
	if err != nil {
		return nil, publicAccessFailure(title, bucket, err)
	}
	if cmp.unchanged() {
		return cmp.skipped(), nil
	}
	_, err = api.PutPublicAccessBlock(ctx, &s3.PutPublicAccessBlockInput{
		Bucket: &bucket, PublicAccessBlockConfiguration: desired.sdk()})
	if err != nil {
		return nil, publicAccessFailure(title, bucket, err)
	}
	cmp.out["Changed"] = true
	return &Result{Output: cmp.out}, nil
}

// publicAccessComparison is a bucket's current configuration next to the
// desired one, with the output both Run and Plan return.
type publicAccessComparison struct {
	bucket           string
	current, desired publicAccessBlock
	configured       bool
	out              map[string]any
}

// comparePublicAccess reads the bucket's configuration. A failed read is
// returned, so that nothing changes when the comparison cannot be made.
func comparePublicAccess(ctx context.Context, api publicAccessGetter, bucket string,
	desired publicAccessBlock) (*publicAccessComparison, error) {
	current, configured, err := readPublicAccessBlock(ctx, api, bucket)
	if err != nil {
		return nil, err
	}
	out := map[string]any{"Bucket": bucket, "Changed": false, "Before": nil,
		"After": desired.plain()}
	if configured {
		out["Before"] = current.plain()
	}
	return &publicAccessComparison{bucket: bucket, current: current, desired: desired,
		configured: configured, out: out}, nil
}

func (c *publicAccessComparison) unchanged() bool {
	return c.configured && c.current == c.desired
}

func (c *publicAccessComparison) skipped() *Result {
	return &Result{Output: c.out, Status: Skipped,
		Reason: "nothing to change: bucket " + c.bucket + " already has these settings"}
}
