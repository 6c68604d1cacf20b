// Package actions holds the S3 actions a playbook step can call, the
// registry that finds them by name, and the connection they share.
package actions

import (
	"context"
	"log/slog"
)

// Action is one operation a playbook step can call, such as s3.list_buckets.
type Action interface {
	// Spec describes the parameters, IAM actions and side effects.
	Spec() Spec
	// Run performs the action with validated parameters. It returns a result
	// even on failure when some items finished, so partial work is reported.
	Run(ctx context.Context, call *Call) (*Result, error)
}

// Spec is the static description of an action.
type Spec struct {
	Name    string   // registry name, for example "s3.list_buckets"
	Title   string   // display name used in error indicators, for example "List Buckets"
	Summary string   // one sentence for `s3play actions`
	Params  []Param  // parameters accepted under `with:`
	IAM     []string // IAM actions the call needs
	Mutates bool     // true when the action changes state in S3
	// WritesLocalFiles is true for an action that changes nothing in S3 but
	// writes files on the machine that runs s3play, such as a download.
	WritesLocalFiles bool
	// PlanIAM lists the IAM actions that only Plan needs, such as the
	// listings that predict whether a bucket is empty.
	PlanIAM []string
	// ItemsParam names the list parameter whose entries become per-item
	// results, or "" when the action does not take a list.
	ItemsParam string
}

// HasSideEffects reports whether the action changes S3 or writes local
// files. A plan never runs such an action: it calls its Plan method.
func (s Spec) HasSideEffects() bool {
	return s.Mutates || s.WritesLocalFiles
}

// Param finds a parameter by name.
func (s Spec) Param(name string) (Param, bool) {
	for _, p := range s.Params {
		if p.Name == name {
			return p, true
		}
	}
	return Param{}, false
}

// Call carries everything one invocation of an action needs.
type Call struct {
	Params   Params
	Settings Settings
	Conn     *Connector
	Log      *slog.Logger
	// Progress receives counts during long work. It is never nil when set by
	// the engine, but actions must accept a nil Progress.
	Progress Progress
	// Computed names the parameters whose value came from a reference or
	// an input rather than from the playbook's text. The bucket-wide
	// keys: ["*"] counts only when written in the playbook, so a listing
	// that returns an object named "*" cannot empty a whole bucket.
	Computed map[string]bool
	// Plan holds what earlier steps of the same plan would change. It is
	// nil outside a plan, and its methods accept a nil receiver.
	Plan *PlanState
	// Destinations records what earlier calls of the run or plan wrote,
	// and Owner names this call in it, such as "step move, item 2". Both
	// are empty outside the engine.
	Destinations *Destinations
	Owner        string
}

// keysNameObjects reports whether "*" in the keys parameter is the name of
// an object rather than every object: when the keys came from a reference
// or an input, or "*" was given as a listing entry.
func (c *Call) keysNameObjects() bool {
	list, _ := c.Params["keys"].(KeyList)
	return c.Computed["keys"] || list.entries[AllKeys]
}

// ClaimDestination records that this call writes destination, and fails
// when an earlier call of the run wrote there.
func (c *Call) ClaimDestination(destination string) error {
	return c.Destinations.Claim(destination, c.Owner)
}

// ReleaseDestination removes this call's claim on a destination that it
// did not write after all.
func (c *Call) ReleaseDestination(destination string) {
	c.Destinations.Release(destination, c.Owner)
}

// Progress reports long-running work, such as objects deleted so far.
type Progress interface {
	Add(what string, n int64)
}

// AddProgress reports n more units of work when a Progress is attached.
func (c *Call) AddProgress(what string, n int64) {
	if c.Progress != nil {
		c.Progress.Add(what, n)
	}
}

// Logger returns the call's logger or a discarding one.
func (c *Call) Logger() *slog.Logger {
	if c.Log != nil {
		return c.Log
	}
	return slog.New(slog.DiscardHandler)
}
