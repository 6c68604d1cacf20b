package actions

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// copyResult describes the object a copy created.
type copyResult struct {
	etag      string
	versionID string
	parts     int // 0 for CopyObject
}

// copy copies the version of key that head describes to target. The copy
// source names that version, and CopySourceIfMatch names its ETag, so an
// object overwritten since head fails the copy (412) instead of being
// copied unseen.
func (m *mover) copy(ctx context.Context, key, target string,
	head *s3.HeadObjectOutput) (copyResult, error) {
	source := copySource(m.source, key, aws.ToString(head.VersionId))
	if aws.ToInt64(head.ContentLength) > m.threshold {
		return m.copyMultipart(ctx, key, source, target, head)
	}
	// An object already stored at the destination key is replaced, as aws
	// s3 mv does. The plan marks such a move as replacing it.
	out, err := m.api.CopyObject(ctx, &s3.CopyObjectInput{
		Bucket:            &m.destination,
		Key:               &target,
		CopySource:        &source,
		CopySourceIfMatch: head.ETag,
	})
	if err != nil {
		return copyResult{}, err
	}
	result := copyResult{versionID: aws.ToString(out.VersionId)}
	if out.CopyObjectResult != nil {
		result.etag = aws.ToString(out.CopyObjectResult.ETag)
	}
	return result, nil
}
