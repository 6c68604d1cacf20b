package actions

import (
	"context"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// emptinessAPI is the set of SDK calls that tell whether a bucket is empty.
type emptinessAPI interface {
	versionsLister
	uploadsLister
}

// Plan predicts which buckets Run would delete and which would fail. A
// bucket that an earlier step of the plan would empty counts as empty.
// Every other bucket is listed: it would be deleted only when it lists no
// version, delete marker or incomplete upload, leaving out the keys an
// earlier planned step deletes with all their versions.
func (a deleteBuckets) Plan(ctx context.Context, call *Call) (*Result, error) {
	title := a.Spec().Title
	client, err := call.Conn.S3(ctx, call.Settings)
	if err != nil {
		return nil, NewFailure(title, "", err)
	}
	names := call.Params.Strings("bucket_names")
	items := eachItem(ctx, names, func(ctx context.Context, name string) Item {
		return planBucketDelete(ctx, client, call.Plan, title, name)
	})
	var changes []Change
	for _, it := range items {
		if it.Status == Succeeded {
			changes = append(changes, Change{Kind: ChangeDeleteBucket, Bucket: it.Item.(string)})
		}
	}
	return &Result{Output: map[string]any{"Deleted": succeededOutputs(items)}, Items: items,
		Changes: changes}, nil
}

func planBucketDelete(ctx context.Context, api emptinessAPI, state *PlanState, title,
	name string) Item {
	fate, planned := state.bucketFate(name)
	switch {
	case planned && (fate.emptied || fate.created):
		return Item{Item: name, Status: Succeeded, Output: map[string]any{"Name": name}}
	case planned && fate.leftBehind != "":
		return Item{Item: name, Status: Failed, Error: notEmptyFailure(title, name, fate.leftBehind)}
	}
	writes := state.bucketWrites(name)
	movedAway, written := writes.movedAway, writes.written
	if key := firstKey(written); key != "" {
		return Item{Item: name, Status: Failed, Error: notEmptyFailure(title, name,
			"an earlier step of the plan writes key "+key+" into it")}
	}
	left, err := firstEntryLeft(ctx, api, name, fate.deletedKeys, movedAway)
	switch {
	case err != nil:
		f := NewFailure(title, name, err)
		f.Hint = "the plan lists the bucket to predict whether it is empty, which needs " +
			"s3:ListBucketVersions and s3:ListBucketMultipartUploads"
		return Item{Item: name, Status: Failed, Error: f}
	case left != "":
		return Item{Item: name, Status: Failed, Error: notEmptyFailure(title, name, left)}
	}
	return Item{Item: name, Status: Succeeded, Output: map[string]any{"Name": name}}
}

// firstKey returns the first key of written in sort order, or "".
func firstKey(written map[string]int64) string {
	keys := make([]string, 0, len(written))
	for key := range written {
		keys = append(keys, key)
	}
	slices.Sort(keys)
	if len(keys) == 0 {
		return ""
	}
	return keys[0]
}

// firstEntryLeft returns a description of the first entry that would keep
// the bucket from being empty, or "" when there is none. Entries of keys in
// deletedKeys do not count, nor the current version of a key that an
// earlier planned move takes away (movedAway).
func firstEntryLeft(ctx context.Context, api emptinessAPI, bucket string,
	deletedKeys, movedAway map[string]bool) (string, error) {
	uploads, err := api.ListMultipartUploads(ctx, &s3.ListMultipartUploadsInput{
		Bucket: aws.String(bucket), MaxUploads: aws.Int32(1)})
	if err != nil {
		return "", err
	}
	if len(uploads.Uploads) > 0 {
		return fmt.Sprintf("it has an incomplete multipart upload of key %s",
			aws.ToString(uploads.Uploads[0].Key)), nil
	}
	left := ""
	window := newPageWindow()
	in := s3.ListObjectVersionsInput{Bucket: aws.String(bucket)}
	err = walkVersions(ctx, api, in, func(out *s3.ListObjectVersionsOutput) bool {
		window.turn()
		eachNewVersion(window, out, func(v listedVersion) {
			moved := v.latest && !v.marker && movedAway[v.key]
			if left == "" && !deletedKeys[v.key] && !moved {
				left = "it still lists key " + v.key
			}
		})
		return left == ""
	})
	return left, err
}

// notEmptyFailure is the BucketNotEmpty error that Run would get.
func notEmptyFailure(title, bucket, reason string) *Failure {
	return &Failure{
		Indicator:  Indicator(title, bucket),
		StatusCode: "409",
		Code:       "BucketNotEmpty",
		Message: fmt.Sprintf("predicted BucketNotEmpty: bucket %s would not be empty when "+
			"this step runs, because %s", bucket, reason),
		Hint: "empty it in an earlier step with s3.delete_bucket_objects, keys: [\"*\"] and " +
			"all_versions: true",
	}
}
