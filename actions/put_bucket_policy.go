package actions

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// policyWriter lists the SDK calls that read, replace and delete a bucket
// policy.
type policyWriter interface {
	policyGetter
	PutBucketPolicy(ctx context.Context, in *s3.PutBucketPolicyInput,
		optFns ...func(*s3.Options)) (*s3.PutBucketPolicyOutput, error)
	DeleteBucketPolicy(ctx context.Context, in *s3.DeleteBucketPolicyInput,
		optFns ...func(*s3.Options)) (*s3.DeleteBucketPolicyOutput, error)
}

type putBucketPolicy struct{}

func init() { Register(putBucketPolicy{}) }

// Spec describes s3.put_bucket_policy.
func (putBucketPolicy) Spec() Spec {
	return Spec{
		Name:  "s3.put_bucket_policy",
		Title: "Put Bucket Policy",
		Summary: "Set a bucket's policy after validating it; a policy equal to the current " +
			"one, compared as parsed JSON, is skipped without a put.",
		Params: []Param{
			{Name: "bucket", Type: TypeString, Required: true, Check: CheckBucketName,
				Doc: "bucket whose policy to set"},
			{Name: "policy", Type: TypeObject, Required: true, CheckObject: checkPolicy,
				Doc: "policy as a YAML map or a JSON string, with Version \"2012-10-17\" and " +
					"a non-empty Statement; each statement needs Effect (Allow or Deny), " +
					"Principal, Action and Resource, or their Not forms. Policy variables " +
					"such as ${aws:username} are sent as written"},
			{Name: "remove_public_statements", Type: TypeBool, Default: false,
				Doc: "first remove every Allow statement whose Principal is \"*\" or names " +
					"\"*\" (such as {\"AWS\": \"*\"}), and every Allow with NotPrincipal; " +
					"conditions are not evaluated. When no statement is left, the bucket " +
					"policy is deleted"},
		},
		IAM:     []string{"s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy"},
		Mutates: true,
	}
}

// Run validates the policy, reads the current one and puts the new one
// unless the two are equal as parsed JSON. The output is {"Bucket",
// "Changed", "Before", "After", "PolicyDeleted", "RemovedStatements"}, where
// Before and After are parsed policies, or null for no policy. An unchanged
// policy gives the status Skipped with Changed false. A failed read fails
// the step before any change, because the comparison needs it.
func (a putBucketPolicy) Run(ctx context.Context, call *Call) (*Result, error) {
	title := a.Spec().Title
	bucket := call.Params.String("bucket")
	desired, removed, err := desiredPolicy(call.Params)
	if err != nil {
		return nil, ValidationFailure(title, bucket, err)
	}
	client, err := call.Conn.S3(ctx, call.Settings)
	if err != nil {
		return nil, NewFailure(title, bucket, err)
	}
	return applyPolicy(ctx, client, title, bucket, desired, removed)
}

// desiredPolicy validates the policy parameter and, when asked, removes its
// public statements. A nil policy means that no statement is left.
func desiredPolicy(p Params) (map[string]any, []any, error) {
	desired, err := parsePolicy(p["policy"])
	if err != nil {
		return nil, nil, err
	}
	removed := []any{}
	if p.Bool("remove_public_statements") {
		desired, removed = withoutPublicStatements(desired)
	}
	return desired, removed, nil
}

// applyPolicy makes desired the bucket's policy, or deletes the policy when
// desired is nil.
func applyPolicy(ctx context.Context, api policyWriter, title, bucket string,
	desired map[string]any, removed []any) (*Result, error) {
	cmp, err := comparePolicy(ctx, api, bucket, desired, removed)
	if err != nil {
		return nil, failureFor(title, bucket, err)
	}
	if cmp.unchanged() {
		return cmp.skipped(), nil
	}
	if desired == nil {
		_, err = api.DeleteBucketPolicy(ctx, &s3.DeleteBucketPolicyInput{Bucket: &bucket})
		cmp.out["PolicyDeleted"] = err == nil
	} else {
		err = putPolicy(ctx, api, bucket, desired)
	}
	if err != nil {
		return nil, NewFailure(title, bucket, err)
	}
	cmp.out["Changed"] = true
	return &Result{Output: cmp.out}, nil
}

// policyComparison is a bucket's current policy next to the desired one,
// with the output both Run and Plan return.
type policyComparison struct {
	bucket           string
	current, desired map[string]any // nil for no policy
	out              map[string]any
}

// comparePolicy reads the bucket's policy. A failed read is returned, so
// that nothing changes when the comparison cannot be made.
func comparePolicy(ctx context.Context, api policyGetter, bucket string,
	desired map[string]any, removed []any) (*policyComparison, error) {
	current, err := readBucketPolicy(ctx, api, bucket)
	if err != nil {
		return nil, err
	}
	return &policyComparison{bucket: bucket, current: current.doc, desired: desired,
		out: map[string]any{
			"Bucket":            bucket,
			"Changed":           false,
			"Before":            policyValue(current.doc),
			"After":             policyValue(desired),
			"PolicyDeleted":     false,
			"RemovedStatements": removed,
		}}, nil
}

func (c *policyComparison) unchanged() bool {
	return samePolicy(c.current, c.desired)
}

// skipped is the result for a policy that would not change: Skipped, with
// the reason, and no request sent.
func (c *policyComparison) skipped() *Result {
	return &Result{Output: c.out, Status: Skipped,
		Reason: unchangedPolicyReason(c.bucket, c.desired)}
}

func putPolicy(ctx context.Context, api policyWriter, bucket string, doc map[string]any) error {
	text, err := marshalPolicy(doc)
	if err != nil {
		return err
	}
	_, err = api.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: &bucket, Policy: &text})
	return err
}

// policyValue returns doc as an output value: a nil map becomes a plain
// nil, so `== nil` in conditions and null in JSON agree.
func policyValue(doc map[string]any) any {
	if doc == nil {
		return nil
	}
	return doc
}

func unchangedPolicyReason(bucket string, desired map[string]any) string {
	if desired == nil {
		return "nothing to change: no statement is left and bucket " + bucket + " has no policy"
	}
	return "nothing to change: bucket " + bucket + " already has this policy"
}
