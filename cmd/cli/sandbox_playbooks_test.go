package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sandboxEnv keeps the SDK on the sandbox's credentials and away from
// instance metadata and the user's AWS files.
func sandboxEnv(t *testing.T) {
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_CONFIG_FILE", os.DevNull)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", os.DevNull)
}

func TestSandboxCollectEvidence(t *testing.T) {
	sandboxEnv(t)
	dest := filepath.Join(t.TempDir(), "evidence")
	code, out, errOut := execute(t, "run", "--sandbox", "--yes",
		"../../playbooks/collect-evidence.yaml", "--input", "bucket=demo-tmp-2",
		"--input", "prefix=reports/", "--input", "destination="+dest)
	if code != ExitSuccess {
		t.Fatalf("exit code = %d\n%s%s", code, out, errOut)
	}
	data, err := os.ReadFile(filepath.Join(dest, "reports", "2024-q1.csv"))
	if err != nil || !strings.HasPrefix(string(data), "region,revenue") {
		t.Errorf("reports/2024-q1.csv: %q, %v", data, err)
	}
}

func TestSandboxQuarantineObjects(t *testing.T) {
	sandboxEnv(t)
	code, out, errOut := execute(t, "run", "--sandbox", "--yes", "--output", "json",
		"../../playbooks/quarantine-objects.yaml", "--input", "source_bucket=demo-logs",
		"--input", "keys=app/access.log", "--input", "quarantine_bucket=demo-keep",
		"--input", "case_id=IR-7")
	if code != ExitSuccess {
		t.Fatalf("exit code = %d\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out, `"IR-7/app/access.log"`) {
		t.Errorf("output does not list the moved key:\n%s", out)
	}
}
