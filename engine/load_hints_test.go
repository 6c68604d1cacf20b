package engine

import (
	"strings"
	"testing"
)

// A reference to an unknown input or step lists only names it could
// read, and never ends in an empty list.
func TestLoadUnknownNameHints(t *testing.T) {
	cases := []struct {
		name, src, want string
	}{
		{"input without inputs", `
name: hints
steps:
  - id: objects
    action: s3.list_bucket_objects
    with: {bucket: $.inputs.bucket}
`, `unknown input "bucket"; the playbook has no inputs`},
		{"condition input without inputs", `
name: hints
steps:
  - id: buckets
    action: s3.list_buckets
    when: inputs.enabled == true
`, `unknown input "enabled"; the playbook has no inputs`},
		{"connection input without inputs", `
name: hints
connection: {region: $.inputs.region}
steps:
  - id: buckets
    action: s3.list_buckets
`, `unknown input "region"; the playbook has no inputs`},
		{"step in the first step", `
name: hints
steps:
  - id: current
    action: s3.list_bucket_objects
    with: {bucket: $.steps.nothing.output.Name}
`, `unknown step "nothing"; no step runs before this one`},
		{"step lists earlier steps only", `
name: hints
steps:
  - id: buckets
    action: s3.list_buckets
  - id: current
    action: s3.list_bucket_objects
    with: {bucket: $.steps.nothing.output.Name}
  - id: later
    action: s3.list_buckets
`, `unknown step "nothing"; known: buckets`},
	}
	for _, c := range cases {
		list := loadErrors(t, c.src)
		if len(list) != 1 {
			t.Errorf("%s: errors = %v, want one", c.name, list)
			continue
		}
		if !strings.HasSuffix(list[0].Message, c.want) {
			t.Errorf("%s: message = %q, want it to end with %q", c.name, list[0].Message, c.want)
		}
	}
}

func TestResolveInputsWithoutInputs(t *testing.T) {
	pb := mustLoad(t, `
name: hints
steps:
  - id: buckets
    action: s3.list_buckets
`)
	_, err := pb.ResolveInputs(map[string]string{"x": "1"})
	if err == nil {
		t.Fatal("an unknown input was accepted")
	}
	if want := `unknown input "x"; the playbook has no inputs`; err.Error() != want {
		t.Errorf("error = %q, want %q", err, want)
	}
}
