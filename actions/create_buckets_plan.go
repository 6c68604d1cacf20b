package actions

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// bucketHeader is the SDK call that checks whether a bucket exists.
type bucketHeader interface {
	HeadBucket(ctx context.Context, in *s3.HeadBucketInput,
		optFns ...func(*s3.Options)) (*s3.HeadBucketOutput, error)
}

// Plan checks each bucket with HeadBucket. A bucket the caller can already
// reach counts as created, as Run reports it, and changes nothing. A
// missing bucket would be created. Any other reply, such as 403 for a name
// another account owns, is the item's predicted failure.
// NOTE: a bucket of another account that grants this caller access also
// answers HeadBucket, so the plan predicts it as already owned while the
// real CreateBucket fails with BucketAlreadyExists.
func (a createBuckets) Plan(ctx context.Context, call *Call) (*Result, error) {
	title := a.Spec().Title
	client, err := call.Conn.S3(ctx, call.Settings)
	if err != nil {
		return nil, NewFailure(title, "", err)
	}
	names := call.Params.Strings("bucket_names")
	items := eachItem(ctx, names, func(ctx context.Context, name string) Item {
		return planBucketCreate(ctx, client, title, name)
	})
	var changes []Change
	var existing []string
	for _, it := range items {
		out, _ := it.Output.(map[string]any)
		name, _ := it.Item.(string)
		switch {
		case it.Status != Succeeded:
		case out["AlreadyOwnedByYou"] == true:
			existing = append(existing, name)
		default:
			changes = append(changes, Change{Kind: ChangeCreateBucket, Bucket: name})
			call.Plan.NoteCreated(name, client.Options().Region)
		}
	}
	return &Result{Output: map[string]any{"Buckets": succeededOutputs(items)}, Items: items,
		Changes: changes, Reason: existingReason(existing)}, nil
}

// existingReason names the buckets that already exist and need nothing.
func existingReason(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return "bucket " + names[0] + " already exists"
	}
	return "buckets " + JoinAnd(names) + " already exist"
}

func planBucketCreate(ctx context.Context, api bucketHeader, title, name string) Item {
	_, err := api.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: &name})
	var missing *types.NotFound
	switch {
	case err == nil:
		return Item{Item: name, Status: Succeeded,
			Output: map[string]any{"Name": name, "AlreadyOwnedByYou": true}}
	case errors.As(err, &missing), hasErrorCode(err, "NoSuchBucket"):
		return Item{Item: name, Status: Succeeded,
			Output: map[string]any{"Name": name, "AlreadyOwnedByYou": false}}
	}
	f := NewFailure(title, name, err)
	if f.StatusCode == "403" {
		f.Hint = "HeadBucket was denied: another account may own this name, or the caller " +
			"lacks s3:ListBucket on it"
	}
	return Item{Item: name, Status: Failed, Error: f}
}
