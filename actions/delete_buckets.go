package actions

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// bucketDeleter is the SDK call that deletes an empty bucket.
type bucketDeleter interface {
	DeleteBucket(ctx context.Context, in *s3.DeleteBucketInput,
		optFns ...func(*s3.Options)) (*s3.DeleteBucketOutput, error)
}

type deleteBuckets struct{}

func init() { Register(deleteBuckets{}) }

// Spec describes s3.delete_buckets.
func (deleteBuckets) Spec() Spec {
	return Spec{
		Name:  "s3.delete_buckets",
		Title: "Delete Buckets",
		Summary: "Delete empty buckets; a bucket that still holds objects, versions or " +
			"uploads fails with BucketNotEmpty.",
		Params: []Param{
			{Name: "bucket_names", Type: TypeStringList, Required: true, Check: CheckBucketName,
				Doc: "names of the buckets to delete; empty them first with " +
					"s3.delete_bucket_objects"},
		},
		IAM:        []string{"s3:DeleteBucket"},
		PlanIAM:    []string{"s3:ListBucketVersions", "s3:ListBucketMultipartUploads"},
		Mutates:    true,
		ItemsParam: "bucket_names",
	}
}

// Run deletes each bucket, with one item per name. The output lists the
// deleted buckets: {"Deleted": [{"Name"}]}.
func (a deleteBuckets) Run(ctx context.Context, call *Call) (*Result, error) {
	title := a.Spec().Title
	client, err := call.Conn.S3(ctx, call.Settings)
	if err != nil {
		return nil, NewFailure(title, "", err)
	}
	return deleteEach(ctx, client, title, call.Params.Strings("bucket_names")), nil
}

func deleteEach(ctx context.Context, api bucketDeleter, title string, names []string) *Result {
	items := eachItem(ctx, names, func(ctx context.Context, name string) Item {
		_, err := api.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: &name})
		if err != nil {
			return Item{Item: name, Status: Failed, Error: NewFailure(title, name, err)}
		}
		return Item{Item: name, Status: Succeeded, Output: map[string]any{"Name": name}}
	})
	return &Result{Output: map[string]any{"Deleted": succeededOutputs(items)}, Items: items}
}
