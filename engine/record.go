package engine

import (
	"regexp"
	"time"

	"github.com/s3play/s3play/actions"
)

// Canceled is the run status when the run was interrupted.
const Canceled actions.Status = "Canceled"

// Record modes.
const (
	ModeRun  = "run"
	ModePlan = "plan"
)

// Record is the audit trail of one run: what ran, with which resolved
// parameters, what each step and item returned, and how many API calls and
// retries it took. It never contains credentials.
type Record struct {
	RunID string `json:"run_id"`
	// Mode is ModeRun, or ModePlan for a plan, whose state-changing steps
	// only predicted their results.
	Mode           string            `json:"mode"`
	Playbook       string            `json:"playbook"`
	File           string            `json:"file"`
	PlaybookSHA256 string            `json:"playbook_sha256"`
	Status         actions.Status    `json:"status"`
	Inputs         map[string]any    `json:"inputs"`
	Connection     ConnectionSummary `json:"connection"`
	Started        time.Time         `json:"started"`
	Finished       time.Time         `json:"finished"`
	DurationMS     int64             `json:"duration_ms"`
	APICalls       int64             `json:"api_calls"`
	Retries        int64             `json:"retries"`
	Steps          []*StepRecord     `json:"steps"`
	Outputs        map[string]any    `json:"outputs,omitempty"`
	Error          string            `json:"error,omitempty"`
	// ApprovedPlan is the run id of the plan that a run with --plan
	// matched before it started.
	ApprovedPlan string `json:"approved_plan,omitempty"`
}

// ConnectionSummary is the identity a run used, without secrets.
type ConnectionSummary struct {
	Region          string `json:"region"`
	Profile         string `json:"profile,omitempty"`
	EndpointURL     string `json:"endpoint_url,omitempty"`
	RoleARN         string `json:"role_arn,omitempty"`
	RoleSessionName string `json:"role_session_name,omitempty"`
}

// StepRecord is one step's part of the record.
type StepRecord struct {
	ID         string           `json:"id"`
	Action     string           `json:"action"`
	Status     actions.Status   `json:"status"`
	Reason     string           `json:"reason,omitempty"` // why a step was skipped or not run
	Params     map[string]any   `json:"params,omitempty"`
	Output     any              `json:"output,omitempty"`
	Items      []actions.Item   `json:"items,omitempty"`
	Error      *actions.Failure `json:"error,omitempty"`
	Started    time.Time        `json:"started"`
	DurationMS int64            `json:"duration_ms"`
	APICalls   int64            `json:"api_calls"`
	Retries    int64            `json:"retries"`

	// Connections lists the connections the step's calls used where they
	// differ from the run's, such as a step's own region or role.
	Connections []ConnectionSummary `json:"connections,omitempty"`

	// Predicted is true in a plan for a step whose action has side effects:
	// its status, output and items are what a run would produce, and
	// Changes lists what it would change.
	Predicted bool             `json:"predicted,omitempty"`
	Changes   []actions.Change `json:"changes,omitempty"`
}

var secretName = regexp.MustCompile(`(?i)secret|password|token|credential|private_key|session_key`)

// redact hides parameter values whose names suggest a secret. No shipped
// action takes one, but records are handed to other people, so the rule is
// applied to every parameter.
func redact(params map[string]any) map[string]any {
	out := make(map[string]any, len(params))
	for k, v := range params {
		if secretName.MatchString(k) {
			v = "[redacted]"
		}
		out[k] = v
	}
	return out
}

// finish derives the run status from its steps: any failed step fails the
// run, any partial step makes it partial.
func (r *Record) finish(canceled bool) {
	r.Finished = time.Now().UTC()
	r.DurationMS = r.Finished.Sub(r.Started).Milliseconds()
	r.Status = actions.Succeeded
	for _, s := range r.Steps {
		r.APICalls += s.APICalls
		r.Retries += s.Retries
		switch s.Status {
		case actions.Failed:
			r.Status = actions.Failed
		case actions.PartiallySucceeded:
			if r.Status != actions.Failed {
				r.Status = actions.PartiallySucceeded
			}
		}
	}
	if canceled {
		r.Status = Canceled
	}
}
