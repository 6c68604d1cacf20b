package actions

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// maxBatch is the most identifiers S3 accepts in one DeleteObjects request.
const maxBatch = 1000

// keyRetryDelay is the wait before the first resend; it doubles each time.
// Tests shorten it.
var keyRetryDelay = 200 * time.Millisecond

// objectsDeleter is the SDK call that deletes up to 1,000 objects at once.
type objectsDeleter interface {
	DeleteObjects(ctx context.Context, in *s3.DeleteObjectsInput,
		optFns ...func(*s3.Options)) (*s3.DeleteObjectsOutput, error)
}

// batchOutcome is what one batch achieved. Deleted is filled only for
// requests sent without Quiet.
type batchOutcome struct {
	sent    int
	deleted []types.DeletedObject
	errors  []types.Error
	retries int
	// unsent holds the identifiers whose last request failed as a whole;
	// err is that request's error.
	unsent []types.ObjectIdentifier
	err    error
}

// succeeded counts the identifiers S3 deleted. Quiet replies list only
// failures, so this is every identifier sent that did not fail.
func (o *batchOutcome) succeeded() int {
	return o.sent - len(o.errors) - len(o.unsent)
}

// deleteBatch sends one DeleteObjects request of at most maxBatch
// identifiers. A 200 reply can still list keys under Errors. Keys with a
// transient code are sent again on their own, with backoff, up to resends
// times, and the others are returned as failed.
func deleteBatch(ctx context.Context, api objectsDeleter, bucket string,
	ids []types.ObjectIdentifier, quiet bool, resends int, opts ...func(*s3.Options)) batchOutcome {
	out := batchOutcome{sent: len(ids)}
	pending := ids
	for attempt := 0; ; attempt++ {
		reply, err := api.DeleteObjects(ctx, &s3.DeleteObjectsInput{
			Bucket: aws.String(bucket),
			Delete: &types.Delete{Objects: pending, Quiet: aws.Bool(quiet)},
		}, opts...)
		if err != nil {
			out.unsent, out.err = pending, err
			return out
		}
		out.deleted = append(out.deleted, reply.Deleted...)
		var transient []types.Error
		for _, e := range reply.Errors {
			if isTransientCode(aws.ToString(e.Code)) && attempt < resends {
				transient = append(transient, e)
			} else {
				out.errors = append(out.errors, e)
			}
		}
		if len(transient) == 0 {
			return out
		}
		if err := sleepContext(ctx, keyRetryDelay<<attempt); err != nil {
			out.errors = append(out.errors, transient...)
			return out
		}
		pending = identifiersOf(transient)
		out.retries += len(pending)
		if stats := statsFrom(ctx); stats != nil {
			stats.Resends.Add(1)
		}
	}
}

// keyResends is how many times keys that failed with a transient error
// inside a 200 DeleteObjects reply are sent again: as many retries as the
// SDK makes for a whole request.
func keyResends(s Settings) int {
	return s.WithDefaults().MaxAttempts - 1
}

// deleteOptions adds a Content-MD5 header to DeleteObjects when checksums
// are calculated only when required. DeleteObjects needs an integrity
// header, and since service/s3 v1.73.0 (2025-01-15) the SDK sends only
// x-amz-checksum-crc32, even in when_required mode; S3-compatible servers
// that predate CRC checksums reject the request without Content-MD5.
func deleteOptions(s Settings) []func(*s3.Options) {
	if s.Checksum != ChecksumWhenRequired {
		return nil
	}
	return []func(*s3.Options){s3.WithAPIOptions(smithyhttp.AddContentChecksumMiddleware)}
}

func identifiersOf(errs []types.Error) []types.ObjectIdentifier {
	ids := make([]types.ObjectIdentifier, len(errs))
	for i, e := range errs {
		ids[i] = types.ObjectIdentifier{Key: e.Key, VersionId: e.VersionId}
	}
	return ids
}

// sleepContext waits for d or until ctx ends.
func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
