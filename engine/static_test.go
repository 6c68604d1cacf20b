package engine

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

const staticPlaybook = `
name: static
inputs:
  bucket: {type: string}
steps:
  - id: list
    action: s3.list_buckets
  - id: objects
    action: s3.list_bucket_objects
    for_each: [one-bucket, two-bucket]
    with:
      bucket: $.item
      prefix: "{{ $.inputs.bucket }}/logs/"
  - id: delete
    action: s3.delete_buckets
    with:
      bucket_names: $.steps.list.output.Buckets[*].Name
  - id: literal
    action: s3.delete_buckets
    with:
      bucket_names: [kept-bucket]
`

func TestStaticLiteralAndInput(t *testing.T) {
	pb := mustLoad(t, staticPlaybook)
	doc := map[string]any{"inputs": map[string]any{"bucket": "evidence"}}

	got, err := pb.Steps[3].With["bucket_names"].Static(doc)
	if err != nil || !reflect.DeepEqual(got, []string{"kept-bucket"}) {
		t.Errorf("literal = %v, %v; want [kept-bucket]", got, err)
	}
	got, err = pb.Steps[1].With["prefix"].Static(doc)
	if err != nil || got != "evidence/logs/" {
		t.Errorf("input template = %v, %v; want evidence/logs/", got, err)
	}
	items, err := pb.Steps[1].ForEach.Static(doc)
	if err != nil || !reflect.DeepEqual(items, []any{"one-bucket", "two-bucket"}) {
		t.Errorf("for_each = %v, %v", items, err)
	}
}

func TestStaticRunTimeValues(t *testing.T) {
	pb := mustLoad(t, staticPlaybook)
	noInputs := map[string]any{"inputs": map[string]any{}}
	var rt *RunTimeError

	_, err := pb.Steps[2].With["bucket_names"].Static(noInputs)
	if !errors.As(err, &rt) || len(rt.Refs) != 1 || !strings.HasPrefix(rt.Refs[0], "$.steps.list") {
		t.Errorf("step reference: err = %v, want a RunTimeError naming $.steps.list", err)
	}
	_, err = pb.Steps[1].With["bucket"].Static(noInputs)
	if !errors.As(err, &rt) || !reflect.DeepEqual(rt.Refs, []string{"$.item"}) {
		t.Errorf("item outside a loop: err = %v, want a RunTimeError naming $.item", err)
	}
	_, err = pb.Steps[1].With["prefix"].Static(noInputs)
	if !errors.As(err, &rt) || !reflect.DeepEqual(rt.MissingInputs, []string{"bucket"}) {
		t.Errorf("missing input: err = %v, want a RunTimeError naming input bucket", err)
	}
}

func TestStaticItemAndConversion(t *testing.T) {
	pb := mustLoad(t, staticPlaybook)
	doc := map[string]any{"inputs": map[string]any{}, "item": "one-bucket", "index": 0}
	got, err := pb.Steps[1].With["bucket"].Static(doc)
	if err != nil || got != "one-bucket" {
		t.Errorf("item = %v, %v; want one-bucket", got, err)
	}

	doc["item"] = "Not_A_Bucket"
	_, err = pb.Steps[1].With["bucket"].Static(doc)
	var rt *RunTimeError
	if err == nil || errors.As(err, &rt) || !strings.Contains(err.Error(), "bucket") {
		t.Errorf("invalid bucket name: err = %v, want a conversion error", err)
	}
}

func TestKeysMatchLoader(t *testing.T) {
	keys := Keys()
	if !reflect.DeepEqual(keys.Step, stepKeys) || !reflect.DeepEqual(keys.Retry, retryKeys) {
		t.Errorf("Keys() = %+v, out of step with the loader", keys)
	}
	keys.Step[0] = "changed"
	if stepKeys[0] == "changed" {
		t.Error("Keys() shares its slices with the loader")
	}
}
