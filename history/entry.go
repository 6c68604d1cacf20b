package history

import (
	"time"
)

// Kinds of history entries.
const (
	KindRun  = "run"  // a run of a playbook, with its full record
	KindSkip = "skip" // a scheduled run that serve did not start
)

// Commands that write history.
const (
	CommandRun   = "run"
	CommandServe = "serve"
)

// StatusSkipped is the status of a skip entry. Runs have the statuses of
// engine.Record: Succeeded, PartiallySucceeded, Failed or Canceled.
const StatusSkipped = "Skipped"

// Entry is one line of the history: a run or a skipped scheduled run.
type Entry struct {
	ID         string    `json:"id"` // the run id, or a generated id for a skip
	Kind       string    `json:"kind"`
	Command    string    `json:"command"`
	Playbook   string    `json:"playbook"`
	File       string    `json:"file"`
	Status     string    `json:"status"`
	Started    time.Time `json:"started"` // for a skip, the time it was scheduled for
	Finished   time.Time `json:"finished"`
	DurationMS int64     `json:"duration_ms"`
	APICalls   int64     `json:"api_calls"`
	Retries    int64     `json:"retries"`
	Reason     string    `json:"reason,omitempty"`
}

// Skip describes a scheduled run that was not started because the
// previous run of the same playbook was still going.
type Skip struct {
	Playbook  string    `json:"playbook"`
	File      string    `json:"file"`
	Scheduled time.Time `json:"scheduled"`
	// RunningSince is when the run that was still going had started.
	RunningSince time.Time `json:"running_since"`
}

// timeLayout has a fixed width, so stored times sort as text in time order.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

func formatTime(t time.Time) string {
	return t.UTC().Format(timeLayout)
}

func parseTime(s string) time.Time {
	t, _ := time.Parse(timeLayout, s)
	return t
}
