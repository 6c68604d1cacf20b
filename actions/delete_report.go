package actions

import (
	"fmt"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// maxReportedErrors caps the Errors list of the output, so a bucket where
// every key is denied does not grow the run record without bound. The
// output's ErrorsOmitted counts the rest.
const maxReportedErrors = 1000

// deleteJob is one DeleteObjects batch. markers[i] tells whether ids[i] is
// a delete marker, so counts need no help from the reply.
type deleteJob struct {
	ids     []types.ObjectIdentifier
	markers []bool
}

func newDeleteJob() *deleteJob {
	return &deleteJob{
		ids:     make([]types.ObjectIdentifier, 0, maxBatch),
		markers: make([]bool, 0, maxBatch),
	}
}

func (j *deleteJob) add(e versionEntry) {
	j.ids = append(j.ids, e.id)
	j.markers = append(j.markers, e.marker)
}

// maxFailures is how many failed entries a whole-bucket delete tolerates
// before it stops: past that, the bucket is most likely denied as a whole,
// and remembering more failures would grow memory without bound.
const maxFailures = 10000

// failedID identifies a version or an upload that failed, so later passes
// do not send it again.
type failedID struct{ key, version, upload string }

// keyError is one failed key, version or upload, as reported in Errors.
type keyError struct {
	key, versionID, uploadID string
	failure                  *Failure
	code, message            string
}

// deleteReport accumulates what a delete_bucket_objects call did. Delete
// workers update it concurrently.
type deleteReport struct {
	call   *Call
	title  string
	bucket string
	// perKey makes keys of a batch whose request failed as a whole count as
	// failed keys. Whole-bucket deletes report that request error instead.
	perKey bool

	mu                         sync.Mutex
	objects, versions, markers int
	uploads, retries, passes   int
	deleted                    []types.DeletedObject // only from replies sent without Quiet
	errors                     []keyError
	errorsOmitted              int
	failedKeys                 map[string]*Failure // first failure of each key, when perKey
	failedIDs                  map[failedID]struct{}
}

func newDeleteReport(call *Call, title, bucket string) *deleteReport {
	return &deleteReport{call: call, title: title, bucket: bucket,
		failedKeys: map[string]*Failure{}, failedIDs: map[failedID]struct{}{}}
}

// record adds the outcome of one batch: counts by kind, the reply's
// Deleted entries, and one error per key that failed.
func (r *deleteReport) record(job *deleteJob, out batchOutcome) {
	failed := failedSet(out)
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for i, id := range job.ids {
		if _, bad := failed[entryKey{aws.ToString(id.Key), aws.ToString(id.VersionId)}]; bad {
			continue
		}
		n++
		switch {
		case id.VersionId == nil:
			r.objects++
		case job.markers[i]:
			r.markers++
		default:
			r.versions++
		}
	}
	r.deleted = append(r.deleted, out.deleted...)
	r.retries += out.retries
	for _, e := range out.errors {
		r.addError(keyError{key: aws.ToString(e.Key), versionID: aws.ToString(e.VersionId),
			code: aws.ToString(e.Code), message: aws.ToString(e.Message)}, "DeleteObjects")
	}
	for _, id := range out.unsent {
		if !r.perKey {
			break
		}
		r.addError(keyError{key: aws.ToString(id.Key), versionID: aws.ToString(id.VersionId),
			failure: NewFailure(r.title, aws.ToString(id.Key), out.err)}, "DeleteObjects")
	}
	r.call.AddProgress("objects deleted", int64(n))
}

func failedSet(out batchOutcome) map[entryKey]struct{} {
	if len(out.errors) == 0 && len(out.unsent) == 0 {
		return nil
	}
	set := make(map[entryKey]struct{}, len(out.errors)+len(out.unsent))
	for _, e := range out.errors {
		set[entryKey{aws.ToString(e.Key), aws.ToString(e.VersionId)}] = struct{}{}
	}
	for _, id := range out.unsent {
		set[entryKey{aws.ToString(id.Key), aws.ToString(id.VersionId)}] = struct{}{}
	}
	return set
}

// addError stores a failure. The caller holds r.mu.
func (r *deleteReport) addError(e keyError, operation string) {
	if e.failure == nil {
		e.failure = ItemFailure(r.title, e.key, e.code, e.message, operation)
	} else if e.code == "" {
		e.code, e.message = e.failure.Code, e.failure.Message
	}
	if _, seen := r.failedKeys[e.key]; !seen && r.perKey {
		r.failedKeys[e.key] = e.failure
	}
	if len(r.failedIDs) < maxFailures {
		r.failedIDs[failedID{key: e.key, version: e.versionID, upload: e.uploadID}] = struct{}{}
	}
	if len(r.errors) >= maxReportedErrors {
		r.errorsOmitted++
		return
	}
	r.errors = append(r.errors, e)
}

// failKey records a failure that is not part of a DeleteObjects reply, such
// as a listing error for that key.
func (r *deleteReport) failKey(key string, f *Failure) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.addError(keyError{key: key, failure: f}, "")
}

// failed reports whether the version or upload failed before.
func (r *deleteReport) failed(id failedID) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	_, failed := r.failedIDs[id]
	return failed
}

func (r *deleteReport) tooManyFailures() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.failedIDs) >= maxFailures
}

func (r *deleteReport) keyFailed(key string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	_, failed := r.failedKeys[key]
	return failed
}

// failure summarises the failed keys of a whole-bucket delete as one
// triple that names the first key, or returns nil when nothing failed.
func (r *deleteReport) failure() *Failure {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.errors) == 0 {
		return nil
	}
	first := *r.errors[0].failure
	first.Indicator = Indicator(r.title, r.bucket+"/"+r.errors[0].key)
	if more := len(r.errors) + r.errorsOmitted - 1; more > 0 {
		first.Message += fmt.Sprintf(" (%d more failed; the output's Errors lists them)", more)
	}
	return &first
}

// status is Succeeded without errors, Failed when nothing was deleted, and
// PartiallySucceeded otherwise.
func (r *deleteReport) status() Status {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case len(r.errors) == 0:
		return Succeeded
	case r.doneLocked() == 0:
		return Failed
	}
	return PartiallySucceeded
}

func (r *deleteReport) deletedNothing() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.doneLocked() == 0
}

// doneLocked counts deletes and aborts. The caller holds r.mu.
func (r *deleteReport) doneLocked() int {
	return r.objects + r.versions + r.markers + r.uploads
}
