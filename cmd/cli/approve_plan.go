package cli

import (
	"context"
	"fmt"

	"github.com/s3play/s3play/engine"
)

// maxShownDifferences caps the differences listed when a run refuses an
// approved plan; a bucket that gained thousands of keys needs no more.
const maxShownDifferences = 20

// matchPlanFile makes a new plan and compares it with the approved plan in
// path. It returns the approved plan when both have the same
// state-changing steps and targets, and a refusal listing the differences
// otherwise. The comparison happens right before the run starts; a change
// made by someone else after it is not caught.
func (a *app) matchPlanFile(ctx context.Context, runner *engine.Runner, pb *engine.Playbook,
	inputs map[string]any, opts runOptions) (*engine.Record, error) {
	path := opts.planFile
	approved, err := engine.ReadPlanFile(path)
	if err != nil {
		return nil, usage(err)
	}
	current := planQuietly(ctx, runner, pb, inputs)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if opts.sandbox {
		// Every sandbox listens on a new port, so a plan made with --sandbox
		// names another endpoint than this run's sandbox.
		approved.Connection.EndpointURL = current.Connection.EndpointURL
	}
	diffs := engine.ComparePlans(approved, current)
	if len(diffs) == 0 {
		fmt.Fprintf(a.stderr, "The plan in %s (%s) still matches: %s. Running it.\n",
			path, approved.RunID, changeTotal(current))
		return approved, nil
	}

	fmt.Fprintf(a.stderr, "The playbook would no longer do what the plan in %s (%s) "+
		"approved:\n", path, approved.RunID)
	for _, d := range diffs[:min(len(diffs), maxShownDifferences)] {
		fmt.Fprintf(a.stderr, "  - %s\n", d)
	}
	if more := len(diffs) - maxShownDifferences; more > 0 {
		fmt.Fprintf(a.stderr, "  ... and %d more differences\n", more)
	}
	return nil, &refusedError{msg: "run rejected: the approved plan no longer matches, so nothing " +
		"was changed; review the new plan with `s3play plan --out FILE` and approve that one"}
}
