package actions

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// versioningGetter is the SDK call that reads a bucket's versioning state.
type versioningGetter interface {
	GetBucketVersioning(ctx context.Context, in *s3.GetBucketVersioningInput,
		optFns ...func(*s3.Options)) (*s3.GetBucketVersioningOutput, error)
}

// readVersioning reads the source bucket's versioning status, once per
// step. S3 returns no Status for a bucket that never had versioning. When
// GetBucketVersioning fails, such as with AccessDenied or NotImplemented,
// the status stays unknown.
func (m *mover) readVersioning(ctx context.Context) {
	out, err := m.api.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: &m.source})
	if err == nil {
		m.versioning, m.versioningKnown = string(out.Status), true
	}
}

// neverVersioned reports whether the source bucket is known never to have
// had versioning.
func (m *mover) neverVersioned() bool {
	return m.versioningKnown && m.versioning == ""
}

// deleteVersion returns the version id that deletes exactly the copied
// object: the one HeadObject returned, or "null" in a bucket that has or
// had versioning, where an object without a version id is the null version
// (versitygw's HeadObject returns none for it). A delete without a version
// id would instead add a delete marker and keep the object.
func (m *mover) deleteVersion(head *s3.HeadObjectOutput) *string {
	if head.VersionId != nil || m.neverVersioned() || !m.versioningKnown {
		return head.VersionId
	}
	return aws.String(nullVersion)
}

// useListing lets the mover take a key's size and ETag from the listing
// entry it was given as, in place of a HeadObject on the source. That
// works only in a source bucket that never had versioning: a key there has
// a single object, which the delete names by key as it would after a
// HeadObject. In a versioned bucket the delete must name the version that
// was copied, and a listing of current objects does not give it.
// If versioning is enabled during the move, a delete by key adds a delete
// marker and the copied object stays as a noncurrent version.
func (m *mover) useListing(listed map[string]ListedObject) {
	if len(listed) > 0 && m.neverVersioned() {
		m.listed = listed
	}
}

// sourceObject returns what the copy needs to know of the source object,
// and whether it came from a listing. Objects above the multipart
// threshold are always read with HeadObject, because a multipart copy
// sets the copy's content headers and metadata from that response.
func (m *mover) sourceObject(ctx context.Context, key string) (*s3.HeadObjectOutput, bool, error) {
	if l, ok := m.listed[key]; ok && l.Size <= m.threshold {
		return &s3.HeadObjectOutput{ContentLength: aws.Int64(l.Size), ETag: aws.String(l.ETag)},
			true, nil
	}
	head, err := m.headSource(ctx, key)
	return head, false, err
}

func (m *mover) headSource(ctx context.Context, key string) (*s3.HeadObjectOutput, error) {
	return m.api.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &m.source, Key: &key})
}

// copyVerified copies key to target and checks the copy. A listing entry
// can be out of date and lacks the encryption state, so two outcomes send
// the key back to a HeadObject on the source. When the object changed since the
// listing, the copy's CopySourceIfMatch fails (412), and the object as it
// is now is read and copied, as for a key given by name. When the copy
// does not match the listing, the source is read again, because a listing
// does not say whether an object is encrypted, which decides whether its
// copy keeps its ETag.
func (m *mover) copyVerified(ctx context.Context, key, target string) (
	*s3.HeadObjectOutput, copyResult, *Failure) {
	head, listed, err := m.sourceObject(ctx, key)
	if err != nil {
		return nil, copyResult{}, NewFailure(m.title, key, err)
	}
	copied, err := m.copy(ctx, key, target, head)
	if listed && hasErrorCode(err, "PreconditionFailed") {
		listed = false
		if head, err = m.headSource(ctx, key); err == nil {
			copied, err = m.copy(ctx, key, target, head)
		}
	}
	if err != nil {
		return nil, copyResult{}, NewFailure(m.title, key, err)
	}
	f := m.verify(ctx, key, target, head, copied)
	if f != nil && listed {
		head, f = m.verifyAgainstHead(ctx, key, target, head, copied, f)
	}
	return head, copied, f
}

// verifyAgainstHead repeats the check of a copy made from a listing entry
// with the source's HeadObject. The source must still have the ETag that
// the copy was conditioned on. Otherwise it changed after the copy, and the
// first failure is returned so that the new object is not deleted.
func (m *mover) verifyAgainstHead(ctx context.Context, key, target string,
	listed *s3.HeadObjectOutput, copied copyResult, first *Failure) (*s3.HeadObjectOutput, *Failure) {
	head, err := m.headSource(ctx, key)
	if err != nil || aws.ToString(head.ETag) != aws.ToString(listed.ETag) {
		return listed, first
	}
	return head, m.verify(ctx, key, target, head, copied)
}
