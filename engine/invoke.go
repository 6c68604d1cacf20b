package engine

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/s3play/s3play/actions"
)

// invoke is the only place where a step calls its action. In a plan, an
// action with side effects never reaches Run: its Plan method runs instead.
func (x *stepRun) invoke(ctx context.Context, call *actions.Call) (*actions.Result, error) {
	if x.plan != nil && x.step.Spec.HasSideEffects() {
		return x.predict(ctx, call)
	}
	return x.recovered(func() (*actions.Result, error) {
		return x.step.Action.Run(ctx, call)
	})
}

// predict calls the action's Plan method with a read-only context. An
// action with side effects that cannot plan is an error, never a Run.
func (x *stepRun) predict(ctx context.Context, call *actions.Call) (*actions.Result, error) {
	planner, ok := x.step.Action.(actions.Planner)
	if !ok {
		return nil, fmt.Errorf("action %s has side effects but no Plan method, so step %s "+
			"cannot be previewed and was not run", x.step.ActionName, x.step.ID)
	}
	if x.plan != nil {
		x.rec.Predicted = true
	}
	return x.recovered(func() (*actions.Result, error) {
		return planner.Plan(actions.WithReadOnly(ctx), call)
	})
}

// recovered calls fn and turns a panic into an error, so that a bug in one
// action fails its step instead of ending the process.
func (x *stepRun) recovered(fn func() (*actions.Result, error)) (res *actions.Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			x.logger().Error("action panicked", "step", x.step.ID,
				"action", x.step.ActionName, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			res, err = nil, fmt.Errorf("internal error in action %s: %v; this is a bug in "+
				"s3play, please report it", x.step.ActionName, p)
		}
	}()
	return fn()
}

// selectsAll reports whether a state-changing call with max_items names its
// targets as ["*"], whose count is known only from a listing.
func (x *stepRun) selectsAll(params actions.Params) bool {
	if x.step.MaxItems == 0 || !x.step.Spec.Mutates || x.step.Spec.ItemsParam == "" {
		return false
	}
	list := params.Strings(x.step.Spec.ItemsParam)
	return len(list) == 1 && list[0] == actions.AllKeys
}

// checkListedTargets enforces max_items on a call that selects every
// entry: the action's Plan lists them first, read-only, and the call fails
// before any change when the plan counts more targets than max_items. In a
// plan, the prediction is also the call's result.
func (x *stepRun) checkListedTargets(ctx context.Context, call *actions.Call) (
	*actions.Result, *actions.Failure) {
	res, err := x.predict(ctx, call)
	if err != nil {
		return res, actions.NewFailure(x.step.Spec.Title, "", err)
	}
	if f := x.checkMaxItems(int(actions.TargetCount(res.Changes))); f != nil {
		return nil, f
	}
	return res, nil
}
