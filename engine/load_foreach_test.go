package engine

import (
	"strings"
	"testing"
)

func TestLoadMalformedForEachReported(t *testing.T) {
	list := loadErrors(t, `
name: bad-for-each
steps:
  - id: a
    action: s3.list_buckets
  - id: b
    action: s3.list_buckets
    for_each: $.steps.a.output.Buckets[
`)
	if len(list) == 0 || list[0].Pos.Line != 8 {
		t.Fatalf("errors = %v, want one at line 8", list)
	}
	if !strings.Contains(list[0].Message, "invalid reference") {
		t.Errorf("message = %q, want an invalid reference", list[0].Message)
	}
}
