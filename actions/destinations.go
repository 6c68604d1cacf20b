package actions

import (
	"fmt"
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
		return fmt.Errorf("%s is written by %s in this run, and this write would replace "+
			"it. Give each write its own destination, such as a destination_path or folder "+
			"per source", destination, first)
	}
	d.owners[destination] = owner
	return nil
}

// objectDestination names an object for Claim.
func objectDestination(bucket, key string) string {
	return "s3://" + bucket + "/" + key
}
