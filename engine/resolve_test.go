package engine

import (
	"context"
	"strings"
	"testing"
)

// A resolved value of the wrong type names its parameter once.
func TestResolveParamsInvalidValue(t *testing.T) {
	pb := mustLoad(t, `
name: resolve
inputs:
  limit: {type: list, default: [ten]}
steps:
  - id: objects
    action: s3.list_bucket_objects
    with: {bucket: logs, max_objects: $.inputs.limit}
`)
	doc := newDocument(map[string]any{"limit": []any{"ten"}})
	_, err := resolveParams(context.Background(), pb.Steps[0], doc.root)
	if err == nil {
		t.Fatal("the list [ten] was accepted as max_objects")
	}
	want := `invalid value for max_objects: expected an integer, got a list`
	if err.Error() != want {
		t.Errorf("error = %q, want %q", err, want)
	}
}

// An error that does not name the parameter gets its name.
func TestResolveParamsUnmatchedPath(t *testing.T) {
	pb := mustLoad(t, `
name: resolve
inputs:
  prefix: {type: string, default: ""}
steps:
  - id: objects
    action: s3.list_bucket_objects
    with: {bucket: logs, prefix: $.inputs.prefix}
`)
	doc := newDocument(map[string]any{})
	_, err := resolveParams(context.Background(), pb.Steps[0], doc.root)
	if err == nil {
		t.Fatal("a path that matches nothing was accepted")
	}
	if !strings.HasPrefix(err.Error(), "parameter prefix: ") {
		t.Errorf("error = %q, want it to start with the parameter name", err)
	}
}

func TestResolveConnectionInvalidValue(t *testing.T) {
	pb := mustLoad(t, `
name: resolve
inputs:
  duration: {type: number, default: 1000.5}
connection: {session_duration: $.inputs.duration}
steps:
  - id: buckets
    action: s3.list_buckets
`)
	doc := newDocument(map[string]any{"duration": 1000.5})
	_, err := resolveConnection(context.Background(), pb.Connection, pb.ConnectionRefs, doc.root)
	if err == nil {
		t.Fatal("the number 1000.5 was accepted as session_duration")
	}
	want := `invalid value for session_duration: expected an integer, got `
	if !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error = %q, want it to start with %q", err, want)
	}
}
