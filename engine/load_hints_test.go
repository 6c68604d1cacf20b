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

// An invalid key or value is reported once, where it is written, and not
// also as a missing or unknown key.
func TestLoadInvalidValueNotMissing(t *testing.T) {
	cases := map[string]struct {
		src, want string
		line, col int
	}{
		"name with an int tag": {"name: !!int abc\nsteps: [{id: a, action: s3.list_buckets}]\n",
			`name must be text, got "abc" with the tag !!int: remove the tag`, 1, 7},
		"action with a local tag": {"name: t\nsteps:\n  - id: a\n    action: !custom s3.list_buckets\n",
			`action starts with "!custom"`, 4, 13},
		"id with a local tag": {"name: t\nsteps:\n  - id: !x a\n    action: s3.list_buckets\n",
			`step id starts with "!x"`, 3, 9},
		"list as a step key": {"name: t\nsteps:\n  - id: a\n    action: s3.list_buckets\n    ? [x]\n    : 1\n",
			"invalid key in a step: a key must be text, got a list", 5, 7},
		"map as a playbook key": {"name: t\n? {a: 1}\n: 1\nsteps: [{id: a, action: s3.list_buckets}]\n",
			"invalid key in the playbook: a key must be text, got a map", 2, 3},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			list := loadErrors(t, c.src)
			if len(list) != 1 {
				t.Fatalf("errors = %v, want one", list)
			}
			if !strings.HasPrefix(list[0].Message, c.want) {
				t.Errorf("message = %q, want it to start with %q", list[0].Message, c.want)
			}
			if list[0].Pos.Line != c.line || list[0].Pos.Column != c.col {
				t.Errorf("position = %d:%d, want %d:%d", list[0].Pos.Line, list[0].Pos.Column, c.line, c.col)
			}
		})
	}
}

func TestLoadEmptyNameAndActionMissing(t *testing.T) {
	list := loadErrors(t, "name: \"\"\nsteps:\n  - id: \"\"\n    action: \"\"\n")
	var messages []string
	for _, e := range list {
		messages = append(messages, e.Message)
	}
	for _, want := range []string{"missing playbook name", "missing id for step 1", "missing action for step"} {
		if !strings.Contains(strings.Join(messages, "\n"), want) {
			t.Errorf("errors = %q, want %q", messages, want)
		}
	}
}
