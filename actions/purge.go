package actions

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"golang.org/x/sync/errgroup"
)

// maxPasses bounds how often a bucket is listed and emptied again. A second
// pass is normal on servers that list entries deleted by the first one; an
// endless stream means the server never forgets deleted entries.
const maxPasses = 10

// deleteWorkers is how many DeleteObjects or AbortMultipartUpload requests
// run at once while the listing continues.
const deleteWorkers = 8

// uploadAborter is the SDK call that cancels an incomplete multipart upload.
type uploadAborter interface {
	AbortMultipartUpload(ctx context.Context, in *s3.AbortMultipartUploadInput,
		optFns ...func(*s3.Options)) (*s3.AbortMultipartUploadOutput, error)
}

// purgeAPI is the set of SDK calls that empty a whole bucket.
type purgeAPI interface {
	objectsLister
	versionsLister
	uploadsLister
	objectsDeleter
	uploadAborter
}

// purge empties a bucket: every object (or, with allVersions, every version
// and delete marker) and every incomplete multipart upload.
type purge struct {
	api         purgeAPI
	bucket      string
	allVersions bool
	report      *deleteReport
	options     []func(*s3.Options) // for DeleteObjects
}

// run deletes and lists again until a listing shows nothing but entries
// that already failed, which another pass would only fail again. It returns
// an error when other entries remain after maxPasses or when too many
// entries failed.
func (p *purge) run(ctx context.Context) error {
	for pass := 1; pass <= maxPasses; pass++ {
		found, err := p.sweep(ctx, true)
		if err != nil || found == 0 {
			return err
		}
		p.report.passes = pass
	}
	left, err := p.sweep(ctx, false)
	if err != nil || left == 0 {
		return err
	}
	return fmt.Errorf("bucket %s still lists %d entries (object versions, delete markers "+
		"or multipart uploads) after %d delete passes; the server keeps listing deleted "+
		"entries, so run the step again and check the server", p.bucket, left, maxPasses)
}

// sweeper carries the state of one listing pass.
type sweeper struct {
	*purge
	ctx      context.Context
	group    *errgroup.Group
	deleting bool
	found    int
	job      *deleteJob
}

// sweep lists the bucket once and, when deleting, sends DeleteObjects
// batches to a bounded pool while the listing continues. It returns how
// many distinct entries the listing found, leaving out entries that failed
// in an earlier pass.
func (p *purge) sweep(ctx context.Context, deleting bool) (int, error) {
	group, gctx := errgroup.WithContext(ctx)
	group.SetLimit(deleteWorkers)
	s := &sweeper{purge: p, ctx: gctx, group: group, deleting: deleting, job: newDeleteJob()}

	err := s.uploads()
	if err == nil && p.allVersions {
		err = s.versions()
	} else if err == nil {
		err = s.objects()
	}
	if len(s.job.ids) > 0 {
		s.submit()
	}
	if werr := group.Wait(); werr != nil {
		return s.found, werr
	}
	if err == nil && s.report.tooManyFailures() {
		err = fmt.Errorf("stopped emptying bucket %s after %d entries failed to delete",
			s.bucket, maxFailures)
	}
	return s.found, err
}

func (s *sweeper) versions() error {
	feed := newVersionFeed(s.add)
	in := s3.ListObjectVersionsInput{Bucket: aws.String(s.bucket)}
	err := walkVersions(s.ctx, s.api, in, func(out *s3.ListObjectVersionsOutput) bool {
		feed.page(out)
		return !s.report.tooManyFailures()
	})
	feed.flush()
	return err
}

// objects lists current objects only; deleting them without a version id
// leaves a delete marker on a versioned bucket, which this listing no
// longer shows.
func (s *sweeper) objects() error {
	window := newPageWindow()
	in := s3.ListObjectsV2Input{Bucket: aws.String(s.bucket)}
	return walkObjects(s.ctx, s.api, in, func(out *s3.ListObjectsV2Output) bool {
		window.turn()
		for _, o := range out.Contents {
			id := types.ObjectIdentifier{Key: o.Key}
			if window.firstSeen(id) {
				s.add(versionEntry{id: id})
			}
		}
		return !s.report.tooManyFailures()
	})
}

func (s *sweeper) add(e versionEntry) {
	if s.report.failed(failedID{key: aws.ToString(e.id.Key),
		version: aws.ToString(e.id.VersionId)}) {
		return
	}
	s.found++
	if !s.deleting {
		return
	}
	s.job.add(e)
	if len(s.job.ids) == maxBatch {
		s.submit()
	}
}

// submit hands the current batch to the pool; Go blocks while all workers
// are busy, which keeps at most deleteWorkers+1 batches in memory.
func (s *sweeper) submit() {
	job := s.job
	s.job = newDeleteJob()
	s.group.Go(guarded(func() error {
		resends := keyResends(s.report.call.Settings)
		out := deleteBatch(s.ctx, s.api, s.bucket, job.ids, true, resends, s.options...)
		s.report.record(job, out)
		return out.err
	}))
}
