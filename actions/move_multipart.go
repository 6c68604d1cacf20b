package actions

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"golang.org/x/sync/errgroup"
)

// copyPartSize is the part size of a multipart copy. Large parts keep the
// request count low, and the server copies the bytes, so their size costs
// the client nothing. Tests lower it.
var copyPartSize int64 = 512 << 20

// maxParts is the most parts a multipart upload may have.
const maxParts = 10000

// copyPartWorkers is how many parts of one object are copied at once.
const copyPartWorkers = 4

// multipartCopyAPI is the set of SDK calls of a multipart copy.
type multipartCopyAPI interface {
	CreateMultipartUpload(ctx context.Context, in *s3.CreateMultipartUploadInput,
		optFns ...func(*s3.Options)) (*s3.CreateMultipartUploadOutput, error)
	UploadPartCopy(ctx context.Context, in *s3.UploadPartCopyInput,
		optFns ...func(*s3.Options)) (*s3.UploadPartCopyOutput, error)
	CompleteMultipartUpload(ctx context.Context, in *s3.CompleteMultipartUploadInput,
		optFns ...func(*s3.Options)) (*s3.CompleteMultipartUploadOutput, error)
	AbortMultipartUpload(ctx context.Context, in *s3.AbortMultipartUploadInput,
		optFns ...func(*s3.Options)) (*s3.AbortMultipartUploadOutput, error)
	GetObjectTagging(ctx context.Context, in *s3.GetObjectTaggingInput,
		optFns ...func(*s3.Options)) (*s3.GetObjectTaggingOutput, error)
}

// copyMultipart copies an object in parts with UploadPartCopy. Unlike
// CopyObject, a multipart upload does not take over the source's headers,
// so the content headers, user metadata, storage class and tags are set on
// the upload. The tags are read from the version that head describes, and
// when they cannot be read nothing is copied, so the source is kept.
// NOTE: the source's ACL is not carried over, so the copy gets the
// destination bucket's default ACL, as it does with CopyObject.
func (m *mover) copyMultipart(ctx context.Context, key, source, target string,
	head *s3.HeadObjectOutput) (copyResult, error) {
	tagging, err := m.sourceTagging(ctx, key, head)
	if err != nil {
		return copyResult{}, err
	}
	created, err := m.api.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{
		Bucket:             &m.destination,
		Key:                &target,
		ContentType:        head.ContentType,
		ContentEncoding:    head.ContentEncoding,
		ContentDisposition: head.ContentDisposition,
		ContentLanguage:    head.ContentLanguage,
		CacheControl:       head.CacheControl,
		Metadata:           head.Metadata,
		StorageClass:       head.StorageClass,
		Tagging:            tagging,
	})
	if err != nil {
		return copyResult{}, err
	}

	upload := created.UploadId
	parts, err := m.copyParts(ctx, source, target, upload, head)
	if err == nil {
		var done *s3.CompleteMultipartUploadOutput
		done, err = m.api.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{
			Bucket: &m.destination, Key: &target, UploadId: upload,
			MultipartUpload: &types.CompletedMultipartUpload{Parts: parts},
		})
		if err == nil {
			return copyResult{etag: aws.ToString(done.ETag),
				versionID: aws.ToString(done.VersionId), parts: len(parts)}, nil
		}
	}
	m.abort(ctx, target, upload)
	return copyResult{}, err
}

// copyParts copies every byte range of the source into the upload and
// returns the parts in order.
func (m *mover) copyParts(ctx context.Context, source, target string, upload *string,
	head *s3.HeadObjectOutput) ([]types.CompletedPart, error) {
	ranges := partRanges(aws.ToInt64(head.ContentLength), copyPartSize)
	parts := make([]types.CompletedPart, len(ranges))
	group, ctx := errgroup.WithContext(ctx)
	group.SetLimit(copyPartWorkers)
	for i, r := range ranges {
		number := aws.Int32(int32(i + 1))
		group.Go(guarded(func() error {
			out, err := m.api.UploadPartCopy(ctx, &s3.UploadPartCopyInput{
				Bucket: &m.destination, Key: &target, UploadId: upload, PartNumber: number,
				CopySource: &source, CopySourceRange: aws.String(r.header()),
				CopySourceIfMatch: head.ETag,
			})
			if err != nil {
				return err
			}
			if out.CopyPartResult == nil {
				return fmt.Errorf("UploadPartCopy of part %d returned no CopyPartResult", *number)
			}
			parts[i] = types.CompletedPart{PartNumber: number, ETag: out.CopyPartResult.ETag}
			return nil
		}))
	}
	return parts, group.Wait()
}

// abort removes an incomplete upload, so a failed copy leaves no parts
// that are billed as storage. It runs even when ctx was canceled.
func (m *mover) abort(ctx context.Context, target string, upload *string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	_, err := m.api.AbortMultipartUpload(ctx, &s3.AbortMultipartUploadInput{
		Bucket: &m.destination, Key: &target, UploadId: upload})
	if err != nil {
		m.call.Logger().Warn("abort of a failed multipart copy failed, so the upload is "+
			"left behind", "bucket", m.destination, "key", target,
			"upload-id", aws.ToString(upload), "error", err)
	}
}

// sourceTagging reads the tags of the source version that head describes
// and returns them in the URL query form that the x-amz-tagging header
// takes, or nil when the object has no tags.
func (m *mover) sourceTagging(ctx context.Context, key string,
	head *s3.HeadObjectOutput) (*string, error) {
	out, err := m.api.GetObjectTagging(ctx, &s3.GetObjectTaggingInput{
		Bucket: &m.source, Key: &key, VersionId: head.VersionId})
	if err != nil {
		f := NewFailure(m.title, key, err)
		f.Message = "the source's tags could not be read, so nothing was copied and the " +
			"source was kept: " + f.Message
		return nil, f
	}
	if len(out.TagSet) == 0 {
		return nil, nil
	}
	return aws.String(encodeTagging(out.TagSet)), nil
}

// encodeTagging joins tags as key=value pairs separated by "&", with keys
// and values percent-encoded. A space is sent as %20 rather than "+",
// which only form decoding reads as a space.
func encodeTagging(tags []types.Tag) string {
	pairs := make([]string, len(tags))
	for i, tag := range tags {
		pairs[i] = queryEscape(aws.ToString(tag.Key)) + "=" + queryEscape(aws.ToString(tag.Value))
	}
	return strings.Join(pairs, "&")
}

func queryEscape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

// byteRange is an inclusive range of bytes.
type byteRange struct{ first, last int64 }

func (r byteRange) header() string {
	return fmt.Sprintf("bytes=%d-%d", r.first, r.last)
}

// partRanges splits size bytes into parts of partSize, raised when needed
// so there are at most maxParts.
func partRanges(size, partSize int64) []byteRange {
	partSize = max(partSize, minPartSize, (size+maxParts-1)/maxParts)
	var ranges []byteRange
	for first := int64(0); first < size; first += partSize {
		ranges = append(ranges, byteRange{first, min(first+partSize, size) - 1})
	}
	return ranges
}
