package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/s3play/s3play/actions"
)

// Fake actions that make no request, registered for the engine's tests of
// plans, guards and the benchmark.
func init() {
	actions.Register(fakeList{})
	actions.Register(fakeChange{})
	actions.Register(fakeUnplannable{})
	actions.Register(fakeFail{})
	actions.Register(fakePanic{})
	actions.Register(fakePartial{})
}

// fakeCalls counts the Run and Plan calls of test.change.
var fakeCalls struct{ run, plan atomic.Int64 }

func resetFakeCalls(t testing.TB) {
	t.Helper()
	fakeCalls.run.Store(0)
	fakeCalls.plan.Store(0)
}

// fakeList is a read-only action that lists count names: n00000, n00001, ...
type fakeList struct{}

func (fakeList) Spec() actions.Spec {
	return actions.Spec{Name: "test.list", Title: "Test List", Params: []actions.Param{
		{Name: "count", Type: actions.TypeInt, Required: true}}}
}

func (fakeList) Run(_ context.Context, call *actions.Call) (*actions.Result, error) {
	names := make([]any, call.Params.Int("count"))
	for i := range names {
		names[i] = fmt.Sprintf("n%05d", i)
	}
	return &actions.Result{Output: map[string]any{"Names": names}}, nil
}

// fakeChange changes one target per name. ["*"] selects five entries,
// which only its Plan can count.
type fakeChange struct{}

func (fakeChange) Spec() actions.Spec {
	return actions.Spec{Name: "test.change", Title: "Test Change", Mutates: true,
		ItemsParam: "names", Params: []actions.Param{
			{Name: "names", Type: actions.TypeStringList, Required: true}}}
}

func (fakeChange) Run(_ context.Context, call *actions.Call) (*actions.Result, error) {
	fakeCalls.run.Add(1)
	return fakeChangeResult(call.Params.Strings("names")), nil
}

func (fakeChange) Plan(_ context.Context, call *actions.Call) (*actions.Result, error) {
	fakeCalls.plan.Add(1)
	names := call.Params.Strings("names")
	res := fakeChangeResult(names)
	if len(names) == 1 && names[0] == actions.AllKeys {
		res.Changes = []actions.Change{{Kind: actions.ChangeDeleteObjects, Bucket: "all",
			Counts: &actions.ObjectCounts{Objects: 5}}}
		return res, nil
	}
	for _, n := range names {
		res.Changes = append(res.Changes, actions.Change{Kind: actions.ChangeDeleteBucket,
			Bucket: n})
	}
	return res, nil
}

func fakeChangeResult(names []string) *actions.Result {
	items := make([]actions.Item, len(names))
	changed := make([]any, len(names))
	for i, n := range names {
		items[i] = actions.Item{Item: n, Status: actions.Succeeded,
			Output: map[string]any{"Name": n}}
		changed[i] = n
	}
	return &actions.Result{Output: map[string]any{"Changed": changed}, Items: items}
}

// fakeUnplannable changes state but has no Plan method.
type fakeUnplannable struct{}

func (fakeUnplannable) Spec() actions.Spec {
	return actions.Spec{Name: "test.unplannable", Title: "Test Unplannable", Mutates: true}
}

func (fakeUnplannable) Run(context.Context, *actions.Call) (*actions.Result, error) {
	fakeCalls.run.Add(1)
	return &actions.Result{Output: map[string]any{}}, nil
}

// fakeFail is a read-only action that always fails.
type fakeFail struct{}

func (fakeFail) Spec() actions.Spec {
	return actions.Spec{Name: "test.fail", Title: "Test Fail"}
}

func (fakeFail) Run(context.Context, *actions.Call) (*actions.Result, error) {
	return nil, errors.New("listing failed")
}

// fakePanic is a read-only action with a bug.
type fakePanic struct{}

func (fakePanic) Spec() actions.Spec {
	return actions.Spec{Name: "test.panic", Title: "Test Panic"}
}

func (fakePanic) Run(context.Context, *actions.Call) (*actions.Result, error) {
	var m map[string]int
	m["boom"]++
	return nil, nil
}

// fakePartial fails every name that starts with "bad", each with its own
// error, and succeeds for the others.
type fakePartial struct{}

func (fakePartial) Spec() actions.Spec {
	return actions.Spec{Name: "test.partial", Title: "Test Partial", Params: []actions.Param{
		{Name: "names", Type: actions.TypeStringList, Required: true}}}
}

func (fakePartial) Run(_ context.Context, call *actions.Call) (*actions.Result, error) {
	var items []actions.Item
	for _, n := range call.Params.Strings("names") {
		it := actions.Item{Item: n, Status: actions.Succeeded}
		if strings.HasPrefix(n, "bad") {
			it.Status = actions.Failed
			it.Error = actions.ItemFailure("Test Partial", n, "AccessDenied", "Access Denied", "DeleteObjects")
		}
		items = append(items, it)
	}
	return &actions.Result{Output: map[string]any{}, Items: items}, nil
}
