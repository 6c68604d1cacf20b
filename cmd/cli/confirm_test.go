package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// executeOnTerminal runs the CLI as if stdin and stderr were a terminal on
// which the user types reply.
func executeOnTerminal(t *testing.T, reply string, args ...string) (int, string, string) {
	t.Helper()
	canAsk = func(*app) bool { return true }
	t.Cleanup(func() { canAsk = (*app).interactive })
	var stdout, stderr bytes.Buffer
	code := Execute(context.Background(), args, strings.NewReader(reply), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestConfirmShowsPlanThenRefuses(t *testing.T) {
	withoutAWSCredentials(t)

	code, out, errOut := executeOnTerminal(t, "no\n", "run", "--sandbox", demoPlaybook)

	if code != ExitRefused {
		t.Errorf("exit code = %d, want %d", code, ExitRefused)
	}
	if !strings.Contains(errOut, "would delete bucket demo-tmp-1") {
		t.Errorf("the prompt does not show the plan:\n%s", errOut)
	}
	if !strings.Contains(errOut, "Type yes to continue") {
		t.Errorf("stderr has no prompt:\n%s", errOut)
	}
	if out != "" {
		t.Errorf("stdout is not empty after a refused run:\n%s", out)
	}
}

func TestConfirmYesRuns(t *testing.T) {
	withoutAWSCredentials(t)

	code, out, errOut := executeOnTerminal(t, "yes\n", "run", "--sandbox", demoPlaybook)

	if code != ExitSuccess {
		t.Fatalf("exit code = %d, want %d\nstdout:\n%s\nstderr:\n%s", code, ExitSuccess, out, errOut)
	}
	if !strings.Contains(out, `output deleted: ["demo-tmp-1","demo-tmp-2"]`) {
		t.Errorf("the confirmed run did not delete the demo-tmp buckets:\n%s", out)
	}
	if strings.Contains(out, "(predicted)") {
		t.Errorf("the plan was printed to stdout, not stderr:\n%s", out)
	}
}
