package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSecretValueNeverPrinted(t *testing.T) {
	const secret = "s3cr3t-Value-0123456789"
	t.Setenv("AWS_SECRET_ACCESS_KEY", secret)
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	playbook := writePlaybook(t, `name: echo
inputs:
  note: {type: string, required: true}
steps:
  - id: list
    action: s3.list_bucket_objects
    with:
      bucket: demo-keep
      prefix: "{{ $.inputs.note }}"
outputs:
  note: $.inputs.note
`)
	record := filepath.Join(t.TempDir(), "record.json")
	for _, format := range []string{"text", "json"} {
		code, out, errOut := execute(t, "run", "--sandbox", "--yes", "--output", format,
			"--record", record, "--input", "note="+secret, playbook)
		if code != ExitSuccess {
			t.Fatalf("%s: exit code = %d\n%s", format, code, errOut)
		}
		if strings.Contains(out+errOut, secret) {
			t.Errorf("%s: the secret value was printed:\n%s%s", format, out, errOut)
		}
		if !strings.Contains(out, "[redacted]") {
			t.Errorf("%s: output does not show where the value was redacted:\n%s", format, out)
		}
		data, err := os.ReadFile(record)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(data), secret) {
			t.Errorf("%s: the record file contains the secret value", format)
		}
	}
}
