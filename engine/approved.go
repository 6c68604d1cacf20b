package engine

import (
	"context"
	"fmt"
	"strings"

	"github.com/s3play/s3play/actions"
)

// CodePlanMismatch is the code of a call stopped because it would change
// more than the approved plan showed.
const CodePlanMismatch = "PlanMismatch"

// checkApproved plans the call read-only and returns a failure when it
// would make a change that the approved plan does not list with the same
// amounts. An earlier step of the same run may have changed what this one
// reads, so the check runs right before each state-changing call.
func (x *stepRun) checkApproved(ctx context.Context, call *actions.Call) *actions.Failure {
	res, err := x.predict(ctx, call)
	if err != nil {
		return actions.NewFailure(x.step.Spec.Title, "", fmt.Errorf("check against the approved plan: %w", err))
	}
	var current []actions.Change
	if res != nil {
		current = res.Changes
	}
	extra := unapprovedChanges(x.step.ID, stepChanges(x.runner.Approved, x.step.ID), current)
	if len(extra) == 0 {
		return nil
	}
	return &actions.Failure{
		Indicator:  actions.Indicator(x.step.Spec.Title, ""),
		StatusCode: actions.CodeValidation,
		Code:       CodePlanMismatch,
		Message: "not run, because it would not do what the approved plan showed: " +
			strings.Join(extra, "; "),
	}
}

// unapprovedChanges lists the changes of current that approved does not
// contain with the same amounts. Approved changes that a call does not
// make are fine: a loop makes one call per item.
func unapprovedChanges(step string, approved, current []actions.Change) []string {
	before := make(map[string]actions.Change, len(approved))
	for _, c := range approved {
		before[c.Identity()] = c
	}
	var out []string
	for _, c := range current {
		old, ok := before[c.Identity()]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("step %s would %s", step, c.Describe()))
		case replacedChanged(old, c):
			out = append(out, replacedChangeText(step, old, c))
		case targetsChanged(old, c):
			out = append(out, targetsChangeText(step, c))
		case !sameAmount(old, c):
			out = append(out, fmt.Sprintf("step %s would %s, but the plan approved: %s",
				step, c.Describe(), old.Describe()))
		}
	}
	return out
}
