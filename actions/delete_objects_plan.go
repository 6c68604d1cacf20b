package actions

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Plan lists what Run would delete, without deleting: per bucket the
// objects (or, with all_versions, the versions and delete markers), the
// incomplete uploads when keys is ["*"], and their size. The output has
// the shape of Run's output, with the counts Run would report.
func (a deleteBucketObjects) Plan(ctx context.Context, call *Call) (*Result, error) {
	title := a.Spec().Title
	bucket, keys := call.Params.String("bucket"), call.Params.Strings("keys")
	all, err := wantsAllKeys(keys, call.keysNameObjects())
	if err != nil {
		return nil, ValidationFailure(title, bucket, err)
	}
	client, err := call.Conn.S3(ctx, call.Settings)
	if err != nil {
		return nil, NewFailure(title, bucket, err)
	}
	call.releaseDeleted(bucket, keys, all)
	if all {
		return planEmptyBucket(ctx, client, call, title, bucket)
	}
	return planDeleteKeys(ctx, client, call, title, bucket, keys)
}

// planEmptyBucket predicts emptying a whole bucket and records in the plan
// state whether the bucket would be empty afterwards.
func planEmptyBucket(ctx context.Context, api purgeAPI, call *Call, title, bucket string) (
	*Result, error) {
	allVersions := call.Params.Bool("all_versions")
	t := newTally().withPlan(call.Plan, bucket)
	var err error
	if allVersions {
		err = t.versions(ctx, api, bucket)
	} else {
		err = t.objects(ctx, api, bucket)
	}
	if err == nil {
		err = t.uploads(ctx, api, bucket)
	}
	if err != nil && !plannedBucketMissing(call, bucket, err) {
		return nil, failureFor(title, bucket, err)
	}
	t.addWritten(allVersions)

	change := Change{Kind: ChangeDeleteObjects, Bucket: bucket, Counts: &t.counts,
		SampleKeys: t.sample, Targets: t.targets.String()}
	if allVersions {
		call.Plan.NoteEmptied(bucket)
	} else if change.Note, err = predictLeftBehind(ctx, api, call, bucket); err != nil {
		return nil, failureFor(title, bucket, err)
	} else if change.Note != "" {
		// Each current object gets a delete marker and its versions stay.
		for key := range t.seen {
			call.Plan.NoteObjectHidden(bucket, key)
		}
	}
	out := predictedDeleteOutput(bucket, t.counts, nil)
	return &Result{Output: out, Changes: []Change{change}}, nil
}

// plannedBucketMissing reports whether err is NoSuchBucket for a bucket
// that an earlier planned step would create, so the bucket would be empty.
func plannedBucketMissing(call *Call, bucket string, err error) bool {
	fate, ok := call.Plan.bucketFate(bucket)
	return ok && fate.created && hasErrorCode(err, "NoSuchBucket")
}

// predictLeftBehind checks whether deleting the current objects would empty
// the bucket. On a versioned bucket it would not: older versions stay, and
// each delete adds a delete marker. The bucket counts as versioned when its
// listing shows a delete marker or a version id other than "null".
// A bucket whose entries all have the version id "null" counts as
// versioned when GetBucketVersioning reports versioning enabled or
// suspended, because each delete then adds a null delete marker.
// NOTE: without s3:GetBucketVersioning such a bucket is predicted to end up
// empty, but the real delete leaves delete markers there.
func predictLeftBehind(ctx context.Context, api versionsLister, call *Call, bucket string) (
	string, error) {
	versioned := false
	window := newPageWindow()
	in := s3.ListObjectVersionsInput{Bucket: aws.String(bucket)}
	err := walkVersions(ctx, api, in, func(out *s3.ListObjectVersionsOutput) bool {
		window.turn()
		eachNewVersion(window, out, func(v listedVersion) {
			versioned = versioned || v.marker || v.versionID != nullVersion
		})
		return !versioned
	})
	if err != nil {
		if plannedBucketMissing(call, bucket, err) {
			call.Plan.NoteEmptied(bucket)
			return "", nil
		}
		return "", err
	}
	if !versioned && !keepsVersions(ctx, api, bucket) {
		call.Plan.NoteEmptied(bucket)
		return "", nil
	}
	reason := fmt.Sprintf("bucket %s is versioned: older versions stay and each delete adds a "+
		"delete marker, so the bucket will not be empty; set all_versions: true to empty it",
		bucket)
	call.Plan.NoteLeftBehind(bucket, reason)
	return reason, nil
}

// nullVersion is the version id S3 gives objects written while versioning
// was never enabled or was suspended.
const nullVersion = "null"

// predictedDeleteOutput has the shape of deleteReport.output for a run in
// which every delete succeeds in one pass. deleted, when not nil, is the
// Deleted list of a delete by named keys.
func predictedDeleteOutput(bucket string, c ObjectCounts, deleted []any) map[string]any {
	out := map[string]any{
		"Bucket":               bucket,
		"Errors":               []any{},
		"ErrorsOmitted":        float64(0),
		"ObjectsDeleted":       float64(c.Objects),
		"VersionsDeleted":      float64(c.Versions),
		"DeleteMarkersDeleted": float64(c.DeleteMarkers),
		"UploadsAborted":       float64(c.Uploads),
		"KeysRetried":          float64(0),
		"Passes":               float64(1),
	}
	if deleted != nil {
		out["Deleted"] = deleted
	}
	return out
}
