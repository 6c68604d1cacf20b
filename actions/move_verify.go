package actions

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// verify reads the copy back with HeadObject and compares it with the
// source version that was copied. Any difference fails the item, so the
// source is not deleted.
func (m *mover) verify(ctx context.Context, key, target string, source *s3.HeadObjectOutput,
	copied copyResult) *Failure {
	in := &s3.HeadObjectInput{Bucket: &m.destination, Key: &target}
	if copied.versionID != "" {
		in.VersionId = aws.String(copied.versionID)
	}
	dest, err := m.api.HeadObject(ctx, in)
	if err != nil {
		f := NewFailure(m.title, key, err)
		f.Message = "the copy could not be read back, so the source was kept: " + f.Message
		return f
	}
	if err := compareCopy(source, dest, copied); err != nil {
		return &Failure{
			Indicator:  Indicator(m.title, key),
			StatusCode: CodeVerification,
			Code:       "VerificationFailed",
			Message: fmt.Sprintf("s3://%s/%s does not match its source, so the source was "+
				"kept: %v", m.destination, target, err),
			err: err,
		}
	}
	return nil
}

// compareCopy checks the size, the ETag the copy request returned, and the
// source's ETag where a copy keeps it.
func compareCopy(source, dest *s3.HeadObjectOutput, copied copyResult) error {
	sourceSize, destSize := aws.ToInt64(source.ContentLength), aws.ToInt64(dest.ContentLength)
	sourceTag, destTag := aws.ToString(source.ETag), aws.ToString(dest.ETag)
	switch {
	case destSize != sourceSize:
		return fmt.Errorf("the copy has %d bytes, the source %d", destSize, sourceSize)
	case copied.etag != "" && destTag != copied.etag:
		return fmt.Errorf("its ETag %s differs from the ETag %s the copy returned, so it "+
			"changed after the copy", destTag, copied.etag)
	case keepsETag(source, dest, copied) && destTag != sourceTag:
		return fmt.Errorf("its ETag %s differs from the source's ETag %s", destTag, sourceTag)
	}
	return nil
}

var md5ETag = regexp.MustCompile(`^"?[0-9a-fA-F]{32}"?$`)

// keepsETag reports whether a copy must have the source's ETag. The ETag of
// an object stored without SSE-KMS or SSE-C is the MD5 of its content, and
// CopyObject keeps the content. So an encrypted source or copy (a
// destination bucket can encrypt with KMS by default) changes the ETag. A
// multipart copy gets an ETag built from its parts, and a source uploaded
// in parts has one already ("...-N"). For all of those only the size and
// the returned ETag are compared.
func keepsETag(source, dest *s3.HeadObjectOutput, copied copyResult) bool {
	return copied.parts == 0 && !encrypted(source) && !encrypted(dest) &&
		md5ETag.MatchString(aws.ToString(source.ETag))
}

// encrypted reports whether an object is stored with SSE-KMS (or its
// dual-layer form) or SSE-C, whose ETags are not the MD5 of the content.
func encrypted(head *s3.HeadObjectOutput) bool {
	return head.SSECustomerAlgorithm != nil ||
		strings.HasPrefix(string(head.ServerSideEncryption), "aws:kms")
}
