package engine

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// rejectedSessionNames are names STS rejects: a slash, a colon, spaces, too
// short and too long.
var rejectedSessionNames = []string{"team/user", "a:b", "run 2024-01-02 03:04", "x",
	strings.Repeat("n", 65)}

const sessionRule = "2 to 64 characters from letters, digits and =,.@-_+"

func TestLoadSessionNameRejected(t *testing.T) {
	places := map[string]string{
		"playbook": "connection: {role_session_name: %q}\nsteps:\n  - id: list\n    action: s3.list_buckets\n",
		"step": "steps:\n  - id: list\n    action: s3.list_buckets\n" +
			"    connection: {role_session_name: %q}\n",
		"with": "steps:\n  - id: list\n    action: s3.list_buckets\n" +
			"    with: {role_session_name: %q}\n",
	}
	for place, body := range places {
		for _, name := range rejectedSessionNames {
			list := loadErrors(t, "name: names\n"+fmt.Sprintf(body, name))
			if len(list) != 1 {
				t.Errorf("%s %q: errors = %v, want 1", place, name, list)
				continue
			}
			msg := list[0].Message
			if !strings.Contains(msg, "role_session_name") || !strings.Contains(msg, sessionRule) {
				t.Errorf("%s %q: message %q does not name the field and the rule", place, name, msg)
			}
		}
	}
}

func TestLoadSessionDuration(t *testing.T) {
	cases := []struct {
		value string
		valid bool
	}{{"600", false}, {"43201", false}, {`"1h"`, false}, {"1h", false}, {"-900", false},
		{"900", true}, {"43200", true}}
	for _, c := range cases {
		src := "name: durations\nsteps:\n  - id: list\n    action: s3.list_buckets\n" +
			"    connection: {role_arn: arn:aws:iam::123456789012:role/ops, session_duration: " +
			c.value + "}\n"
		_, err := Load("test.yaml", []byte(src))
		if (err == nil) != c.valid {
			t.Errorf("session_duration %s: error = %v, want valid = %v", c.value, err, c.valid)
		}
		if err != nil && !strings.Contains(err.Error(), "session_duration") {
			t.Errorf("session_duration %s: error %q does not name the field", c.value, err)
		}
		if err != nil && !strings.Contains(err.Error(), "900 to 43200") {
			t.Errorf("session_duration %s: error %q does not give the range", c.value, err)
		}
	}
}

func TestLoadConnectionReferences(t *testing.T) {
	pb := mustLoad(t, `
name: refs
inputs:
  role: {type: string}
  seconds: {type: integer, default: 900}
  region: {type: string, default: eu-west-1}
connection:
  region: $.inputs.region
steps:
  - id: list
    action: s3.list_buckets
    connection:
      role_arn: $.inputs.role
      session_duration: $.inputs.seconds
      role_session_name: "ops-{{ $.inputs.region }}"
`)
	if pb.ConnectionRefs["region"] == nil {
		t.Error("playbook connection region is not a reference")
	}
	step := pb.Steps[0]
	for _, key := range []string{"role_arn", "session_duration", "role_session_name"} {
		if step.ConnectionRefs[key] == nil {
			t.Errorf("step connection %s is not a reference", key)
		}
	}
	if step.Connection.RoleARN != nil {
		t.Errorf("role_arn also set as a literal: %q", *step.Connection.RoleARN)
	}
}

func TestLoadPlaybookConnectionReadsInputsOnly(t *testing.T) {
	list := loadErrors(t, `
name: refs
connection:
  role_arn: $.steps.list.output.Owner.ID
steps:
  - id: list
    action: s3.list_buckets
`)
	if len(list) != 1 || !strings.Contains(list[0].Message, "$.inputs") {
		t.Fatalf("errors = %v, want one saying the playbook connection reads $.inputs", list)
	}
}

func TestLoadConnectionUnknownInput(t *testing.T) {
	list := loadErrors(t, `
name: refs
inputs:
  role: {type: string}
steps:
  - id: list
    action: s3.list_buckets
    connection: {role_arn: $.inputs.rol}
`)
	if len(list) != 1 || !strings.Contains(list[0].Message, `did you mean "role"`) {
		t.Fatalf("errors = %v", list)
	}
}

func TestLoadConnectionKeySetTwice(t *testing.T) {
	list := loadErrors(t, `
name: twice
steps:
  - id: list
    action: s3.list_buckets
    connection: {region: eu-west-1}
    with: {region: us-west-2}
`)
	if len(list) != 1 || !strings.Contains(list[0].Message, "region is set twice") {
		t.Fatalf("errors = %v", list)
	}
}

func TestLoadRetryKeptWithConnection(t *testing.T) {
	pb := mustLoad(t, `
name: retry
steps:
  - id: list
    action: s3.list_buckets
    retry: {max_attempts: 7}
    connection: {region: eu-west-1, session_duration: 1800}
`)
	c := pb.Steps[0].Connection
	if c.MaxAttempts == nil || *c.MaxAttempts != 7 {
		t.Errorf("max_attempts = %v, want 7", c.MaxAttempts)
	}
	if c.Region == nil || *c.Region != "eu-west-1" {
		t.Errorf("region = %v, want eu-west-1", c.Region)
	}
	if c.SessionDuration == nil || *c.SessionDuration != 1800*time.Second {
		t.Errorf("session_duration = %v, want 1800s", c.SessionDuration)
	}
}

func TestLoadMaxAttemptsRange(t *testing.T) {
	for _, v := range []string{"0", "21"} {
		list := loadErrors(t, "name: attempts\nconnection: {max_attempts: "+v+"}\n"+
			"steps:\n  - id: list\n    action: s3.list_buckets\n")
		if len(list) != 1 || !strings.Contains(list[0].Message, "max_attempts") {
			t.Errorf("max_attempts %s: errors = %v", v, list)
		}
	}
}
