package actions

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// versionEntry is one object version or delete marker from a listing.
type versionEntry struct {
	id     types.ObjectIdentifier
	marker bool // true for a delete marker
}

// entryKey identifies a version for deduplication.
type entryKey struct{ key, version string }

// pageWindow drops entries already returned by the current or the previous
// page. versitygw 1.8.0 returns the entry named by the next markers again at
// the start of the next page, so 3,000 objects listed in pages of 1,000
// arrive as 3,003 entries. Listings are sorted by key, so a repeat can only
// come from the page before; remembering two pages keeps memory bounded for
// buckets of any size.
type pageWindow struct {
	previous, current map[entryKey]struct{}
}

func newPageWindow() *pageWindow {
	return &pageWindow{previous: map[entryKey]struct{}{}, current: map[entryKey]struct{}{}}
}

// turn starts a new page.
func (w *pageWindow) turn() {
	w.previous, w.current = w.current, w.previous
	clear(w.current)
}

// firstSeen records the entry and reports whether it is new.
func (w *pageWindow) firstSeen(id types.ObjectIdentifier) bool {
	k := entryKey{aws.ToString(id.Key), aws.ToString(id.VersionId)}
	if _, dup := w.previous[k]; dup {
		return false
	}
	if _, dup := w.current[k]; dup {
		return false
	}
	w.current[k] = struct{}{}
	return true
}

// versionFeed turns ListObjectVersions pages into distinct entries, holding
// back the entry named by the next markers until the following page has
// arrived. On versitygw 1.8.0, deleting that entry before the next request
// makes the next page come back empty and not truncated, which silently
// ends the listing.
type versionFeed struct {
	window *pageWindow
	held   *versionEntry
	emit   func(versionEntry)
}

func newVersionFeed(emit func(versionEntry)) *versionFeed {
	return &versionFeed{window: newPageWindow(), emit: emit}
}

// page emits the page's new entries and the entry held from the page before.
func (f *versionFeed) page(out *s3.ListObjectVersionsOutput) {
	f.window.turn()
	if f.held != nil {
		f.emit(*f.held)
		f.held = nil
	}
	var next *entryKey
	if aws.ToBool(out.IsTruncated) {
		next = &entryKey{aws.ToString(out.NextKeyMarker), aws.ToString(out.NextVersionIdMarker)}
	}
	for _, v := range out.Versions {
		f.add(versionEntry{id: types.ObjectIdentifier{Key: v.Key, VersionId: v.VersionId}}, next)
	}
	for _, m := range out.DeleteMarkers {
		f.add(versionEntry{
			id:     types.ObjectIdentifier{Key: m.Key, VersionId: m.VersionId},
			marker: true,
		}, next)
	}
}

func (f *versionFeed) add(e versionEntry, next *entryKey) {
	if !f.window.firstSeen(e.id) {
		return
	}
	if next != nil && *next == (entryKey{aws.ToString(e.id.Key), aws.ToString(e.id.VersionId)}) {
		f.held = &e
		return
	}
	f.emit(e)
}

// flush emits the held entry once the listing has ended.
func (f *versionFeed) flush() {
	if f.held != nil {
		f.emit(*f.held)
		f.held = nil
	}
}
