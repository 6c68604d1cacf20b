package actions

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"golang.org/x/sync/errgroup"
)

// keysAPI is the set of SDK calls that delete named keys.
type keysAPI interface {
	versionsLister
	objectsDeleter
}

// keyDeleter deletes a list of named keys. Without allVersions each key is
// deleted without a version id, which on a versioned bucket adds a delete
// marker. With allVersions every version and delete marker of each key is
// listed and deleted, and the keys are listed again until none is left.
type keyDeleter struct {
	api         keysAPI
	bucket      string
	allVersions bool
	report      *deleteReport
	options     []func(*s3.Options) // for DeleteObjects
}

func (d *keyDeleter) run(ctx context.Context, keys []string) {
	keys = distinct(keys)
	if !d.allVersions {
		entries := make([]versionEntry, len(keys))
		for i := range keys {
			entries[i] = versionEntry{id: objectID(keys[i], nil)}
		}
		d.send(ctx, entries)
		d.report.passes = 1
		return
	}
	pending := keys
	for pass := 1; len(pending) > 0; pass++ {
		found := d.collect(ctx, pending)
		pending = pending[:0]
		var entries []versionEntry
		for _, f := range found {
			pending = append(pending, f.key)
			entries = append(entries, f.entries...)
		}
		if pass > maxPasses {
			d.failRemaining(found)
			return
		}
		if len(entries) > 0 {
			d.send(ctx, entries)
			d.report.passes = pass
		}
		pending = d.withoutFailed(pending)
	}
}

// keyVersions is what one listing found for a key.
type keyVersions struct {
	key     string
	entries []versionEntry
}

// collect lists the versions of each key in the worker pool. It returns the
// keys that still have versions; keys whose listing failed are reported.
func (d *keyDeleter) collect(ctx context.Context, keys []string) []keyVersions {
	found := make([]keyVersions, len(keys))
	var group errgroup.Group
	group.SetLimit(deleteWorkers)
	for i, key := range keys {
		group.Go(guarded(func() error {
			entries, err := listKeyVersions(ctx, d.api, d.bucket, key)
			if err != nil {
				// Delete nothing for a key whose versions were not all seen.
				d.report.failKey(key, NewFailure(d.report.title, key, err))
				entries = nil
			}
			found[i] = keyVersions{key: key, entries: entries}
			return nil
		}))
	}
	_ = group.Wait()
	out := found[:0]
	for _, f := range found {
		if len(f.entries) > 0 {
			out = append(out, f)
		}
	}
	return out
}

// listKeyVersions lists the versions and delete markers of exactly one key.
// The listing uses the key as prefix; the key sorts before every longer key
// with that prefix, so paging stops at the first page that shows another key.
func listKeyVersions(ctx context.Context, api versionsLister, bucket, key string) (
	[]versionEntry, error) {
	var entries []versionEntry
	feed := newVersionFeed(func(e versionEntry) {
		if aws.ToString(e.id.Key) == key {
			entries = append(entries, e)
		}
	})
	in := s3.ListObjectVersionsInput{Bucket: aws.String(bucket), Prefix: aws.String(key)}
	err := walkVersions(ctx, api, in, func(out *s3.ListObjectVersionsOutput) bool {
		feed.page(out)
		return !showsOtherKey(out, key)
	})
	feed.flush()
	return entries, err
}

func showsOtherKey(out *s3.ListObjectVersionsOutput, key string) bool {
	for _, v := range out.Versions {
		if aws.ToString(v.Key) != key {
			return true
		}
	}
	for _, m := range out.DeleteMarkers {
		if aws.ToString(m.Key) != key {
			return true
		}
	}
	return false
}

// send deletes the entries in batches of at most maxBatch, in the pool.
func (d *keyDeleter) send(ctx context.Context, entries []versionEntry) {
	var group errgroup.Group
	group.SetLimit(deleteWorkers)
	for start := 0; start < len(entries); start += maxBatch {
		job := newDeleteJob()
		for _, e := range entries[start:min(start+maxBatch, len(entries))] {
			job.add(e)
		}
		group.Go(guarded(func() error {
			resends := keyResends(d.report.call.Settings)
			d.report.record(job, deleteBatch(ctx, d.api, d.bucket, job.ids, false, resends,
				d.options...))
			return nil
		}))
	}
	_ = group.Wait()
}

func (d *keyDeleter) withoutFailed(keys []string) []string {
	out := keys[:0]
	for _, k := range keys {
		if !d.report.keyFailed(k) {
			out = append(out, k)
		}
	}
	return out
}

// failRemaining reports keys that still list versions after maxPasses.
func (d *keyDeleter) failRemaining(found []keyVersions) {
	for _, f := range found {
		err := fmt.Errorf("key %s still lists %d versions or delete markers after %d delete "+
			"passes; run the step again and check the server", f.key, len(f.entries), maxPasses)
		d.report.failKey(f.key, NewFailure(d.report.title, f.key, err))
	}
}

// distinct drops repeated keys, keeping the first occurrence's order.
func distinct(keys []string) []string {
	seen := make(map[string]struct{}, len(keys))
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		if _, dup := seen[k]; !dup {
			seen[k] = struct{}{}
			out = append(out, k)
		}
	}
	return out
}

func objectID(key string, version *string) types.ObjectIdentifier {
	return types.ObjectIdentifier{Key: aws.String(key), VersionId: version}
}
