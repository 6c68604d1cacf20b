package engine

import (
	"strings"
	"testing"
)

// textRefPlaybook wraps a step's lines in a playbook with a string input s
// and an integer input n. Its line 7 is the step's first line.
func textRefPlaybook(step string) string {
	return `name: typed
inputs:
  s: {type: string, default: "2"}
  n: {type: integer, default: 2}
steps:
  - id: a
` + step
}

func TestLoadTextRefRejected(t *testing.T) {
	cases := map[string]struct {
		step, want string
		line, col  int
	}{
		"template in integer parameter": {`    action: s3.list_bucket_objects
    with: {bucket: logs, max_objects: '1{{ $.inputs.n }}'}`,
			`max_objects takes an integer, but "1{{ $.inputs.n }}" evaluates to text`, 8, 39},
		"template in boolean parameter": {`    action: s3.delete_bucket_objects
    with: {bucket: logs, keys: [a], all_versions: '{{ $.inputs.n }}x'}`,
			"all_versions takes true or false", 8, 51},
		"string input in integer parameter": {`    action: s3.list_bucket_objects
    with: {bucket: logs, max_objects: $.inputs.s}`,
			"input s has type string, so $.inputs.s evaluates to text", 8, 39},
		"template in step session_duration": {`    action: s3.list_buckets
    connection: {session_duration: '9{{ $.inputs.n }}0'}`,
			"step connection session_duration takes an integer", 8, 36},
		"template in for_each": {`    action: s3.list_buckets
    for_each: 'a{{ $.inputs.s }}'`,
			"for_each takes a list", 8, 15},
		"map as for_each": {`    action: s3.list_buckets
    for_each: {a: 1}`,
			"for_each takes a list or a reference to one, got a map", 8, 15},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			list := loadErrors(t, textRefPlaybook(c.step))
			if len(list) != 1 {
				t.Fatalf("errors = %v, want one", list)
			}
			if !strings.Contains(list[0].Message, c.want) {
				t.Errorf("message = %q, want it to contain %q", list[0].Message, c.want)
			}
			if list[0].Pos.Line != c.line || list[0].Pos.Column != c.col {
				t.Errorf("position = %d:%d, want %d:%d", list[0].Pos.Line, list[0].Pos.Column, c.line, c.col)
			}
		})
	}
}

func TestLoadPlaybookConnectionTemplateRejected(t *testing.T) {
	list := loadErrors(t, `name: typed
inputs: {s: {type: string, default: "5"}}
connection: {max_attempts: '{{ $.inputs.s }}'}
steps: [{id: a, action: s3.list_buckets}]
`)
	if len(list) != 1 || !strings.Contains(list[0].Message, "input s has type string") {
		t.Fatalf("errors = %v, want one about input s", list)
	}
	if list[0].Pos.Line != 3 || list[0].Pos.Column != 28 {
		t.Errorf("position = %d:%d, want 3:28", list[0].Pos.Line, list[0].Pos.Column)
	}
}

// A reference written alone, also as the only {{ }} of a string, keeps
// its type.
func TestLoadTypedRefsAccepted(t *testing.T) {
	for _, step := range []string{
		"    action: s3.list_bucket_objects\n    with: {bucket: logs, max_objects: '{{ $.inputs.n }}'}",
		"    action: s3.list_bucket_objects\n    with: {bucket: logs, max_objects: $.inputs.n}",
		"    action: s3.list_bucket_objects\n    with: {bucket: logs, prefix: 'p{{ $.inputs.n }}'}",
		"    action: s3.list_buckets\n    connection: {session_duration: ' {{ $.inputs.n }} '}",
		"    action: s3.list_buckets\n    for_each: [{a: 1}]",
	} {
		mustLoad(t, textRefPlaybook(step))
	}
}

// Integer fields take what JSON Schema's integer type takes, read as YAML
// 1.2 reads it: 5.0 is the integer 5, and 1_000 is text.
func TestLoadIntegerForms(t *testing.T) {
	pb := mustLoad(t, textRefPlaybook(`    action: s3.list_buckets
    max_items: 5.0
    retry: {max_attempts: 3.0}
    connection: {session_duration: 900.0}`))
	s := pb.Steps[0]
	if s.MaxItems != 5 {
		t.Errorf("max_items = %d, want 5", s.MaxItems)
	}
	if s.Connection.MaxAttempts == nil || *s.Connection.MaxAttempts != 3 {
		t.Errorf("max_attempts = %v, want 3", s.Connection.MaxAttempts)
	}
	if s.Connection.SessionDuration == nil || s.Connection.SessionDuration.Seconds() != 900 {
		t.Errorf("session_duration = %v, want 900s", s.Connection.SessionDuration)
	}
	for _, step := range []string{
		"    action: s3.list_buckets\n    max_items: 1_000",
		"    action: s3.list_buckets\n    connection: {session_duration: 1_000}",
		"    action: s3.list_bucket_objects\n    with: {bucket: logs, max_objects: 1_000}",
		"    action: s3.list_buckets\n    max_items: 5.5",
	} {
		list := loadErrors(t, textRefPlaybook(step))
		if len(list) != 1 || list[0].Pos.Line != 8 {
			t.Errorf("%s: errors = %v, want one at line 8", step, list)
			continue
		}
		if strings.Contains(step, "1_000") && !strings.Contains(list[0].Message, "without underscores, as 1000") {
			t.Errorf("%s: message = %q, want the underscore hint", step, list[0].Message)
		}
	}
}
