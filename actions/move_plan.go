package actions

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// Plan runs Run's checks (same region, destination keys that would destroy
// data) and reads each source object and destination key with HeadObject,
// without copying or deleting. The predicted output has Run's shape: ETag is the source's and
// VersionId, known only after the copy, is left out.
func (a moveFiles) Plan(ctx context.Context, call *Call) (*Result, error) {
	m, keys, err := a.prepare(ctx, call)
	if err != nil {
		return nil, err
	}
	m.readVersioning(ctx)
	items := eachItemLimit(ctx, keys, moveWorkers, m.planMove)
	return &Result{Items: items, Changes: m.moveChanges(items), Output: m.output(items)}, nil
}

// planMove checks one key and reads its source object.
func (m *mover) planMove(ctx context.Context, key string) Item {
	target := m.prefix + key
	if err := m.checkTarget(key, target); err != nil {
		return Item{Item: key, Status: Failed, Error: ValidationFailure(m.title, key, err)}
	}
	head, f := m.planSource(ctx, key)
	if f != nil {
		m.call.ReleaseDestination(objectDestination(m.destination, target))
		return Item{Item: key, Status: Failed, Error: f}
	}
	size := aws.ToInt64(head.ContentLength)
	parts := 0
	if size > m.threshold {
		parts = len(partRanges(size, copyPartSize))
	}
	copied := copyResult{etag: aws.ToString(head.ETag), parts: parts}
	if _, _, movedAway := m.call.Plan.PlannedObject(m.destination, target); !movedAway {
		m.replaced.add(key, existingObject(ctx, m.api, m.destination, target))
	}
	m.call.Plan.NoteObjectWritten(m.destination, target, size)
	m.call.Plan.NoteObjectMovedAway(m.source, key, m.olderVersionSize(ctx, key, head))
	m.call.Destinations.ReleaseAny(objectDestination(m.source, key))
	return Item{Item: key, Status: Succeeded, Output: moveOutput(key, target, head, copied)}
}

// planSource reads the source object with HeadObject, or takes what an
// earlier planned step would leave at the key: an object it writes, or
// none when it moves the object away.
func (m *mover) planSource(ctx context.Context, key string) (*s3.HeadObjectOutput, *Failure) {
	size, written, movedAway := m.call.Plan.PlannedObject(m.source, key)
	switch {
	case written:
		return &s3.HeadObjectOutput{ContentLength: aws.Int64(size)}, nil
	case movedAway:
		return nil, ValidationFailure(m.title, key, fmt.Errorf("an earlier step of the plan "+
			"moves s3://%s/%s away, so it would not be found", m.source, key))
	}
	head, err := m.api.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &m.source, Key: &key})
	if err != nil {
		return nil, NewFailure(m.title, key, err)
	}
	return head, nil
}

func (m *mover) moveChanges(items []Item) []Change {
	var changes []Change
	for _, it := range items {
		out, _ := it.Output.(map[string]any)
		if it.Status != Succeeded || out == nil {
			continue
		}
		size, _ := out["Size"].(float64)
		change := Change{Kind: ChangeMoveObject, Bucket: m.source,
			Key: it.Item.(string), DestinationBucket: m.destination,
			DestinationKey: out["DestinationKey"].(string),
			Counts:         &ObjectCounts{Objects: 1, Bytes: int64(size)}}
		if m.versioningKnown && !m.neverVersioned() {
			change.Note = fmt.Sprintf("bucket %s keeps versions: the move deletes only the "+
				"copied version, and older versions of the key stay readable there. Delete "+
				"them with s3.delete_bucket_objects and all_versions: true", m.source)
		}
		m.replaced.mark(&change, it.Item.(string))
		changes = append(changes, change)
	}
	return changes
}

// olderVersionSize returns the size of the version that becomes current
// when the move deletes the copied one in a bucket that has or had
// versioning. It returns nil when none would: the bucket never had
// versioning, the next entry is a delete marker, or there is no older
// version. It reads one page of ListObjectVersions for the key.
func (m *mover) olderVersionSize(ctx context.Context, key string, head *s3.HeadObjectOutput) *int64 {
	if m.neverVersioned() || head.LastModified == nil {
		return nil
	}
	out, err := m.api.ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: &m.source,
		Prefix: &key})
	if err != nil {
		return nil
	}
	var newest *s3types.ObjectVersion
	newestMarker := time.Time{}
	for i, v := range out.Versions {
		if aws.ToString(v.Key) != key || aws.ToBool(v.IsLatest) {
			continue
		}
		if newest == nil || aws.ToTime(v.LastModified).After(aws.ToTime(newest.LastModified)) {
			newest = &out.Versions[i]
		}
	}
	for _, d := range out.DeleteMarkers {
		if aws.ToString(d.Key) == key && aws.ToTime(d.LastModified).After(newestMarker) {
			newestMarker = aws.ToTime(d.LastModified)
		}
	}
	if newest == nil || newestMarker.After(aws.ToTime(newest.LastModified)) {
		return nil
	}
	return newest.Size
}
