package history

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
)

// ErrNotFound is returned by Get for an unknown id.
var ErrNotFound = errors.New("not found in history")

// DefaultLimit is the number of entries List returns when Filter.Limit
// is 0.
const DefaultLimit = 20

// Filter selects entries for List.
type Filter struct {
	Playbook string // only this playbook's entries when set
	Kind     string // only runs (KindRun) or skips (KindSkip) when set
	Limit    int    // at most this many, newest first; 0 means DefaultLimit
}

const selectColumns = `SELECT id, kind, command, playbook, file, status, started, finished,
	duration_ms, api_calls, retries, reason FROM entries`

// List returns entries newest first.
func (s *Store) List(ctx context.Context, f Filter) ([]Entry, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	query := selectColumns + ` WHERE (? = '' OR playbook = ?) AND (? = '' OR kind = ?)
		ORDER BY started DESC, id DESC LIMIT ?`
	rows, err := s.db.QueryContext(ctx, query, f.Playbook, f.Playbook, f.Kind, f.Kind, limit)
	if err != nil {
		return nil, fmt.Errorf("read history %s: %w", s.path, err)
	}
	defer rows.Close()
	entries := []Entry{}
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, fmt.Errorf("read history %s: %w", s.path, err)
		}
		entries = append(entries, e)
	}
	return entries, rows.Err()
}

// Get returns one entry and its stored record: the run record as JSON,
// or for a skip the skip's details.
func (s *Store) Get(ctx context.Context, id string) (Entry, json.RawMessage, error) {
	row := s.db.QueryRowContext(ctx, `SELECT id, kind, command, playbook, file, status,
		started, finished, duration_ms, api_calls, retries, reason, record
		FROM entries WHERE id = ?`, id)
	var e Entry
	var started, finished, record string
	err := row.Scan(&e.ID, &e.Kind, &e.Command, &e.Playbook, &e.File, &e.Status, &started,
		&finished, &e.DurationMS, &e.APICalls, &e.Retries, &e.Reason, &record)
	if errors.Is(err, sql.ErrNoRows) {
		return Entry{}, nil, fmt.Errorf("run %s: %w %s", id, ErrNotFound, s.path)
	}
	if err != nil {
		return Entry{}, nil, fmt.Errorf("read history %s: %w", s.path, err)
	}
	e.Started, e.Finished = parseTime(started), parseTime(finished)
	return e, json.RawMessage(record), nil
}

func scanEntry(rows *sql.Rows) (Entry, error) {
	var e Entry
	var started, finished string
	err := rows.Scan(&e.ID, &e.Kind, &e.Command, &e.Playbook, &e.File, &e.Status, &started,
		&finished, &e.DurationMS, &e.APICalls, &e.Retries, &e.Reason)
	e.Started, e.Finished = parseTime(started), parseTime(finished)
	return e, err
}
