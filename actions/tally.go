package actions

import (
	"context"
	"slices"

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
	targets targetDigest
	// movedAway and written are what earlier planned steps would move away from
	// the bucket and write into it (see PlanState.bucketWrites).
	movedAway map[string]bool
	written   map[string]int64
	revealed  map[string]int64
	hidden    map[string]bool
	seen      map[string]bool // keys of current objects counted from the listing
}

func newTally() *tally {
	return &tally{sampled: map[string]bool{}, seen: map[string]bool{}}
}

// withPlan makes the tally count the bucket as earlier planned steps would
// leave it.
func (t *tally) withPlan(state *PlanState, bucket string) *tally {
	w := state.bucketWrites(bucket)
	t.movedAway, t.written, t.revealed, t.hidden = w.movedAway, w.written, w.revealed, w.hidden
	return t
}

// addObject counts one current object.
func (t *tally) addObject(key string, size int64) {
	t.counts.Objects++
	t.counts.Bytes += size
	t.targets.add(key, size)
	t.sampleKey(key)
}

// addWritten counts the objects that earlier planned steps would write and
// the listing does not show, as current objects or as new versions.
func (t *tally) addWritten(asVersions bool) {
	keys := make([]string, 0, len(t.written))
	for key := range t.written {
		keys = append(keys, key)
	}
	slices.Sort(keys)
	for _, key := range keys {
		switch {
		case asVersions:
			t.addVersion(listedVersion{key: key, size: t.written[key]})
		case !t.seen[key]:
			t.addObject(key, t.written[key])
		}
	}
	if !asVersions {
		return
	}
	// The delete markers that planned deletes without all_versions add.
	hidden := make([]string, 0, len(t.hidden))
	for key := range t.hidden {
		hidden = append(hidden, key)
	}
	slices.Sort(hidden)
	for _, key := range hidden {
		t.addVersion(listedVersion{key: key, marker: true})
	}
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
			key := aws.ToString(o.Key)
			if !window.firstSeen(types.ObjectIdentifier{Key: o.Key}) {
				continue
			}
			size, exists := aws.ToInt64(o.Size), true
			if planned, ok := t.written[key]; ok {
				size = planned
			} else if t.movedAway[key] {
				size, exists = t.revealed[key]
			} else if t.hidden[key] {
				exists = false
			}
			if exists {
				t.seen[key] = true
				t.addObject(key, size)
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
		eachNewVersion(window, out, func(v listedVersion) {
			// A planned move deletes the version it copied, the current one,
			// and a planned delete replaces a current null version with a
			// null delete marker.
			removed := t.movedAway[v.key] || (t.hidden[v.key] && v.versionID == nullVersion)
			if !(v.latest && !v.marker && removed) {
				t.addVersion(v)
			}
		})
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
	t.targets.add(v.key, v.size)
	t.sampleKey(v.key)
}

// listedVersion is one object version or delete marker of a listing.
type listedVersion struct {
	key, versionID string
	size           int64
	marker         bool
	latest         bool // the current version or delete marker of its key
}

// eachNewVersion calls visit for every version and delete marker of the
// page that the window has not seen before.
func eachNewVersion(window *pageWindow, out *s3.ListObjectVersionsOutput,
	visit func(listedVersion)) {
	for _, v := range out.Versions {
		if window.firstSeen(types.ObjectIdentifier{Key: v.Key, VersionId: v.VersionId}) {
			visit(listedVersion{key: aws.ToString(v.Key), versionID: aws.ToString(v.VersionId),
				size: aws.ToInt64(v.Size), latest: aws.ToBool(v.IsLatest)})
		}
	}
	for _, m := range out.DeleteMarkers {
		if window.firstSeen(types.ObjectIdentifier{Key: m.Key, VersionId: m.VersionId}) {
			visit(listedVersion{key: aws.ToString(m.Key), versionID: aws.ToString(m.VersionId),
				marker: true, latest: aws.ToBool(m.IsLatest)})
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
				t.targets.add("upload:"+k.key+"\x00"+k.version, 0)
				t.sampleKey(k.key)
			}
		}
	})
}

// keyVersionsTally counts the versions and delete markers of exactly one
// key with t, which may hold what earlier planned steps would write or move
// away, and returns them shaped like the Deleted entries of a DeleteObjects
// reply. The listing uses the key as prefix, so it also returns longer
// keys, which are left out.
func keyVersionsTally(ctx context.Context, api versionsLister, t *tally, bucket, key string) (
	ObjectCounts, []any, error) {
	deleted := []any{}
	window := newPageWindow()
	in := s3.ListObjectVersionsInput{Bucket: aws.String(bucket), Prefix: aws.String(key)}
	err := walkVersions(ctx, api, in, func(out *s3.ListObjectVersionsOutput) bool {
		window.turn()
		eachNewVersion(window, out, func(v listedVersion) {
			if v.key != key || (v.latest && !v.marker && t.movedAway[key]) {
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
	if size, ok := t.written[key]; ok && err == nil {
		// The version that an earlier planned step would write.
		t.addVersion(listedVersion{key: key, size: size})
		deleted = append(deleted, map[string]any{"Key": key})
	}
	if t.hidden[key] && err == nil {
		// The delete marker that an earlier planned delete would add.
		t.addVersion(listedVersion{key: key, marker: true})
		deleted = append(deleted, map[string]any{"Key": key, "DeleteMarker": true})
	}
	return t.counts, deleted, err
}
