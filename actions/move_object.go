package actions

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// mover moves keys from one bucket to another, or to another folder.
type mover struct {
	api         moveAPI
	source      string
	destination string
	prefix      string
	threshold   int64
	title       string
	call        *Call
	moving      map[string]bool // keys of this step, to catch a copy onto one of them
	// listed is the size and ETag of keys given as listing entries, set
	// only where they can stand in for a HeadObject (see useListing).
	listed map[string]ListedObject
	// replaced records the keys whose destination contains an object, found
	// by Plan.
	replaced replacedSet
	// versioning is the source bucket's versioning status, "" when it never
	// had versioning; versioningKnown is false when it could not be read.
	versioning      string
	versioningKnown bool
}

func newMover(api moveAPI, call *Call, title string, keys []string) *mover {
	moving := make(map[string]bool, len(keys))
	for _, k := range keys {
		moving[k] = true
	}
	threshold := int64(call.Params.Int("multipart_threshold"))
	if threshold <= 0 {
		threshold = maxCopySize
	}
	return &mover{
		api:         api,
		source:      call.Params.String("source_bucket"),
		destination: call.Params.String("destination_bucket"),
		prefix:      keyPrefix(call.Params.String("destination_path")),
		threshold:   threshold,
		title:       title,
		call:        call,
		moving:      moving,
	}
}

// move copies, verifies and deletes one key. Each stage runs only when
// the one before it succeeded, so a failed copy or check never loses the
// source.
func (m *mover) move(ctx context.Context, key string) Item {
	target := m.prefix + key
	if err := m.checkTarget(key, target); err != nil {
		return Item{Item: key, Status: Failed, Error: ValidationFailure(m.title, key, err)}
	}

	head, copied, f := m.copyVerified(ctx, key, target)
	if f != nil {
		if copied == (copyResult{}) {
			// Nothing was copied, so a later write there replaces nothing.
			m.call.ReleaseDestination(objectDestination(m.destination, target))
		}
		return Item{Item: key, Status: Failed, Error: f}
	}
	if f := m.deleteSource(ctx, key, target, head); f != nil {
		return Item{Item: key, Status: Failed, Error: f}
	}
	m.call.Destinations.ReleaseAny(objectDestination(m.source, key))
	m.call.AddProgress("objects moved", 1)
	return Item{Item: key, Status: Succeeded, Output: moveOutput(key, target, head, copied)}
}

// checkTarget rejects a destination key whose copy would destroy data: the
// source itself, which the delete would then remove, another key of the
// same step, which the copy could overwrite before that key is moved, or a
// key that an earlier call of the run wrote.
func (m *mover) checkTarget(key, target string) error {
	if err := checkObjectKey(target); err != nil {
		return fmt.Errorf("destination %w", err)
	}
	if m.source == m.destination && target == key {
		return fmt.Errorf("key %q would move onto itself and then be deleted. Set "+
			"destination_path or another destination_bucket", key)
	}
	if m.source == m.destination && m.moving[target] {
		return fmt.Errorf("destination key %q is also a key of this move, so the copy could "+
			"overwrite it before it is moved. Move them in separate steps", target)
	}
	return m.call.ClaimDestination(objectDestination(m.destination, target))
}

// deleteSource deletes exactly the version that was copied (see
// deleteVersion). On a bucket that never had versioning the key is deleted
// as it is.
// NOTE: without versioning, an object written to the key between the copy
// and this delete is deleted too, because S3 compares nothing here.
func (m *mover) deleteSource(ctx context.Context, key, target string,
	head *s3.HeadObjectOutput) *Failure {
	in := &s3.DeleteObjectInput{Bucket: &m.source, Key: &key, VersionId: m.deleteVersion(head)}
	if _, err := m.api.DeleteObject(ctx, in); err != nil {
		f := NewFailure(m.title, key, err)
		f.Message = fmt.Sprintf("copied and verified as s3://%s/%s, but the source was not "+
			"deleted: %s", m.destination, target, f.Message)
		return f
	}
	return nil
}

func moveOutput(key, target string, head *s3.HeadObjectOutput, copied copyResult) map[string]any {
	m := map[string]any{
		"Key":            key,
		"DestinationKey": target,
		"Size":           float64(aws.ToInt64(head.ContentLength)),
		"ETag":           copied.etag,
		"Parts":          float64(copied.parts),
	}
	if head.VersionId != nil {
		m["SourceVersionId"] = *head.VersionId
	}
	if copied.versionID != "" {
		m["VersionId"] = copied.versionID
	}
	return m
}
