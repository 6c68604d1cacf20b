package history

import (
	"context"
	"fmt"
	"time"
)

// PruneFilter narrows the entries Prune deletes. The zero value selects
// every entry.
type PruneFilter struct {
	// Command, when set, selects only the entries that command wrote:
	// CommandRun for runs of `s3play run`, or CommandServe for the runs
	// and skips of `s3play serve`.
	Command  string
	Playbook string // only this playbook's entries when set
}

// Prune deletes the runs and skips that started before cutoff and that f
// selects, and returns how many it deleted. Runs still going have a start
// time like any other.
func (s *Store) Prune(ctx context.Context, cutoff time.Time, f PruneFilter) (int64, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM entries WHERE started < ?
		AND (? = '' OR command = ?) AND (? = '' OR playbook = ?)`,
		formatTime(cutoff), f.Command, f.Command, f.Playbook, f.Playbook)
	if err != nil {
		return 0, fmt.Errorf("prune history in %s: %w", s.path, err)
	}
	return res.RowsAffected()
}
