package engine

import (
	"context"
	"errors"
	"fmt"

	"github.com/s3play/s3play/actions"
)

// stepRun executes one step: its loop, conditions, guards and action call.
type stepRun struct {
	runner *Runner
	pb     *Playbook
	step   *Step
	doc    *document
	rec    *StepRecord
	runID  string
	// runConnection is the run's connection; the record lists a step's
	// connection only where it differs.
	runConnection ConnectionSummary
	// plan is the state of the plan being made, or nil in a run.
	plan *actions.PlanState
	// written records the destinations of the run's or plan's writes.
	written *actions.Destinations
}

func (x *stepRun) run(ctx context.Context) {
	if failed := x.failedDependency(); failed != "" && x.step.Spec.Mutates {
		x.fail(actions.ValidationFailure(x.step.Spec.Title, "",
			fmt.Errorf("not run: step %s, which this step reads, failed; "+
				"a state-changing step never runs on a failed read", failed)))
		return
	}
	if x.step.ForEach != nil {
		x.runLoop(ctx)
		return
	}
	ok, err := x.condition(x.doc.root)
	switch {
	case err != nil:
		x.fail(actions.ValidationFailure(x.step.Spec.Title, "", err))
	case !ok:
		x.rec.Status, x.rec.Reason = actions.Skipped, "condition is false: "+x.step.When.Source()
	default:
		x.runOnce(ctx)
	}
}

// failedDependency returns the first earlier step this step reads that
// failed, or "".
func (x *stepRun) failedDependency() string {
	for _, id := range x.step.dependsOn {
		entry, _ := x.doc.steps[id].(map[string]any)
		if entry != nil && entry["status"] == string(actions.Failed) {
			return id
		}
	}
	return ""
}

func (x *stepRun) condition(doc map[string]any) (bool, error) {
	if x.step.When == nil {
		return true, nil
	}
	ok, err := x.step.When.Eval(doc)
	if err != nil {
		return false, fmt.Errorf("condition %q of step %s: %w", x.step.When.Source(), x.step.ID, err)
	}
	return ok, nil
}

func (x *stepRun) fail(f *actions.Failure) {
	x.rec.Status, x.rec.Error = actions.Failed, f
}

// runOnce resolves the parameters and calls the action once.
func (x *stepRun) runOnce(ctx context.Context) {
	params, err := resolveParams(ctx, x.step, x.doc.root)
	if err != nil {
		x.fail(x.refFailure("", err))
		return
	}
	x.rec.Params = redact(params)
	if reason := x.emptyItems(params); reason != "" {
		x.rec.Status, x.rec.Reason = actions.Skipped, reason
		return
	}
	if f := x.checkMaxItems(x.countTargets(params)); f != nil {
		x.fail(f)
		return
	}
	res, f := x.call(ctx, x.doc.root, params, true)
	x.rec.Error = f
	if res != nil {
		x.rec.Output, x.rec.Items, x.rec.Reason = res.Output, res.Items, res.Reason
		x.rec.Changes = res.Changes
	}
	x.rec.Status = outcome(res, f)
	if x.rec.Error == nil && res != nil && res.Error != nil {
		x.rec.Error = res.Error
	}
}

// outcome combines an action's result and error into a status.
func outcome(res *actions.Result, f *actions.Failure) actions.Status {
	switch {
	case res == nil:
		return actions.Failed
	case f != nil && res.Outcome() == actions.Succeeded:
		return actions.PartiallySucceeded
	}
	return res.Outcome()
}

// call runs the action with the step's connection settings; doc is the
// run document, with item and index inside a loop. countListed makes the
// call check max_items against the entries that keys: ["*"] selects.
func (x *stepRun) call(ctx context.Context, doc any, params actions.Params,
	countListed bool) (*actions.Result, *actions.Failure) {
	settings, err := x.connectionSettings(ctx, doc)
	if err != nil {
		return nil, actions.ValidationFailure(x.step.Spec.Title, "", err)
	}
	x.noteConnection(ctx, settings)
	call := &actions.Call{
		Params:   params,
		Settings: settings,
		Conn:     x.runner.Conn,
		Log:      x.logger().With("step", x.step.ID),
		Computed: computedParams(x.step),
		Plan:     x.plan,

		Destinations: x.written,
		Owner:        callOwner(x.step.ID, doc),
	}
	if x.runner.Observer != nil {
		call.Progress = x.runner.Observer.Progress(x.step)
	}
	if countListed && x.selectsAll(params) && !call.Computed[x.step.Spec.ItemsParam] {
		res, f := x.checkListedTargets(ctx, call)
		if f != nil || x.plan != nil {
			return res, f
		}
	}
	if x.plan == nil && x.runner.Approved != nil && x.step.Spec.HasSideEffects() {
		if f := x.checkApproved(ctx, call); f != nil {
			return nil, f
		}
	}
	res, err := x.invoke(ctx, call)
	if err != nil {
		return res, actions.NewFailure(x.step.Spec.Title, "", err)
	}
	return res, nil
}

// callOwner names one call of a step, with its loop index inside a loop.
func callOwner(step string, doc any) string {
	if m, ok := doc.(map[string]any); ok {
		if index, ok := m["index"]; ok {
			return fmt.Sprintf("step %s, item %v", step, index)
		}
	}
	return "step " + step
}

// refFailure wraps a reference error so it names the step.
func (x *stepRun) refFailure(item string, err error) *actions.Failure {
	return actions.ValidationFailure(x.step.Spec.Title, item,
		fmt.Errorf("step %s: %w", x.step.ID, err))
}

// emptyItems returns a skip reason when the list parameter resolved to no
// entries: there is nothing to do, which is not an error.
func (x *stepRun) emptyItems(params actions.Params) string {
	name := x.step.Spec.ItemsParam
	if name == "" || !params.Has(name) || len(params.Strings(name)) > 0 {
		return ""
	}
	return fmt.Sprintf("nothing to do: %s is empty", name)
}

// countTargets counts the distinct entries of the list parameter, because
// actions act once on an entry given twice.
func (x *stepRun) countTargets(params actions.Params) int {
	name := x.step.Spec.ItemsParam
	if name == "" {
		return 1
	}
	distinct := map[string]bool{}
	for _, entry := range params.Strings(name) {
		distinct[entry] = true
	}
	return len(distinct)
}

// checkMaxItems stops a state-changing step whose targets exceed max_items.
func (x *stepRun) checkMaxItems(n int) *actions.Failure {
	limit := x.step.MaxItems
	if limit == 0 || n <= limit {
		return nil
	}
	return actions.ValidationFailure(x.step.Spec.Title, "", fmt.Errorf(
		"step %s has %d targets, more than max_items %d; nothing was changed. "+
			"Narrow the selection or raise max_items", x.step.ID, n, limit))
}

var errNotList = errors.New("for_each must produce a list")
