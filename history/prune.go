package history

import (
	"context"
	"fmt"
	"time"
)

// Prune deletes the runs and skips that started before cutoff and returns
// how many it deleted. Runs still going have a start time like any other.
func (s *Store) Prune(ctx context.Context, cutoff time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM entries WHERE started < ?`, formatTime(cutoff))
	if err != nil {
		return 0, fmt.Errorf("prune history in %s: %w", s.path, err)
	}
	return res.RowsAffected()
}
