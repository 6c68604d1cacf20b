// Package history keeps the record of every run of `s3play run` and
// `s3play serve`, and every scheduled run that serve skipped, in an
// embedded SQLite database (modernc.org/sqlite, pure Go) in the state
// folder.
package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// FileName is the database file inside the state folder.
const FileName = "history.db"

// schemaVersion is stored in PRAGMA user_version, so a later version of
// s3play can tell which tables a file has.
const schemaVersion = 1

const createTables = `
CREATE TABLE IF NOT EXISTS entries (
	id          TEXT PRIMARY KEY,
	kind        TEXT NOT NULL,
	command     TEXT NOT NULL,
	playbook    TEXT NOT NULL,
	file        TEXT NOT NULL,
	status      TEXT NOT NULL,
	started     TEXT NOT NULL,
	finished    TEXT NOT NULL,
	duration_ms INTEGER NOT NULL,
	api_calls   INTEGER NOT NULL,
	retries     INTEGER NOT NULL,
	reason      TEXT NOT NULL,
	record      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS entries_started ON entries (started);
CREATE INDEX IF NOT EXISTS entries_playbook_started ON entries (playbook, started);
`

// Store is an open history database. It is safe for concurrent use, and
// several processes may write to the same file: SQLite's write-ahead log
// and a busy timeout of 5 seconds serialize them.
type Store struct {
	db   *sql.DB
	path string
	// Secrets are values to replace with "[redacted]" wherever they
	// appear in a stored record, such as AWS_SECRET_ACCESS_KEY.
	Secrets []string
}

// Open opens or creates the history database in dir, creating dir with
// mode 0700 and the file with mode 0600, because records name buckets,
// keys and accounts.
func Open(ctx context.Context, dir string) (*Store, error) {
	if err := checkDir(dir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("open history: create state folder: %w", err)
	}
	path := filepath.Join(dir, FileName)
	if err := createPrivateFile(path); err != nil {
		return nil, fmt.Errorf("open history: %w", err)
	}
	dsn := path + "?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open history %s: %w", path, err)
	}
	s := &Store{db: db, path: path}
	if err := s.migrate(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("open history %s: %w", path, err)
	}
	return s, nil
}

// ErrNoHistory is returned by OpenExisting for a state folder without a
// history database.
var ErrNoHistory = errors.New("no history")

// OpenExisting opens the history database in dir as Open does, but creates
// neither the folder nor the file, so that commands that only read the
// history leave no trace. It returns an error wrapping ErrNoHistory when
// dir has no history database.
func OpenExisting(ctx context.Context, dir string) (*Store, error) {
	if err := checkDir(dir); err != nil {
		return nil, err
	}
	_, err := os.Stat(filepath.Join(dir, FileName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w in %s: no run has been saved there", ErrNoHistory, dir)
	}
	if err != nil {
		return nil, fmt.Errorf("open history: %w", err)
	}
	return Open(ctx, dir)
}

func checkDir(dir string) error {
	if dir == "" {
		return errors.New("open history: the state folder is not set")
	}
	if strings.ContainsRune(dir, '?') {
		return fmt.Errorf("open history: the state folder %q contains '?', "+
			"which the SQLite driver reads as the start of its options; choose another folder", dir)
	}
	return nil
}

// createPrivateFile creates an empty file readable only by its owner
// unless it exists, so SQLite does not create it with the umask's mode.
func createPrivateFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	return f.Close()
}

func (s *Store) migrate(ctx context.Context) error {
	var version int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return err
	}
	if version > schemaVersion {
		return fmt.Errorf("the database was written by a newer s3play (schema %d, this "+
			"version reads %d); upgrade s3play or use another --state folder", version, schemaVersion)
	}
	if _, err := s.db.ExecContext(ctx, createTables); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", schemaVersion))
	return err
}

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }
