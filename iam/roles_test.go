package iam_test

import (
	"slices"
	"testing"

	"github.com/s3play/s3play/engine"
	"github.com/s3play/s3play/iam"
)

const rolePlaybook = `
name: roles
inputs:
  role: {type: string}
connection: {role_arn: $.inputs.role}
steps:
  - id: check
    action: s3.test_connection
  - id: audit
    action: s3.list_buckets
    connection: {role_arn: "arn:aws:iam::111122223333:role/audit"}
  - id: accounts
    action: s3.list_buckets
    for_each: $.steps.check.output.Accounts
    connection: {role_arn: $.item}
`

func TestRolesFromEveryLayer(t *testing.T) {
	r := report(t, rolePlaybook, map[string]string{"role": "arn:aws:iam::111122223333:role/base"})
	want := []string{"arn:aws:iam::*:role/*", "arn:aws:iam::111122223333:role/audit",
		"arn:aws:iam::111122223333:role/base"}
	if got := resourcesOf(r.Policy, "sts:AssumeRole"); !slices.Equal(got, want) {
		t.Errorf("sts:AssumeRole resources = %v, want %v", got, want)
	}
	if !hasNote(r, "step accounts", "role_arn", "$.item") {
		t.Errorf("notes = %q, want one about the role read from $.item", r.Notes)
	}
	if !hasNote(r, "steps check, audit, accounts run as an assumed role") {
		t.Errorf("notes = %q, want one about assumed roles", r.Notes)
	}
}

func TestRoleFlagBelowStepRole(t *testing.T) {
	pb, err := engine.Load("test.yaml", []byte(rolePlaybook))
	if err != nil {
		t.Fatal(err)
	}
	r, err := iam.ForPlaybook(pb, iam.Options{RoleARN: "arn:aws:iam::444455556666:role/flag",
		Inputs: map[string]string{"role": "arn:aws:iam::111122223333:role/base"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"arn:aws:iam::*:role/*", "arn:aws:iam::111122223333:role/audit",
		"arn:aws:iam::444455556666:role/flag"}
	if got := resourcesOf(r.Policy, "sts:AssumeRole"); !slices.Equal(got, want) {
		t.Errorf("sts:AssumeRole resources = %v, want %v", got, want)
	}
}

func TestNoRoleNoAssumeRole(t *testing.T) {
	r := report(t, `
name: plain
steps:
  - id: check
    action: s3.test_connection
`, nil)
	if got := resourcesOf(r.Policy, "sts:AssumeRole"); len(got) != 0 {
		t.Errorf("sts:AssumeRole granted on %v without a role", got)
	}
}
