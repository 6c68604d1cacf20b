package history

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/s3play/s3play/engine"
)

const insertEntry = `INSERT INTO entries (id, kind, command, playbook, file, status,
	started, finished, duration_ms, api_calls, retries, reason, record)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// SaveRun stores a finished run's record. command is CommandRun or
// CommandServe. Inputs whose names suggest a secret and every value in
// Secrets are redacted first.
func (s *Store) SaveRun(ctx context.Context, command string, rec *engine.Record) error {
	text, err := s.recordJSON(rec)
	if err != nil {
		return fmt.Errorf("save run %s to history: %w", rec.RunID, err)
	}
	_, err = s.db.ExecContext(ctx, insertEntry, rec.RunID, KindRun, command, rec.Playbook,
		rec.File, string(rec.Status), formatTime(rec.Started), formatTime(rec.Finished),
		rec.DurationMS, rec.APICalls, rec.Retries, "", text)
	if err != nil {
		return fmt.Errorf("save run %s to history %s: %w", rec.RunID, s.path, err)
	}
	return nil
}

// SaveSkip stores a scheduled run that was not started and returns the
// entry's id.
func (s *Store) SaveSkip(ctx context.Context, skip Skip) (string, error) {
	id := skipID(skip)
	reason := SkipReason(skip)
	data, err := json.Marshal(struct {
		ID     string `json:"id"`
		Kind   string `json:"kind"`
		Reason string `json:"reason"`
		Skip
	}{id, KindSkip, reason, skip})
	if err != nil {
		return "", err
	}
	at := formatTime(skip.Scheduled)
	_, err = s.db.ExecContext(ctx, insertEntry, id, KindSkip, CommandServe, skip.Playbook,
		skip.File, StatusSkipped, at, at, 0, 0, 0, reason, s.scrub(string(data)))
	if err != nil {
		return "", fmt.Errorf("save skipped run of %s to history %s: %w", skip.Playbook, s.path, err)
	}
	return id, nil
}

// SkipReason explains a skip in one sentence.
func SkipReason(skip Skip) string {
	return "not started: the previous run of " + skip.Playbook + ", started at " +
		skip.RunningSince.UTC().Format("2006-01-02T15:04:05Z") + ", was still running"
}

// skipID has the shape of a run id with a "skip-" prefix, so skips sort
// among runs and are never mistaken for one.
func skipID(skip Skip) string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return "skip-" + skip.Scheduled.UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b)
}

// secretName matches input names that suggest a secret. The engine
// applies the same rule to step parameters.
var secretName = regexp.MustCompile(`(?i)secret|password|token|credential|private_key|session_key`)

const redacted = "[redacted]"

func (s *Store) recordJSON(rec *engine.Record) (string, error) {
	clean := *rec
	clean.Inputs = make(map[string]any, len(rec.Inputs))
	for name, v := range rec.Inputs {
		if secretName.MatchString(name) {
			v = redacted
		}
		clean.Inputs[name] = v
	}
	data, err := json.Marshal(&clean)
	if err != nil {
		return "", err
	}
	return s.scrub(string(data)), nil
}

// minSecretLength keeps short values, which could be ordinary words or
// numbers in a record, from being treated as secrets.
const minSecretLength = 8

// scrub replaces every secret in a JSON text with "[redacted]". A secret is
// matched as json.Marshal escapes it, which is how it would appear.
func (s *Store) scrub(text string) string {
	for _, secret := range s.Secrets {
		if len(secret) < minSecretLength {
			continue
		}
		quoted, _ := json.Marshal(secret)
		escaped := strings.Trim(string(quoted), `"`)
		text = strings.ReplaceAll(text, escaped, redacted)
	}
	return text
}
