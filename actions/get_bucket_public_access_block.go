package actions

import "context"

type getBucketPublicAccessBlock struct{}

func init() { Register(getBucketPublicAccessBlock{}) }

// Spec describes s3.get_bucket_public_access_block.
func (getBucketPublicAccessBlock) Spec() Spec {
	return Spec{
		Name:  "s3.get_bucket_public_access_block",
		Title: "Get Bucket Public Access Block",
		Summary: "Read a bucket's public access block: configured, not configured, or a " +
			"failed step when it cannot be read (403 AccessDenied).",
		Params: []Param{
			{Name: "bucket", Type: TypeString, Required: true, Check: CheckBucketName,
				Doc: "bucket whose public access block configuration to read"},
		},
		IAM: []string{"s3:GetBucketPublicAccessBlock"},
	}
}

// Run reads the bucket-level configuration; the account-level one, which
// S3 also applies, is not read. The output is {"Bucket", "Configured":
// true, "PublicAccessBlockConfiguration": {"BlockPublicAcls",
// "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"}}, or
// {"Bucket", "Configured": false, "PublicAccessBlockConfiguration": null}
// for a bucket without one (NoSuchPublicAccessBlockConfiguration).
// AccessDenied fails the step, because the state is then unknown and must
// never read as "not blocked". Any other error, such as NotImplemented from
// a server without public access blocks, fails the step too.
func (a getBucketPublicAccessBlock) Run(ctx context.Context, call *Call) (*Result, error) {
	title := a.Spec().Title
	bucket := call.Params.String("bucket")
	client, err := call.Conn.S3(ctx, call.Settings)
	if err != nil {
		return nil, NewFailure(title, bucket, err)
	}
	block, configured, err := readPublicAccessBlock(ctx, client, bucket)
	if err != nil {
		return nil, publicAccessFailure(title, bucket, err)
	}
	out := map[string]any{"Bucket": bucket, "Configured": configured,
		"PublicAccessBlockConfiguration": nil}
	if configured {
		out["PublicAccessBlockConfiguration"] = block.plain()
	}
	return &Result{Output: out}, nil
}
