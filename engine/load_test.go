package engine

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	_ "github.com/s3play/s3play/actions"
)

func mustLoad(t *testing.T, src string) *Playbook {
	t.Helper()
	pb, err := Load("test.yaml", []byte(src))
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	return pb
}

func loadErrors(t *testing.T, src string) ErrorList {
	t.Helper()
	_, err := Load("test.yaml", []byte(src))
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("expected an ErrorList, got %v", err)
	}
	return list
}

func TestLoadHeadlineExample(t *testing.T) {
	pb, err := LoadFile("../playbooks/delete-buckets-with-prefix.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(pb.Steps) != 3 {
		t.Fatalf("steps = %d, want 3", len(pb.Steps))
	}
	if pb.Steps[1].ForEach == nil || pb.Steps[1].When == nil {
		t.Error("step empty lost its for_each or when")
	}
	if !pb.Mutates() {
		t.Error("Mutates() = false for a playbook that deletes buckets")
	}
}

func TestLoadStringsKeptAsWritten(t *testing.T) {
	values := []string{"012345678901", "0755", "1_000", "2024-01-02", "123e4", "yes", "0x1F"}
	for _, v := range values {
		pb := mustLoad(t, `
name: typing
steps:
  - id: list
    action: s3.list_bucket_objects
    with:
      bucket: my-bucket
      prefix: `+v+`
`)
		got := pb.Steps[0].With["prefix"].tree.(literal).value
		if got != v {
			t.Errorf("prefix %s reached the action as %#v", v, got)
		}
	}
}

func TestLoadBooleanYesRejected(t *testing.T) {
	list := loadErrors(t, `
name: typing
steps:
  - id: empty
    action: s3.delete_bucket_objects
    with:
      bucket: my-bucket
      keys: ["*"]
      all_versions: yes
`)
	if len(list) != 1 || !strings.Contains(list[0].Message, `"yes"`) {
		t.Fatalf("errors = %v", list)
	}
	if list[0].Pos.Line != 9 || list[0].Pos.Column != 21 {
		t.Errorf("position = %v, want line 9 column 21", list[0].Pos)
	}
}

func TestLoadConditionTagRejected(t *testing.T) {
	list := loadErrors(t, `
name: tags
steps:
  - id: buckets
    action: s3.list_buckets
    when: !empty(inputs)
`)
	if len(list) != 1 || !strings.Contains(list[0].Message, "tag") {
		t.Fatalf("errors = %v", list)
	}
	if !strings.Contains(list[0].Message, "quote") {
		t.Errorf("message does not say to quote: %s", list[0].Message)
	}
}

func TestLoadUnknownStepReference(t *testing.T) {
	list := loadErrors(t, `
name: refs
steps:
  - id: buckets
    action: s3.list_buckets
  - id: delete
    action: s3.delete_buckets
    with:
      bucket_names: $.steps.nope.output.Buckets[*].Name
`)
	if len(list) != 1 {
		t.Fatalf("errors = %v", list)
	}
	e := list[0]
	if !strings.Contains(e.Message, `"nope"`) {
		t.Errorf("message does not name the step: %s", e.Message)
	}
	if e.Pos.Line != 9 || e.Pos.Column != 21 {
		t.Errorf("position = %v, want 9:21", e.Pos)
	}
}

func TestLoadLaterStepReference(t *testing.T) {
	list := loadErrors(t, `
name: refs
steps:
  - id: delete
    action: s3.delete_buckets
    with:
      bucket_names: $.steps.buckets.output.Buckets[*].Name
  - id: buckets
    action: s3.list_buckets
`)
	if len(list) != 1 || !strings.Contains(list[0].Message, "runs later") {
		t.Fatalf("errors = %v", list)
	}
}

func TestLoadListsEveryError(t *testing.T) {
	list := loadErrors(t, `
name: many
stepz: []
steps:
  - id: one
    action: s3.list_bucket
  - id: two
    action: s3.delete_buckets
    with:
      bucket_names: ["Bad_Name"]
  - id: three
    action: s3.list_buckets
    on_error: ignore
`)
	if len(list) != 4 {
		t.Fatalf("got %d errors, want 4:\n%v", len(list), list)
	}
	wants := []string{`did you mean "steps"`, `did you mean "s3.list_buckets"`, "Bad_Name", "on_error"}
	for i, want := range wants {
		if !strings.Contains(list[i].Message, want) {
			t.Errorf("error %d = %q, want it to contain %q", i, list[i].Message, want)
		}
	}
}

func TestLoadPolicyVariablesLiteral(t *testing.T) {
	pb := mustLoad(t, `
name: literal
inputs:
  bucket: {type: string, default: logs}
steps:
  - id: list
    action: s3.list_bucket_objects
    with:
      bucket: my-bucket
      prefix: "home/${aws:username}/"
`)
	got := pb.Steps[0].With["prefix"].tree.(literal).value
	if got != "home/${aws:username}/" {
		t.Errorf("prefix = %q", got)
	}
}

func TestLoadItemOutsideLoop(t *testing.T) {
	list := loadErrors(t, `
name: item
steps:
  - id: list
    action: s3.list_bucket_objects
    with:
      bucket: $.item
`)
	if len(list) != 1 || !strings.Contains(list[0].Message, "for_each") {
		t.Fatalf("errors = %v", list)
	}
}

func TestLoadConditionNameTypos(t *testing.T) {
	list := loadErrors(t, `
name: typos
inputs:
  keep_prefix: {type: string, default: keep-}
steps:
  - id: check
    action: s3.list_buckets
  - id: empty
    action: s3.delete_bucket_objects
    for_each: $.steps.check.output.Buckets[*].Name
    when: not (item startsWith inputs.keep_prefx) && steps.check.stauts == "Succeeded"
    with:
      bucket: $.item
      keys: ["*"]
`)
	if len(list) != 2 {
		t.Fatalf("errors = %v, want one for the input and one for the step field", list)
	}
	if !strings.Contains(list[0].Message, `unknown input "keep_prefx"`) ||
		!strings.Contains(list[0].Message, `did you mean "keep_prefix"`) {
		t.Errorf("input error = %q", list[0].Message)
	}
	if !strings.Contains(list[1].Message, `not "stauts"`) {
		t.Errorf("step field error = %q", list[1].Message)
	}
	if list[0].Pos.Line != 11 || list[0].Pos.Column != 11 {
		t.Errorf("position = %v, want line 11 column 11", list[0].Pos)
	}
}

func TestLoadAliasBombRejected(t *testing.T) {
	src := "name: bomb\na: &a [x, x, x, x, x, x, x, x, x, x]\n"
	prev := "a"
	for _, name := range []string{"b", "c", "d", "e", "f", "g"} {
		src += fmt.Sprintf("%s: &%s [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]\n",
			name, name, prev, prev, prev, prev, prev, prev, prev, prev, prev, prev)
		prev = name
	}
	list := loadErrors(t, src+"steps: []\n")
	if len(list) != 1 || !strings.Contains(list[0].Message, "YAML aliases") {
		t.Fatalf("errors = %v, want one about YAML aliases", list)
	}
	if list[0].Pos.Line != 3 {
		t.Errorf("position = %v, want the first alias on line 3", list[0].Pos)
	}
}
