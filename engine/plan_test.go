package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/s3play/s3play/actions"
)

// offlineRunner returns a runner for playbooks of fake actions; a request
// to its endpoint could not connect.
func offlineRunner(t testing.TB) *Runner {
	t.Helper()
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDTEST")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "test-secret")
	return &Runner{Conn: actions.NewConnector(),
		Env: actions.Settings{Region: "us-east-1", EndpointURL: "http://127.0.0.1:1"}}
}

const loopPlaybook = `
name: loop
steps:
  - id: list
    action: test.list
    with: {count: 3}
  - id: change
    action: test.change
    for_each: $.steps.list.output.Names
    when: item != "n00001"
    with: {names: ["{{ $.item }}"]}
  - id: after
    action: test.change
    when: len(steps.change.output) == 3
    with:
      names: $.steps.change.items[?(@.status == "Succeeded")].item
`

func TestPlanNeverRunsChangingSteps(t *testing.T) {
	resetFakeCalls(t)
	rec := offlineRunner(t).Plan(context.Background(), mustLoad(t, loopPlaybook), nil)

	if rec.Mode != ModePlan {
		t.Errorf("mode = %q, want %q", rec.Mode, ModePlan)
	}
	if n := fakeCalls.run.Load(); n != 0 {
		t.Errorf("Run was called %d times in a plan, want 0", n)
	}
	if n := fakeCalls.plan.Load(); n != 3 {
		t.Errorf("Plan was called %d times, want 3 (two items, one step)", n)
	}
	if rec.Status != actions.Succeeded {
		t.Fatalf("plan status = %s; steps: %v", rec.Status, stepSummary(rec))
	}
	list, change, after := rec.Steps[0], rec.Steps[1], rec.Steps[2]
	if list.Predicted {
		t.Error("the read-only step is marked predicted")
	}
	if !change.Predicted || !after.Predicted {
		t.Errorf("predicted = %v and %v, want both true", change.Predicted, after.Predicted)
	}
	if len(change.Changes) != 2 {
		t.Errorf("loop step changes = %+v, want one per item that ran", change.Changes)
	}
	got := after.Params["names"]
	if names, _ := got.([]string); len(names) != 2 || names[0] != "n00000" || names[1] != "n00002" {
		t.Errorf("the later step resolved names = %v from predicted items, want [n00000 n00002]", got)
	}
}

func TestRunCallsRunNotPlan(t *testing.T) {
	resetFakeCalls(t)
	rec := offlineRunner(t).Run(context.Background(), mustLoad(t, loopPlaybook), nil)

	if rec.Status != actions.Succeeded {
		t.Fatalf("run status = %s; steps: %v", rec.Status, stepSummary(rec))
	}
	if n := fakeCalls.run.Load(); n != 3 {
		t.Errorf("Run was called %d times, want 3", n)
	}
	if n := fakeCalls.plan.Load(); n != 0 {
		t.Errorf("Plan was called %d times in a run, want 0", n)
	}
	if rec.Steps[1].Predicted || len(rec.Steps[1].Changes) != 0 {
		t.Error("a run step is marked predicted or lists changes")
	}
}

func TestPlanRejectsUnplannableAction(t *testing.T) {
	resetFakeCalls(t)
	rec := offlineRunner(t).Plan(context.Background(), mustLoad(t, `
name: unplannable
steps:
  - id: change
    action: test.unplannable
`), nil)

	step := rec.Steps[0]
	if n := fakeCalls.run.Load(); n != 0 {
		t.Errorf("Run was called %d times in a plan, want 0", n)
	}
	if step.Status != actions.Failed {
		t.Errorf("status = %s, want Failed", step.Status)
	}
	if step.Error == nil || !strings.Contains(step.Error.Message, "no Plan method") {
		t.Errorf("error = %v, want one that says the action cannot plan", step.Error)
	}
}

func TestPlanFailsClosedOnFailedRead(t *testing.T) {
	resetFakeCalls(t)
	rec := offlineRunner(t).Plan(context.Background(), mustLoad(t, `
name: fail-closed
steps:
  - id: list
    action: test.fail
    on_error: continue
  - id: change
    action: test.change
    with:
      names: $.steps.list.output.Names ?? ["fallback"]
`), nil)

	step := rec.Steps[1]
	if step.Status != actions.Failed {
		t.Errorf("status = %s, want Failed", step.Status)
	}
	if step.Error == nil || !strings.Contains(step.Error.Message, "step list") {
		t.Errorf("error = %v, want one naming the failed read", step.Error)
	}
	if n := fakeCalls.plan.Load() + fakeCalls.run.Load(); n != 0 {
		t.Errorf("the action was called %d times, want 0", n)
	}
}

const wildcardPlaybook = `
name: wildcard
steps:
  - id: change
    action: test.change
    max_items: 3
    with: {names: ["*"]}
`

func TestMaxItemsCountsListedTargetsInRun(t *testing.T) {
	resetFakeCalls(t)
	rec := offlineRunner(t).Run(context.Background(), mustLoad(t, wildcardPlaybook), nil)

	step := rec.Steps[0]
	if step.Status != actions.Failed {
		t.Errorf("status = %s, want Failed", step.Status)
	}
	if step.Error == nil || !strings.Contains(step.Error.Message, "5 targets, more than max_items 3") {
		t.Errorf("error = %v, want the count from the listing", step.Error)
	}
	if n := fakeCalls.run.Load(); n != 0 {
		t.Errorf("Run was called %d times, want 0: the limit must stop it first", n)
	}
}

func TestMaxItemsCountsListedTargetsInPlan(t *testing.T) {
	resetFakeCalls(t)
	rec := offlineRunner(t).Plan(context.Background(), mustLoad(t, wildcardPlaybook), nil)

	step := rec.Steps[0]
	if step.Status != actions.Failed || !step.Predicted {
		t.Errorf("status = %s, predicted = %v; want a predicted failure", step.Status,
			step.Predicted)
	}
	if n := fakeCalls.plan.Load(); n != 1 {
		t.Errorf("Plan was called %d times, want 1", n)
	}
}

func TestMaxItemsAllowsListedTargetsWithin(t *testing.T) {
	resetFakeCalls(t)
	pb := mustLoad(t, strings.Replace(wildcardPlaybook, "max_items: 3", "max_items: 5", 1))
	rec := offlineRunner(t).Run(context.Background(), pb, nil)

	if rec.Steps[0].Status != actions.Succeeded {
		t.Errorf("status = %s, want Succeeded; %v", rec.Steps[0].Status, stepSummary(rec))
	}
	if n := fakeCalls.run.Load(); n != 1 {
		t.Errorf("Run was called %d times, want 1", n)
	}
}

func TestActionPanicFailsStep(t *testing.T) {
	rec := offlineRunner(t).Run(context.Background(), mustLoad(t, `
name: panics
steps:
  - id: boom
    action: test.panic
`), nil)

	step := rec.Steps[0]
	if step.Status != actions.Failed {
		t.Errorf("status = %s, want Failed", step.Status)
	}
	if step.Error == nil || !strings.Contains(step.Error.Message, "internal error") {
		t.Errorf("error = %v, want an internal error", step.Error)
	}
}
