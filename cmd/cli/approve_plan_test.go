package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunPlanOnSandbox(t *testing.T) {
	withoutAWSCredentials(t)
	plan := filepath.Join(t.TempDir(), "plan.json")

	code, out, errOut := execute(t, "plan", "--sandbox", demoPlaybook, "--out", plan)
	if code != ExitSuccess {
		t.Fatalf("plan exit code = %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	code, out, errOut = execute(t, "run", "--sandbox", demoPlaybook, "--plan", plan)
	if code != ExitSuccess {
		t.Fatalf("run exit code = %d, want %d\nstdout:\n%s\nstderr:\n%s", code, ExitSuccess,
			out, errOut)
	}
	if !strings.Contains(errOut, "still matches") {
		t.Errorf("stderr does not confirm the match:\n%s", errOut)
	}
}

func TestExitCodeOfCanceledApproval(t *testing.T) {
	if got := exitCode(fmt.Errorf("plan: %w", context.Canceled)); got != ExitCanceled {
		t.Errorf("exit code of a canceled plan = %d, want %d", got, ExitCanceled)
	}
}
