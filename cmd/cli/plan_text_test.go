package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/engine"
)

// A predicted status longer than the status column widens the column for
// every step, and a line without detail ends without spaces.
func TestPrintPlanColumnsAligned(t *testing.T) {
	rec := &engine.Record{Playbook: "p", File: "p.yaml", Steps: []*engine.StepRecord{
		{ID: "list", Action: "s3.list_buckets", Status: actions.Succeeded, DurationMS: 3},
		{ID: "move", Action: "s3.move_files", Status: actions.PartiallySucceeded, Predicted: true,
			Items: []actions.Item{{Item: "a", Status: actions.Succeeded}, {Item: "b", Status: actions.Failed}}},
		{ID: "drop", Action: "s3.delete_buckets", Status: actions.Failed, Predicted: true},
	}}
	var out bytes.Buffer
	printPlan(&out, rec)

	want := []string{
		"list                 s3.list_buckets                    Succeeded                      3 ms",
		"move                 s3.move_files                      PartiallySucceeded (predicted) " +
			"2 items, 1 would succeed",
		"drop                 s3.delete_buckets                  Failed (predicted)",
	}
	for _, line := range want {
		if !strings.Contains(out.String(), line+"\n") {
			t.Errorf("plan has no line %q:\n%s", line, out.String())
		}
	}
	for _, line := range strings.Split(out.String(), "\n") {
		if strings.HasSuffix(line, " ") {
			t.Errorf("line %q ends with a space", line)
		}
	}
}

func TestPrintStepNoTrailingSpace(t *testing.T) {
	var out bytes.Buffer
	printStep(&out, &engine.StepRecord{ID: "drop", Action: "s3.delete_buckets", Status: actions.Skipped})
	if line := strings.TrimSuffix(out.String(), "\n"); strings.HasSuffix(line, " ") {
		t.Errorf("line %q ends with a space", line)
	}
}
