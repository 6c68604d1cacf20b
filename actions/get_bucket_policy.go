package actions

import (
	"context"
	"encoding/json"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// policyGetter is the SDK call that reads a bucket policy.
type policyGetter interface {
	GetBucketPolicy(ctx context.Context, in *s3.GetBucketPolicyInput,
		optFns ...func(*s3.Options)) (*s3.GetBucketPolicyOutput, error)
}

type getBucketPolicy struct{}

func init() { Register(getBucketPolicy{}) }

// Spec describes s3.get_bucket_policy.
func (getBucketPolicy) Spec() Spec {
	return Spec{
		Name:  "s3.get_bucket_policy",
		Title: "Get Bucket Policy",
		Summary: "Read a bucket's policy as parsed JSON; a bucket without a policy gives " +
			"HasPolicy false, not an error.",
		Params: []Param{
			{Name: "bucket", Type: TypeString, Required: true, Check: CheckBucketName,
				Doc: "bucket whose policy to read"},
		},
		IAM: []string{"s3:GetBucketPolicy"},
	}
}

// Run reads the policy. The output is {"Bucket", "HasPolicy": true,
// "Policy": <parsed JSON object>, "PolicyText": <text as S3 returned it>}.
// A bucket without a policy (NoSuchBucketPolicy) succeeds with
// {"Bucket", "HasPolicy": false, "Policy": null, "PolicyText": null}.
// Every other error, such as NoSuchBucket or AccessDenied, fails the step.
func (a getBucketPolicy) Run(ctx context.Context, call *Call) (*Result, error) {
	title := a.Spec().Title
	bucket := call.Params.String("bucket")
	client, err := call.Conn.S3(ctx, call.Settings)
	if err != nil {
		return nil, NewFailure(title, bucket, err)
	}
	stored, err := readBucketPolicy(ctx, client, bucket)
	if err != nil {
		return nil, failureFor(title, bucket, err)
	}
	return &Result{Output: stored.output(bucket)}, nil
}

// storedPolicy is a bucket's policy as S3 returned it.
type storedPolicy struct {
	text string
	doc  map[string]any // nil when the bucket has no policy
}

// readBucketPolicy returns the bucket's policy, or a zero storedPolicy when
// the bucket has none.
func readBucketPolicy(ctx context.Context, api policyGetter, bucket string) (storedPolicy, error) {
	out, err := api.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: &bucket})
	if hasErrorCode(err, "NoSuchBucketPolicy") {
		return storedPolicy{}, nil
	}
	if err != nil {
		return storedPolicy{}, err
	}
	text := aws.ToString(out.Policy)
	var doc map[string]any
	if err := json.Unmarshal([]byte(text), &doc); err != nil || doc == nil {
		return storedPolicy{}, &replyError{operation: "GetBucketPolicy",
			problem: "the policy of bucket " + bucket + " is not a JSON object: " + describe(text)}
	}
	return storedPolicy{text: text, doc: doc}, nil
}

func (p storedPolicy) output(bucket string) map[string]any {
	if p.doc == nil {
		return map[string]any{"Bucket": bucket, "HasPolicy": false, "Policy": nil,
			"PolicyText": nil}
	}
	return map[string]any{"Bucket": bucket, "HasPolicy": true, "Policy": p.doc,
		"PolicyText": p.text}
}
