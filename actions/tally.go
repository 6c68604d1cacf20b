package actions

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// sampleSize is how many keys a plan names for each emptied bucket.
const sampleSize = 10

// tally counts what deleting the entries of a listing would remove, for a
// plan. Every entry is counted once per (key, version id) or (key, upload
// id), because some servers list the entry at a page boundary twice.
type tally struct {
	counts  ObjectCounts
	sample  []string
	sampled map[string]bool
}

func newTally() *tally {
	return &tally{sampled: map[string]bool{}}
}

func (t *tally) sampleKey(key string) {
	if len(t.sample) < sampleSize && !t.sampled[key] {
		t.sampled[key] = true
		t.sample = append(t.sample, key)
	}
}

// objects counts the current objects of the bucket, as ListObjectsV2
// returns them, which is what a delete without all_versions removes.
func (t *tally) objects(ctx context.Context, api objectsLister, bucket string) error {
	window := newPageWindow()
	in := s3.ListObjectsV2Input{Bucket: aws.String(bucket)}
	return walkObjects(ctx, api, in, func(out *s3.ListObjectsV2Output) bool {
		window.turn()
		for _, o := range out.Contents {
			if window.firstSeen(types.ObjectIdentifier{Key: o.Key}) {
				t.counts.Objects++
				t.counts.Bytes += aws.ToInt64(o.Size)
				t.sampleKey(aws.ToString(o.Key))
			}
		}
		return true
	})
}

// versions counts every version and delete marker of the bucket.
func (t *tally) versions(ctx context.Context, api versionsLister, bucket string) error {
	window := newPageWindow()
	in := s3.ListObjectVersionsInput{Bucket: aws.String(bucket)}
	return walkVersions(ctx, api, in, func(out *s3.ListObjectVersionsOutput) bool {
		window.turn()
		eachNewVersion(window, out, t.addVersion)
		return true
	})
}

func (t *tally) addVersion(v listedVersion) {
	if v.marker {
		t.counts.DeleteMarkers++
	} else {
		t.counts.Versions++
		t.counts.Bytes += v.size
	}
	t.sampleKey(v.key)
}

// listedVersion is one object version or delete marker of a listing.
type listedVersion struct {
	key, versionID string
	size           int64
	marker         bool
}

// eachNewVersion calls visit for every version and delete marker of the
// page that the window has not seen before.
func eachNewVersion(window *pageWindow, out *s3.ListObjectVersionsOutput,
	visit func(listedVersion)) {
	for _, v := range out.Versions {
		if window.firstSeen(types.ObjectIdentifier{Key: v.Key, VersionId: v.VersionId}) {
			visit(listedVersion{key: aws.ToString(v.Key), versionID: aws.ToString(v.VersionId),
				size: aws.ToInt64(v.Size)})
		}
	}
	for _, m := range out.DeleteMarkers {
		if window.firstSeen(types.ObjectIdentifier{Key: m.Key, VersionId: m.VersionId}) {
			visit(listedVersion{key: aws.ToString(m.Key), versionID: aws.ToString(m.VersionId),
				marker: true})
		}
	}
}

// uploads counts the incomplete multipart uploads of the bucket.
func (t *tally) uploads(ctx context.Context, api uploadsLister, bucket string) error {
	seen := map[entryKey]bool{}
	in := s3.ListMultipartUploadsInput{Bucket: aws.String(bucket)}
	return walkUploads(ctx, api, in, func(out *s3.ListMultipartUploadsOutput) {
		for _, u := range out.Uploads {
			k := entryKey{aws.ToString(u.Key), aws.ToString(u.UploadId)}
			if !seen[k] {
				seen[k] = true
				t.counts.Uploads++
				t.sampleKey(k.key)
			}
		}
	})
}

// keyVersionsTally counts the versions and delete markers of exactly one
// key and returns them shaped like the Deleted entries of a DeleteObjects
// reply. The listing uses the key as prefix, so it also returns longer
// keys, which are left out.
func keyVersionsTally(ctx context.Context, api versionsLister, bucket, key string) (
	ObjectCounts, []any, error) {
	t := newTally()
	deleted := []any{}
	window := newPageWindow()
	in := s3.ListObjectVersionsInput{Bucket: aws.String(bucket), Prefix: aws.String(key)}
	err := walkVersions(ctx, api, in, func(out *s3.ListObjectVersionsOutput) bool {
		window.turn()
		eachNewVersion(window, out, func(v listedVersion) {
			if v.key != key {
				return
			}
			t.addVersion(v)
			entry := map[string]any{"Key": key, "VersionId": v.versionID}
			if v.marker {
				entry["DeleteMarker"] = true
			}
			deleted = append(deleted, entry)
		})
		return !showsOtherKey(out, key)
	})
	return t.counts, deleted, err
}
