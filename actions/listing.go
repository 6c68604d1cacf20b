package actions

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// pageSize is the MaxKeys sent with each listing request. S3 returns at most
// 1,000 entries a page; tests lower it to exercise paging on small buckets.
var pageSize int32 = 1000

// objectsLister is the SDK call that lists current objects.
type objectsLister interface {
	ListObjectsV2(ctx context.Context, in *s3.ListObjectsV2Input,
		optFns ...func(*s3.Options)) (*s3.ListObjectsV2Output, error)
}

// versionsLister is the SDK call that lists object versions and delete markers.
type versionsLister interface {
	ListObjectVersions(ctx context.Context, in *s3.ListObjectVersionsInput,
		optFns ...func(*s3.Options)) (*s3.ListObjectVersionsOutput, error)
}

// uploadsLister is the SDK call that lists incomplete multipart uploads.
type uploadsLister interface {
	ListMultipartUploads(ctx context.Context, in *s3.ListMultipartUploadsInput,
		optFns ...func(*s3.Options)) (*s3.ListMultipartUploadsOutput, error)
}

// replyError reports a listing reply that breaks the S3 paging contract,
// such as a truncated page without the marker needed to fetch the next one.
// Following such a reply would loop forever or stop early without notice.
type replyError struct {
	operation string
	problem   string
}

// Error names the operation and what was wrong with its reply.
func (e *replyError) Error() string {
	return fmt.Sprintf("invalid %s response: %s", e.operation, e.problem)
}

// codeInvalidResponse is the status code of a failure caused by a reply that
// breaks the S3 protocol, which no HTTP status describes.
const codeInvalidResponse = "invalid-response"

// failureFor builds the error triple for err, or returns nil for nil.
func failureFor(title, item string, err error) *Failure {
	var re *replyError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &re):
		return &Failure{Indicator: Indicator(title, item), StatusCode: codeInvalidResponse,
			Code: "InvalidResponse", Message: err.Error(), err: err}
	}
	return NewFailure(title, item, err)
}

// walkObjects sends ListObjectsV2 requests until the listing ends or visit
// returns false. Each request asks for at most pageSize keys.
func walkObjects(ctx context.Context, api objectsLister, in s3.ListObjectsV2Input,
	visit func(*s3.ListObjectsV2Output) bool) error {
	if in.MaxKeys == nil {
		in.MaxKeys = aws.Int32(pageSize)
	}
	for {
		out, err := api.ListObjectsV2(ctx, &in)
		if err != nil {
			return err
		}
		if !visit(out) || !aws.ToBool(out.IsTruncated) {
			return nil
		}
		next, err := nextToken(aws.ToString(in.ContinuationToken), out)
		if err != nil {
			return err
		}
		in.ContinuationToken = &next
	}
}

// nextToken validates the continuation token of a truncated page.
func nextToken(previous string, out *s3.ListObjectsV2Output) (string, error) {
	next := aws.ToString(out.NextContinuationToken)
	switch {
	case next == "":
		return "", &replyError{"ListObjectsV2",
			"IsTruncated is true but NextContinuationToken is missing"}
	case next == previous:
		return "", &replyError{"ListObjectsV2",
			"NextContinuationToken repeats the token of the request"}
	}
	return next, nil
}

// walkVersions sends ListObjectVersions requests until the listing ends or
// visit returns false. The next request needs both markers: with the key
// marker alone S3 restarts at the first version of that key.
func walkVersions(ctx context.Context, api versionsLister, in s3.ListObjectVersionsInput,
	visit func(*s3.ListObjectVersionsOutput) bool) error {
	if in.MaxKeys == nil {
		in.MaxKeys = aws.Int32(pageSize)
	}
	for {
		out, err := api.ListObjectVersions(ctx, &in)
		if err != nil {
			return err
		}
		if !visit(out) || !aws.ToBool(out.IsTruncated) {
			return nil
		}
		key, version := aws.ToString(out.NextKeyMarker), aws.ToString(out.NextVersionIdMarker)
		err = checkMarkers("ListObjectVersions", "NextVersionIdMarker", key, version,
			aws.ToString(in.KeyMarker), aws.ToString(in.VersionIdMarker))
		if err != nil {
			return err
		}
		in.KeyMarker, in.VersionIdMarker = &key, &version
	}
}

// walkUploads sends ListMultipartUploads requests until the listing ends.
func walkUploads(ctx context.Context, api uploadsLister, in s3.ListMultipartUploadsInput,
	visit func(*s3.ListMultipartUploadsOutput)) error {
	if in.MaxUploads == nil {
		in.MaxUploads = aws.Int32(pageSize)
	}
	for {
		out, err := api.ListMultipartUploads(ctx, &in)
		if err != nil {
			return err
		}
		visit(out)
		if !aws.ToBool(out.IsTruncated) {
			return nil
		}
		key, upload := aws.ToString(out.NextKeyMarker), aws.ToString(out.NextUploadIdMarker)
		err = checkMarkers("ListMultipartUploads", "NextUploadIdMarker", key, upload,
			aws.ToString(in.KeyMarker), aws.ToString(in.UploadIdMarker))
		if err != nil {
			return err
		}
		in.KeyMarker, in.UploadIdMarker = &key, &upload
	}
}

// checkMarkers validates the pair of markers of a truncated page: both must
// be present, and they must move past the markers of the request.
func checkMarkers(op, secondName, key, second, prevKey, prevSecond string) error {
	switch {
	case key == "" || second == "":
		return &replyError{op, "IsTruncated is true but NextKeyMarker or " + secondName +
			" is missing"}
	case key == prevKey && second == prevSecond:
		return &replyError{op, "the next markers repeat the markers of the request"}
	}
	return nil
}
