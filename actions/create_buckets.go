package actions

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// bucketCreator is the SDK call that creates a bucket.
type bucketCreator interface {
	CreateBucket(ctx context.Context, in *s3.CreateBucketInput,
		optFns ...func(*s3.Options)) (*s3.CreateBucketOutput, error)
}

type createBuckets struct{}

func init() { Register(createBuckets{}) }

// Spec describes s3.create_buckets.
func (createBuckets) Spec() Spec {
	return Spec{
		Name:    "s3.create_buckets",
		Title:   "Create Buckets",
		Summary: "Create buckets in the connection's region.",
		Params: []Param{
			{Name: "bucket_names", Type: TypeStringList, Required: true, Check: CheckBucketName,
				Doc: "names of the buckets to create"},
		},
		IAM:        []string{"s3:CreateBucket"},
		PlanIAM:    []string{"s3:ListBucket"},
		Mutates:    true,
		ItemsParam: "bucket_names",
	}
}

// Run creates each bucket, with one item per name. The output lists the
// buckets that exist afterwards: {"Buckets": [{"Name", "Location",
// "AlreadyOwnedByYou"}]}.
func (a createBuckets) Run(ctx context.Context, call *Call) (*Result, error) {
	title := a.Spec().Title
	client, err := call.Conn.S3(ctx, call.Settings)
	if err != nil {
		return nil, NewFailure(title, "", err)
	}
	// The client's region is the one requests are signed for, which may
	// come from the AWS config rather than the settings.
	return createEach(ctx, client, title, client.Options().Region,
		call.Params.Strings("bucket_names")), nil
}

func createEach(ctx context.Context, api bucketCreator, title, region string,
	names []string) *Result {
	items := eachItem(ctx, names, func(ctx context.Context, name string) Item {
		return createBucket(ctx, api, title, region, name)
	})
	return &Result{Output: map[string]any{"Buckets": succeededOutputs(items)}, Items: items}
}

// createBucket sends a location constraint only outside us-east-1, which
// rejects one. A bucket the caller already owns counts as created: the
// desired state holds.
func createBucket(ctx context.Context, api bucketCreator, title, region, name string) Item {
	in := &s3.CreateBucketInput{Bucket: &name}
	if region != DefaultRegion {
		in.CreateBucketConfiguration = &types.CreateBucketConfiguration{
			LocationConstraint: types.BucketLocationConstraint(region),
		}
	}
	out, err := api.CreateBucket(ctx, in)
	var owned *types.BucketAlreadyOwnedByYou
	switch {
	case err == nil:
		output := map[string]any{"Name": name, "AlreadyOwnedByYou": false}
		if out.Location != nil {
			output["Location"] = *out.Location
		}
		return Item{Item: name, Status: Succeeded, Output: output}
	case errors.As(err, &owned):
		return Item{Item: name, Status: Succeeded,
			Output: map[string]any{"Name": name, "AlreadyOwnedByYou": true}}
	}
	return Item{Item: name, Status: Failed, Error: NewFailure(title, name, err)}
}
