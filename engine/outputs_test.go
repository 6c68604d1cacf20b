package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/s3play/s3play/actions"
)

func TestOutputsReportEveryFailure(t *testing.T) {
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	pb := mustLoad(t, `
name: outputs
steps:
  - id: list
    action: test.list
    with:
      count: 2
outputs:
  zeta: $.steps.list.output.Missing
  alpha: $.steps.list.output.Gone
  names: $.steps.list.output.Names
`)
	for range 3 {
		rec := (&Runner{Conn: actions.NewConnector()}).Run(context.Background(), pb, map[string]any{})
		if !strings.HasPrefix(rec.Error, "output alpha: ") {
			t.Fatalf("error = %q, want it to start with output alpha", rec.Error)
		}
		if !strings.Contains(rec.Error, "; output zeta: ") {
			t.Errorf("error = %q, want output zeta after output alpha", rec.Error)
		}
		if names, _ := rec.Outputs["names"].([]any); len(names) != 2 {
			t.Errorf("names output = %v, want the two names", rec.Outputs["names"])
		}
	}
}

func TestOutputsAllowNull(t *testing.T) {
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	pb := mustLoad(t, `
name: null-output
steps:
  - id: list
    action: test.list
    with:
      count: 1
outputs:
  optional: $.steps.list.output.Missing ?? null
`)
	rec := (&Runner{Conn: actions.NewConnector()}).Run(context.Background(), pb, map[string]any{})
	if rec.Error != "" {
		t.Errorf("error = %q, want none for an optional output", rec.Error)
	}
	if v, ok := rec.Outputs["optional"]; !ok || v != nil {
		t.Errorf("optional = %v (present %v), want null", v, ok)
	}
}
