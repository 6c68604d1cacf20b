package actions

import "sync"

// PlanState records what the planned steps of one plan would do to
// buckets, so that a later step predicts its outcome against the state the
// earlier steps would leave, not only the live one. Reads still see the
// live state: a list step after a planned delete lists what exists now.
// All methods are safe for concurrent use and accept a nil receiver, which
// records nothing.
type PlanState struct {
	mu      sync.Mutex
	buckets map[string]*plannedBucket
	writes  *plannedWrites
}

// plannedBucket is the effect of earlier planned steps on one bucket.
type plannedBucket struct {
	emptied bool
	// leftBehind explains why a planned emptying would leave entries, such
	// as the older versions of a versioned bucket.
	leftBehind  string
	created     bool
	region      string          // region of a planned create
	deletedKeys map[string]bool // keys whose every version would be deleted
}

// NewPlanState returns an empty state for one plan.
func NewPlanState() *PlanState {
	return &PlanState{buckets: map[string]*plannedBucket{}}
}

func (p *PlanState) bucketLocked(name string) *plannedBucket {
	b := p.buckets[name]
	if b == nil {
		b = &plannedBucket{deletedKeys: map[string]bool{}}
		p.buckets[name] = b
	}
	return b
}

// NoteEmptied records that a planned step would leave the bucket empty.
func (p *PlanState) NoteEmptied(bucket string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	b := p.bucketLocked(bucket)
	b.emptied, b.leftBehind = true, ""
	p.forgetWritesLocked(bucket, nil)
}

// NoteLeftBehind records that a planned step would empty the bucket only
// partly, and the reason.
func (p *PlanState) NoteLeftBehind(bucket, reason string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	b := p.bucketLocked(bucket)
	if !b.emptied {
		b.leftBehind = reason
	}
}

// NoteKeysDeleted records that a planned step would delete every version
// and delete marker of the keys.
func (p *PlanState) NoteKeysDeleted(bucket string, keys []string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	b := p.bucketLocked(bucket)
	for _, k := range keys {
		b.deletedKeys[k] = true
	}
	p.forgetWritesLocked(bucket, keys)
}

// NoteCreated records that a planned step would create the bucket in the
// region.
func (p *PlanState) NoteCreated(bucket, region string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	b := p.bucketLocked(bucket)
	b.created, b.region = true, region
}

// CreatedRegion returns the region of a bucket that an earlier planned
// step would create, and false when no planned step creates it.
func (p *PlanState) CreatedRegion(bucket string) (string, bool) {
	fate, ok := p.bucketFate(bucket)
	if !ok || !fate.created {
		return "", false
	}
	return fate.region, true
}

// bucketFate returns a copy of what earlier planned steps would do to the
// bucket, and false when they would not touch it.
func (p *PlanState) bucketFate(bucket string) (plannedBucket, bool) {
	if p == nil {
		return plannedBucket{}, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	b, ok := p.buckets[bucket]
	if !ok {
		return plannedBucket{}, false
	}
	out := *b
	out.deletedKeys = make(map[string]bool, len(b.deletedKeys))
	for k := range b.deletedKeys {
		out.deletedKeys[k] = true
	}
	return out, true
}
