package actions

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// keyPlan is the predicted delete of one named key.
type keyPlan struct {
	counts  ObjectCounts
	deleted []any // shaped like the Deleted entries of a DeleteObjects reply
	failure *Failure
}

// planDeleteKeys predicts deleting named keys, with one item per key as
// Run returns them. With all_versions it lists each key's versions and
// delete markers. Without all_versions it looks up each key's current
// object. A key
// with nothing to delete succeeds without a change, as S3 reports it.
func planDeleteKeys(ctx context.Context, api purgeAPI, call *Call, title, bucket string,
	keys []string) (*Result, error) {
	allVersions := call.Params.Bool("all_versions")
	unique := distinct(keys)
	plans := make([]keyPlan, len(unique))
	done := eachIndex(ctx, len(unique), deleteWorkers, func(ctx context.Context, i int) Item {
		plans[i] = planKey(ctx, api, call.Plan, title, bucket, unique[i], allVersions)
		return Item{Status: Succeeded}
	})
	for i, it := range done {
		if it.Status == Failed && plans[i].failure == nil {
			plans[i].failure = it.Error // planKey panicked
		}
	}

	byKey := make(map[string]keyPlan, len(unique))
	var total ObjectCounts
	deleted := []any{}
	var changes []Change
	var emptiedKeys []string
	for i, key := range unique {
		p := plans[i]
		byKey[key] = p
		if p.failure != nil {
			continue
		}
		total = total.Add(p.counts)
		deleted = append(deleted, p.deleted...)
		emptiedKeys = append(emptiedKeys, key)
		if p.counts.Entries() > 0 {
			counts := p.counts
			changes = append(changes, Change{Kind: ChangeDeleteObject, Bucket: bucket, Key: key,
				Counts: &counts})
		}
	}
	if allVersions {
		call.Plan.NoteKeysDeleted(bucket, emptiedKeys)
	} else if len(changes) > 0 {
		noteCurrentDeletes(ctx, api, call, bucket, changes)
	}
	return &Result{Output: predictedDeleteOutput(bucket, total, deleted),
		Items: keyPlanItems(keys, byKey), Changes: changes}, nil
}

func planKey(ctx context.Context, api purgeAPI, state *PlanState, title, bucket, key string,
	allVersions bool) keyPlan {
	if allVersions {
		t := newTally().withPlan(state, bucket)
		counts, deleted, err := keyVersionsTally(ctx, api, t, bucket, key)
		if err != nil {
			return keyPlan{failure: NewFailure(title, key, err)}
		}
		return keyPlan{counts: counts, deleted: deleted}
	}
	size, found, err := plannedCurrentObject(ctx, api, state, bucket, key)
	if err != nil {
		return keyPlan{failure: NewFailure(title, key, err)}
	}
	p := keyPlan{deleted: []any{map[string]any{"Key": key}}}
	if found {
		p.counts = ObjectCounts{Objects: 1, Bytes: size}
	}
	return p
}

// noteCurrentDeletes records the deletes of current objects for later
// steps of the plan. In a bucket that keeps versions each delete adds a
// delete marker and the versions stay, as the changes' note explains.
// Otherwise the object is gone.
func noteCurrentDeletes(ctx context.Context, api purgeAPI, call *Call, bucket string,
	changes []Change) {
	versioned := keepsVersions(ctx, api, bucket)
	note := fmt.Sprintf("bucket %s keeps versions: each delete adds a delete marker and "+
		"the earlier versions stay. Set all_versions: true to delete them", bucket)
	for i := range changes {
		if versioned {
			changes[i].Note = note
			call.Plan.NoteObjectHidden(bucket, changes[i].Key)
		} else {
			call.Plan.NoteObjectMovedAway(bucket, changes[i].Key, nil)
		}
	}
}

// keepsVersions reports whether a delete without a version id would keep
// the object's versions: versioning is enabled or suspended on the bucket.
// It reports false when GetBucketVersioning fails or the client cannot send
// it. s3:GetBucketVersioning is left out of the printed IAM policy because
// the plan works without it, only without this note.
func keepsVersions(ctx context.Context, api any, bucket string) bool {
	getter, ok := api.(versioningGetter)
	if !ok {
		return false
	}
	out, err := getter.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: &bucket})
	return err == nil && out.Status != ""
}

// plannedCurrentObject returns the current object at the key as earlier
// planned steps would leave it: one they write, none when they move it
// away, and otherwise the live one.
func plannedCurrentObject(ctx context.Context, api objectsLister, state *PlanState, bucket,
	key string) (int64, bool, error) {
	size, written, movedAway := state.PlannedObject(bucket, key)
	switch {
	case written:
		return size, true, nil
	case movedAway:
		return 0, false, nil
	}
	return currentObject(ctx, api, bucket, key)
}

// currentObject looks a key up with ListObjectsV2, which needs only the
// s3:ListBucket permission a delete already needs. With the key as prefix,
// the key itself sorts first when it exists.
func currentObject(ctx context.Context, api objectsLister, bucket, key string) (int64, bool, error) {
	out, err := api.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(bucket),
		Prefix: aws.String(key), MaxKeys: aws.Int32(1)})
	if err != nil {
		return 0, false, err
	}
	if len(out.Contents) == 0 || aws.ToString(out.Contents[0].Key) != key {
		return 0, false, nil
	}
	return aws.ToInt64(out.Contents[0].Size), true, nil
}

// keyPlanItems returns one item per key as given, like deleteReport.items.
func keyPlanItems(keys []string, byKey map[string]keyPlan) []Item {
	items := make([]Item, len(keys))
	for i, key := range keys {
		p := byKey[key]
		if p.failure != nil {
			items[i] = Item{Item: key, Status: Failed, Error: p.failure}
			continue
		}
		items[i] = Item{Item: key, Status: Succeeded,
			Output: map[string]any{"Key": key, "Deleted": p.deleted}}
	}
	return items
}
