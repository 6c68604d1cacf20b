package engine

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/s3play/s3play/actions"
)

// Observer receives progress while a playbook runs. The CLI uses it to
// print steps as they finish and to show progress on a terminal.
type Observer interface {
	StepStarted(step *Step)
	StepFinished(rec *StepRecord)
	// Progress returns where the step's action reports long work, or nil.
	Progress(step *Step) actions.Progress
}

// Runner runs playbooks.
type Runner struct {
	Conn     *actions.Connector
	Env      actions.Settings  // from the environment and AWS config
	Flags    actions.Overrides // from the command line
	Log      *slog.Logger
	Observer Observer // optional
	// Approved, when set, is the plan the user approved. Before each
	// state-changing call the call is planned again, and it fails unless
	// every change it would make is in that plan, so a run never does more
	// than the plan that was approved.
	Approved *Record
}

// Run executes every step in order and returns the run record. inputs must
// come from Playbook.ResolveInputs.
func (r *Runner) Run(ctx context.Context, pb *Playbook, inputs map[string]any) *Record {
	return r.start(ctx, pb, inputs, nil)
}

// Plan runs every read-only step for real, so references and conditions see
// live data, and changes nothing. A step whose action has side effects
// calls the action's Plan method instead of Run, and every S3 request other
// than GET and HEAD is rejected. The record's mode is ModePlan, and those
// steps are marked Predicted and list their Changes.
func (r *Runner) Plan(ctx context.Context, pb *Playbook, inputs map[string]any) *Record {
	return r.start(actions.WithReadOnly(ctx), pb, inputs, actions.NewPlanState())
}

// start runs or, when plan is not nil, plans the playbook.
func (r *Runner) start(ctx context.Context, pb *Playbook, inputs map[string]any,
	plan *actions.PlanState) *Record {
	rec := &Record{
		RunID:          newRunID(),
		Mode:           ModeRun,
		Playbook:       pb.Name,
		File:           pb.File,
		PlaybookSHA256: pb.SHA256,
		Inputs:         redact(inputs),
		Started:        time.Now().UTC(),
	}
	if plan != nil {
		rec.Mode = ModePlan
	}
	doc := newDocument(inputs)
	rec.Connection = r.runConnection(ctx, pb, doc.root, rec.RunID)
	stopped := ""
	written := actions.NewDestinations()
	for _, step := range pb.Steps {
		x := &stepRun{runner: r, pb: pb, step: step, doc: doc, runID: rec.RunID,
			runConnection: rec.Connection, plan: plan, written: written}
		sr := r.runOrSkip(ctx, x, stopped)
		rec.Steps = append(rec.Steps, sr)
		doc.record(sr)
		if stopped == "" && stopsRun(step, sr) {
			stopped = step.ID
		}
	}
	rec.Outputs = r.outputs(ctx, pb, doc, rec)
	rec.finish(ctx.Err() != nil)
	return rec
}

// stopsRun reports whether a step's outcome ends the run: a failed or
// partial step with on_error fail, or any step once the run is canceled.
func stopsRun(step *Step, sr *StepRecord) bool {
	bad := sr.Status == actions.Failed || sr.Status == actions.PartiallySucceeded
	return bad && step.OnError != OnErrorContinue
}

func (r *Runner) runOrSkip(ctx context.Context, x *stepRun, stopped string) *StepRecord {
	step := x.step
	sr := &StepRecord{ID: step.ID, Action: step.ActionName, Started: time.Now().UTC()}
	x.rec = sr
	switch {
	case ctx.Err() != nil:
		sr.Status, sr.Reason = Canceled, "not run: the run was canceled"
	case stopped != "":
		sr.Status, sr.Reason = actions.Skipped, fmt.Sprintf("not run: step %s did not succeed and has on_error: fail", stopped)
	default:
		r.execute(ctx, x)
	}
	if r.Observer != nil {
		r.Observer.StepFinished(sr)
	}
	return sr
}

func (r *Runner) execute(ctx context.Context, x *stepRun) {
	step, sr := x.step, x.rec
	if r.Observer != nil {
		r.Observer.StepStarted(step)
	}
	stats := &actions.Stats{}
	ctx = actions.WithStats(ctx, stats)
	x.run(ctx)
	sr.DurationMS = time.Since(sr.Started).Milliseconds()
	sr.APICalls, sr.Retries = stats.Calls.Load(), stats.Retries()
	x.logger().Info("step finished", "step", step.ID, "action", step.ActionName,
		"status", sr.Status, "api-calls", sr.APICalls, "retries", sr.Retries)
}

// logger returns the runner's logger with the run id, so every line of a
// step can be traced to its run record.
func (x *stepRun) logger() *slog.Logger {
	return x.runner.logger().With("run-id", x.runID)
}

func (r *Runner) logger() *slog.Logger {
	if r.Log != nil {
		return r.Log
	}
	return slog.New(slog.DiscardHandler)
}

// outputs evaluates the playbook's outputs. A failure is noted in the
// record instead of failing the run, because every step already ran.
func (r *Runner) outputs(ctx context.Context, pb *Playbook, doc *document, rec *Record) map[string]any {
	if len(pb.Outputs) == 0 {
		return nil
	}
	out := map[string]any{}
	var problems []string
	for _, name := range slices.Sorted(maps.Keys(pb.Outputs)) {
		v, err := pb.Outputs[name].raw(ctx, doc.root)
		if err != nil {
			problems = append(problems, fmt.Sprintf("output %s: %v", name, err))
			continue
		}
		out[name] = v
	}
	// Every failed output is reported, in name order, so two runs of the
	// same playbook print the same message.
	if len(problems) > 0 {
		rec.Error = strings.Join(problems, "; ")
	}
	return out
}

func newRunID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return time.Now().UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:4])
}
