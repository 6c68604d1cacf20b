package actions

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// fakeEntry is one stored version; unversioned objects have version "null".
type fakeEntry struct {
	key, version string
	marker       bool
}

// fakeS3 is an in-memory bucket that records the requests it receives.
// Tests reach it over HTTP through f.client, which serves it with s3Handler,
// so the SDK encodes every request and decodes every reply.
type fakeS3 struct {
	mu      sync.Mutex
	entries []fakeEntry // sorted by key, then version
	uploads []types.MultipartUpload

	deletes      [][]types.ObjectIdentifier // Objects of each DeleteObjects request
	listRequests int
	// markerGone counts ListObjectVersions requests whose markers named an
	// entry that was already deleted.
	markerGone int
	// keyError, when set, returns a per-key error for a 200 DeleteObjects
	// reply; attempt counts the requests that carried that key before.
	keyError func(id types.ObjectIdentifier, attempt int) *types.Error
	attempts map[entryKey]int
	// keepDeleted is how many DeleteObjects requests report success but
	// leave their entries listed; -1 means every request.
	keepDeleted int
	// versionsDelay delays each ListObjectVersions reply, giving deletes
	// sent in the meantime time to land first.
	versionsDelay time.Duration
	// repeatBoundary repeats the marker entry at the start of the next page,
	// as versitygw 1.8.0 does.
	repeatBoundary bool
}

func newFakeS3(entries ...fakeEntry) *fakeS3 {
	f := &fakeS3{entries: entries, attempts: map[entryKey]int{}}
	f.sort()
	return f
}

// fakeKeys returns unversioned entries named prefix00000, prefix00001, ...
func fakeKeys(prefix string, n int) []fakeEntry {
	out := make([]fakeEntry, n)
	for i := range out {
		out[i] = fakeEntry{key: fmt.Sprintf("%s%05d", prefix, i), version: "null"}
	}
	return out
}

func (f *fakeS3) sort() {
	slices.SortFunc(f.entries, func(a, b fakeEntry) int {
		return strings.Compare(a.key+"\x00"+a.version, b.key+"\x00"+b.version)
	})
}

// view returns the entries whose key starts with prefix.
func (f *fakeS3) view(prefix *string) []fakeEntry {
	out := make([]fakeEntry, 0, len(f.entries))
	for _, e := range f.entries {
		if strings.HasPrefix(e.key, aws.ToString(prefix)) {
			out = append(out, e)
		}
	}
	return out
}

// after returns the index of the first entry that sorts after key/version.
func after(entries []fakeEntry, key, version string) int {
	for i, e := range entries {
		if e.key > key || (e.key == key && e.version > version) {
			return i
		}
	}
	return len(entries)
}

func (f *fakeS3) ListObjectsV2(_ context.Context, in *s3.ListObjectsV2Input,
	_ ...func(*s3.Options)) (*s3.ListObjectsV2Output, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.listRequests++
	entries := f.view(in.Prefix)
	start := 0
	if in.ContinuationToken != nil {
		// The token is the last key returned, so deletes do not shift it.
		start = after(entries, *in.ContinuationToken, "\xff")
	}
	out := &s3.ListObjectsV2Output{Contents: []types.Object{}}
	i := start
	for ; i < len(entries) && len(out.Contents) < int(aws.ToInt32(in.MaxKeys)); i++ {
		out.Contents = append(out.Contents, types.Object{Key: aws.String(entries[i].key),
			Size: aws.Int64(1)})
	}
	if i < len(entries) {
		out.IsTruncated = aws.Bool(true)
		out.NextContinuationToken = aws.String(entries[i-1].key)
	}
	return out, nil
}

func (f *fakeS3) ListObjectVersions(_ context.Context, in *s3.ListObjectVersionsInput,
	_ ...func(*s3.Options)) (*s3.ListObjectVersionsOutput, error) {
	time.Sleep(f.versionsDelay)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.listRequests++
	entries := f.view(in.Prefix)
	start := 0
	if in.KeyMarker != nil {
		key, version := *in.KeyMarker, aws.ToString(in.VersionIdMarker)
		start = after(entries, key, version)
		found := start > 0 && entries[start-1].key == key && entries[start-1].version == version
		switch {
		case !found:
			f.markerGone++
		case f.repeatBoundary:
			start--
		}
	}
	out := &s3.ListObjectVersionsOutput{}
	end := min(start+int(aws.ToInt32(in.MaxKeys)), len(entries))
	for _, e := range entries[start:end] {
		if e.marker {
			out.DeleteMarkers = append(out.DeleteMarkers, types.DeleteMarkerEntry{
				Key: aws.String(e.key), VersionId: aws.String(e.version)})
		} else {
			out.Versions = append(out.Versions, types.ObjectVersion{
				Key: aws.String(e.key), VersionId: aws.String(e.version)})
		}
	}
	if end < len(entries) {
		last := entries[end-1]
		out.IsTruncated = aws.Bool(true)
		out.NextKeyMarker, out.NextVersionIdMarker = aws.String(last.key), aws.String(last.version)
	}
	return out, nil
}

func (f *fakeS3) ListMultipartUploads(_ context.Context, _ *s3.ListMultipartUploadsInput,
	_ ...func(*s3.Options)) (*s3.ListMultipartUploadsOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return &s3.ListMultipartUploadsOutput{Uploads: slices.Clone(f.uploads)}, nil
}

func (f *fakeS3) AbortMultipartUpload(_ context.Context, in *s3.AbortMultipartUploadInput,
	_ ...func(*s3.Options)) (*s3.AbortMultipartUploadOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.uploads = slices.DeleteFunc(f.uploads, func(u types.MultipartUpload) bool {
		return *u.UploadId == *in.UploadId
	})
	return &s3.AbortMultipartUploadOutput{}, nil
}

func (f *fakeS3) DeleteObjects(_ context.Context, in *s3.DeleteObjectsInput,
	_ ...func(*s3.Options)) (*s3.DeleteObjectsOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.deletes = append(f.deletes, slices.Clone(in.Delete.Objects))
	keep := f.keepDeleted < 0 || len(f.deletes) <= f.keepDeleted
	out := &s3.DeleteObjectsOutput{}
	for _, id := range in.Delete.Objects {
		k := entryKey{aws.ToString(id.Key), aws.ToString(id.VersionId)}
		if f.keyError != nil {
			if e := f.keyError(id, f.attempts[k]); e != nil {
				f.attempts[k]++
				out.Errors = append(out.Errors, *e)
				continue
			}
		}
		f.attempts[k]++
		if !keep {
			f.remove(k)
		}
		if !aws.ToBool(in.Delete.Quiet) {
			out.Deleted = append(out.Deleted, types.DeletedObject{Key: id.Key,
				VersionId: id.VersionId})
		}
	}
	return out, nil
}

// remove deletes one version, or every entry of the key without a version.
func (f *fakeS3) remove(k entryKey) {
	f.entries = slices.DeleteFunc(f.entries, func(e fakeEntry) bool {
		return e.key == k.key && (k.version == "" || e.version == k.version)
	})
}

func (f *fakeS3) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.entries) + len(f.uploads)
}

// errorFor returns a keyError hook that fails key with code on the first
// failures attempts, or forever when failures is negative.
func errorFor(key, code string, failures int) func(types.ObjectIdentifier, int) *types.Error {
	return func(id types.ObjectIdentifier, attempt int) *types.Error {
		if aws.ToString(id.Key) != key || (failures >= 0 && attempt >= failures) {
			return nil
		}
		return &types.Error{Key: id.Key, VersionId: id.VersionId, Code: aws.String(code),
			Message: aws.String(code + " for " + key)}
	}
}
