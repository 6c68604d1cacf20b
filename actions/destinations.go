package actions

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"
)

// Destinations records what the state-changing calls of one run or plan
// write: objects as s3://bucket/key and local files by absolute path. A
// call that would write where another call of the same run wrote is
// rejected, because the second write would replace the first, and a move
// would then have deleted a source whose only copy is gone. Its methods
// accept a nil receiver, which records nothing.
type Destinations struct {
	mu     sync.Mutex
	owners map[string]string // destination to the call that wrote it
}

// NewDestinations returns an empty record for one run or plan.
func NewDestinations() *Destinations {
	return &Destinations{owners: map[string]string{}}
}

// Claim records that the call named owner writes destination. It fails when
// another call of the run claimed it first. A second claim by the same
// call succeeds, because an approved run plans each call before running it.
func (d *Destinations) Claim(destination, owner string) error {
	if d == nil {
		return nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if first, ok := d.owners[destination]; ok && first != owner {
		return fmt.Errorf("%s is the destination of %s in this run, and this write would "+
			"replace it. Give each write its own destination: another destination_path, "+
			"folder or destination per source", destination, first)
	}
	d.owners[destination] = owner
	return nil
}

// Release removes owner's claim on destination, because the call wrote
// nothing there, or a later call moved what it wrote away.
func (d *Destinations) Release(destination, owner string) {
	if d == nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.owners[destination] == owner {
		delete(d.owners, destination)
	}
}

// ReleaseAny removes any claim on destination: the object there was moved
// away, so a later write there replaces nothing that this run wrote.
func (d *Destinations) ReleaseAny(destination string) {
	if d == nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.owners, destination)
}

// ReleaseBucket removes every claim on objects of the bucket: a planned or
// real emptying removed them.
func (d *Destinations) ReleaseBucket(bucket string) {
	if d == nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	prefix := objectDestination(bucket, "")
	for destination := range d.owners {
		if strings.HasPrefix(destination, prefix) {
			delete(d.owners, destination)
		}
	}
}

// releaseDeleted removes the claims on the keys that a delete of the call
// removes, or on every object of the bucket when all is set.
func (c *Call) releaseDeleted(bucket string, keys []string, all bool) {
	if all {
		c.Destinations.ReleaseBucket(bucket)
		return
	}
	for _, key := range keys {
		c.Destinations.ReleaseAny(objectDestination(bucket, key))
	}
}

// fileDestination names a local file for Claim: its absolute path with
// the part that exists resolved through symbolic links, so that two names
// for one file are one destination.
func fileDestination(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	existing, rest := abs, ""
	for {
		if resolved, err := filepath.EvalSymlinks(existing); err == nil {
			return filepath.Join(resolved, rest)
		}
		parent := filepath.Dir(existing)
		if parent == existing {
			return abs
		}
		rest = filepath.Join(filepath.Base(existing), rest)
		existing = parent
	}
}

// objectDestination names an object for Claim.
func objectDestination(bucket, key string) string {
	return "s3://" + bucket + "/" + key
}
