package actions

import (
	"path/filepath"
	"slices"
	"strings"
)

// Earlier steps of a plan write objects and files that later steps read,
// such as a move and a move back, or a download and then an upload of the
// downloaded file. A plan reads the live state, where those do not exist
// yet, so PlanState records them: a later step's plan predicts its outcome
// against what the earlier steps would leave.

// plannedWrites records the objects and files that earlier planned steps
// would write and move away.
type plannedWrites struct {
	objects map[string]int64 // objectDestination to size
	// movedAway marks sources whose current version a planned move deletes.
	movedAway map[string]bool
	// revealed is, for a source in a versioned bucket, the size of the older
	// version that becomes current when a planned move deletes the newest.
	revealed map[string]int64
	// hidden marks keys whose current version a planned delete without
	// all_versions hides behind a new delete marker, in a versioned bucket.
	hidden map[string]bool
	files  map[string]int64 // fileDestination to size
}

func (p *PlanState) writesLocked() *plannedWrites {
	if p.writes == nil {
		p.writes = &plannedWrites{objects: map[string]int64{}, movedAway: map[string]bool{},
			revealed: map[string]int64{}, hidden: map[string]bool{}, files: map[string]int64{}}
	}
	return p.writes
}

// NoteObjectWritten records that a planned step would write an object of
// size bytes at the key.
func (p *PlanState) NoteObjectWritten(bucket, key string, size int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.writesLocked().objects[objectDestination(bucket, key)] = size
}

// NoteObjectMovedAway records that a planned move would delete the current
// object at the key after copying it. olderSize is the size of the older
// version that then becomes current in a versioned bucket, or nil when
// none would.
func (p *PlanState) NoteObjectMovedAway(bucket, key string, olderSize *int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	w := p.writesLocked()
	id := objectDestination(bucket, key)
	delete(w.objects, id)
	delete(w.revealed, id)
	w.movedAway[id] = true
	if olderSize != nil {
		w.revealed[id] = *olderSize
	}
}

// PlannedObject returns what earlier planned steps would leave as the
// current object at the key. exists is true, with the size, when they
// write one or a move reveals an older version. movedAway is true when a
// move or a delete takes the object away and leaves nothing current. Both
// are false when no planned step touches the key.
func (p *PlanState) PlannedObject(bucket, key string) (size int64, exists, movedAway bool) {
	if p == nil {
		return 0, false, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	fate := p.buckets[bucket]
	deleted := fate != nil && (fate.emptied || fate.deletedKeys[key])
	if p.writes == nil {
		return 0, false, deleted
	}
	id := objectDestination(bucket, key)
	if size, ok := p.writes.objects[id]; ok {
		return size, true, false
	}
	if size, ok := p.writes.revealed[id]; ok {
		return size, true, false
	}
	return 0, false, deleted || p.writes.movedAway[id] || p.writes.hidden[id]
}

// NoteObjectHidden records that a planned delete without all_versions
// would hide the current object at the key behind a new delete marker.
func (p *PlanState) NoteObjectHidden(bucket, key string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	w := p.writesLocked()
	id := objectDestination(bucket, key)
	delete(w.objects, id)
	delete(w.revealed, id)
	w.hidden[id] = true
}

// NoteFileWritten records that a planned download would write a local file
// of size bytes at path.
func (p *PlanState) NoteFileWritten(path string, size int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.writesLocked().files[fileDestination(path)] = size
}

// plannedFile is a local file that an earlier planned download would write.
type plannedFile struct {
	path string
	size int64
}

// PlannedFiles returns the files that earlier planned downloads would
// write at path, or that match it as a pattern (filepath.Match syntax), in
// path order.
func (p *PlanState) PlannedFiles(path string) []plannedFile {
	if p == nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.writes == nil {
		return nil
	}
	exact := fileDestination(path)
	pattern := filepath.Join(fileDestination(filepath.Dir(path)), filepath.Base(path))
	var out []plannedFile
	for file, size := range p.writes.files {
		matched, _ := filepath.Match(pattern, file)
		if file == exact || (matched && strings.ContainsAny(path, "*?[")) {
			out = append(out, plannedFile{path: file, size: size})
		}
	}
	slices.SortFunc(out, func(a, b plannedFile) int { return strings.Compare(a.path, b.path) })
	return out
}

// bucketWrites contains, by key, the changes that earlier planned steps would
// make to one bucket (see plannedWrites).
type bucketWrites struct {
	movedAway, hidden map[string]bool
	written, revealed map[string]int64
}

// bucketWrites returns what earlier planned steps would do to the bucket.
func (p *PlanState) bucketWrites(bucket string) bucketWrites {
	if p == nil {
		return bucketWrites{}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.writes == nil {
		return bucketWrites{}
	}

	prefix := objectDestination(bucket, "")
	return bucketWrites{
		movedAway: keysUnder(p.writes.movedAway, prefix),
		hidden:    keysUnder(p.writes.hidden, prefix),
		written:   keysUnder(p.writes.objects, prefix),
		revealed:  keysUnder(p.writes.revealed, prefix),
	}
}

// keysUnder returns the entries of m whose object destination starts with
// prefix, keyed by the object key that follows it.
func keysUnder[V any](m map[string]V, prefix string) map[string]V {
	out := map[string]V{}
	for id, value := range m {
		if key, ok := strings.CutPrefix(id, prefix); ok {
			out[key] = value
		}
	}
	return out
}

// forgetWritesLocked drops what planned steps wrote into a bucket, or into
// the given keys of it, when a planned delete removes all of it again.
func (p *PlanState) forgetWritesLocked(bucket string, keys []string) {
	if p.writes == nil {
		return
	}
	prefix := objectDestination(bucket, "")
	forget := func(id string) bool {
		if keys == nil {
			return strings.HasPrefix(id, prefix)
		}
		key, ok := strings.CutPrefix(id, prefix)
		return ok && slices.Contains(keys, key)
	}
	for _, m := range []map[string]int64{p.writes.objects, p.writes.revealed} {
		for id := range m {
			if forget(id) {
				delete(m, id)
			}
		}
	}
	for id := range p.writes.hidden {
		if forget(id) {
			delete(p.writes.hidden, id)
		}
	}
}
