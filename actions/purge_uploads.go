package actions

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
)

// uploads lists every incomplete multipart upload and, when deleting,
// aborts each one in the worker pool. The listing finishes before the first
// abort, so aborts cannot disturb the listing's markers; incomplete uploads
// are few next to objects, so holding them all is cheap.
func (s *sweeper) uploads() error {
	var uploads []types.MultipartUpload
	in := s3.ListMultipartUploadsInput{Bucket: aws.String(s.bucket)}
	err := walkUploads(s.ctx, s.api, in, func(out *s3.ListMultipartUploadsOutput) {
		uploads = append(uploads, out.Uploads...)
	})
	if err != nil {
		return err
	}
	seen := make(map[entryKey]struct{}, len(uploads))
	for _, u := range uploads {
		k := entryKey{aws.ToString(u.Key), aws.ToString(u.UploadId)}
		if _, dup := seen[k]; dup {
			continue
		}
		seen[k] = struct{}{}
		if s.report.failed(failedID{key: k.key, upload: k.version}) {
			continue
		}
		s.found++
		if s.deleting {
			s.group.Go(guarded(func() error { return s.abort(u) }))
		}
	}
	return nil
}

// abort cancels one upload. An upload that is already gone counts as done
// but not as aborted by this call; other failures are reported for that
// upload without stopping the rest.
func (s *sweeper) abort(u types.MultipartUpload) error {
	_, err := s.api.AbortMultipartUpload(s.ctx, &s3.AbortMultipartUploadInput{
		Bucket: aws.String(s.bucket), Key: u.Key, UploadId: u.UploadId,
	})
	var apiErr smithy.APIError
	switch {
	case err == nil:
		s.report.recordAbort(u, nil)
	case errors.As(err, &apiErr) && apiErr.ErrorCode() == "NoSuchUpload":
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	default:
		s.report.recordAbort(u, err)
	}
	return nil
}

// recordAbort counts an aborted upload or stores why the abort failed.
func (r *deleteReport) recordAbort(u types.MultipartUpload, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err == nil {
		r.uploads++
		r.call.AddProgress("uploads aborted", 1)
		return
	}
	key := aws.ToString(u.Key)
	r.addError(keyError{key: key, uploadID: aws.ToString(u.UploadId),
		failure: NewFailure(r.title, key, err)}, "AbortMultipartUpload")
}
