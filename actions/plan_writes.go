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
	files    map[string]int64 // fileDestination to size
}

func (p *PlanState) writesLocked() *plannedWrites {
	if p.writes == nil {
		p.writes = &plannedWrites{objects: map[string]int64{}, movedAway: map[string]bool{},
			revealed: map[string]int64{}, files: map[string]int64{}}
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
// move takes the object away and leaves nothing. Both are false when no
// planned step touches the key.
func (p *PlanState) PlannedObject(bucket, key string) (size int64, exists, movedAway bool) {
	if p == nil {
		return 0, false, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.writes == nil {
		return 0, false, false
	}
	id := objectDestination(bucket, key)
	if size, ok := p.writes.objects[id]; ok {
		return size, true, false
	}
	if size, ok := p.writes.revealed[id]; ok {
		return size, true, false
	}
	return 0, false, p.writes.movedAway[id]
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

// bucketWrites returns what earlier planned steps would do to the bucket,
// by key: the keys whose current version a move deletes, the objects they
// write, and the older versions that such moves reveal.
func (p *PlanState) bucketWrites(bucket string) (movedAway map[string]bool, written,
	revealed map[string]int64) {
	movedAway, written, revealed = map[string]bool{}, map[string]int64{}, map[string]int64{}
	if p == nil {
		return movedAway, written, revealed
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.writes == nil {
		return movedAway, written, revealed
	}
	prefix := objectDestination(bucket, "")
	for id := range p.writes.movedAway {
		if key, ok := strings.CutPrefix(id, prefix); ok {
			movedAway[key] = true
		}
	}
	for id, size := range p.writes.objects {
		if key, ok := strings.CutPrefix(id, prefix); ok {
			written[key] = size
		}
	}
	for id, size := range p.writes.revealed {
		if key, ok := strings.CutPrefix(id, prefix); ok {
			revealed[key] = size
		}
	}
	return movedAway, written, revealed
}

// forgetWritesLocked drops the planned writes of a bucket, or of the given
// keys of it, that a planned delete removes again.
func (p *PlanState) forgetWritesLocked(bucket string, keys []string) {
	if p.writes == nil {
		return
	}
	if keys != nil {
		for _, key := range keys {
			delete(p.writes.objects, objectDestination(bucket, key))
		}
		return
	}
	prefix := objectDestination(bucket, "")
	for id := range p.writes.objects {
		if strings.HasPrefix(id, prefix) {
			delete(p.writes.objects, id)
		}
	}
}
