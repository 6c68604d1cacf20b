package engine

import (
	"context"
	"fmt"
	"testing"

	"github.com/s3play/s3play/actions"
)

const approvalPlaybook = `
name: approval
steps:
  - id: change
    action: test.change
    with:
      names: %s
`

func approvalRunner(t *testing.T) *Runner {
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	return &Runner{Conn: actions.NewConnector(),
		Env: actions.Settings{EndpointURL: "http://127.0.0.1:1", Region: "us-east-1"}}
}

func TestApprovedPlanBoundsRun(t *testing.T) {
	resetFakeCalls(t)
	runner := approvalRunner(t)
	approved := runner.Plan(context.Background(), mustLoad(t, fmtPlaybook(`[a]`)), map[string]any{})

	runner.Approved = approved
	rec := runner.Run(context.Background(), mustLoad(t, fmtPlaybook(`[a, b]`)), map[string]any{})

	step := rec.Steps[0]
	if step.Status != actions.Failed {
		t.Fatalf("status = %s, want Failed", step.Status)
	}
	if step.Error == nil || step.Error.Code != CodePlanMismatch {
		t.Errorf("error = %+v, want code %s", step.Error, CodePlanMismatch)
	}
	if n := fakeCalls.run.Load(); n != 0 {
		t.Errorf("Run calls = %d, want 0: nothing may change beyond the plan", n)
	}
}

func TestApprovedPlanAllowsSameRun(t *testing.T) {
	resetFakeCalls(t)
	runner := approvalRunner(t)
	pb := mustLoad(t, fmtPlaybook(`[a, b]`))
	runner.Approved = runner.Plan(context.Background(), pb, map[string]any{})

	rec := runner.Run(context.Background(), pb, map[string]any{})
	if rec.Status != actions.Succeeded {
		t.Fatalf("status = %s; steps: %+v", rec.Status, stepSummary(rec))
	}
	if n := fakeCalls.run.Load(); n != 1 {
		t.Errorf("Run calls = %d, want 1", n)
	}
}

func fmtPlaybook(names string) string {
	return fmt.Sprintf(approvalPlaybook, names)
}
