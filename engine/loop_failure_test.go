package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/s3play/s3play/actions"
)

// A loop iteration whose call partly failed reports why, naming the entry.
func TestLoopItemCarriesInnerFailure(t *testing.T) {
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	pb := mustLoad(t, `
name: partial-loop
steps:
  - id: each
    action: test.partial
    for_each: ["one", "two"]
    on_error: continue
    with:
      names: ["ok-{{ $.item }}", "bad-{{ $.item }}"]
`)
	rec := (&Runner{Conn: actions.NewConnector()}).Run(context.Background(), pb, map[string]any{})
	items := rec.Steps[0].Items
	if len(items) != 2 {
		t.Fatalf("items = %+v, want two", items)
	}
	for _, it := range items {
		if it.Status != actions.PartiallySucceeded {
			t.Errorf("item %v status = %s, want PartiallySucceeded", it.Item, it.Status)
		}
		if it.Error == nil || !strings.Contains(it.Error.Indicator, "bad-"+it.Item.(string)) {
			t.Errorf("item %v error = %+v, want the failed name in it", it.Item, it.Error)
		}
	}
}

// An action that names no item, such as s3.test_connection, fails in a
// loop with the loop item in its indicator.
func TestLoopItemNamedInIndicator(t *testing.T) {
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	pb := mustLoad(t, `
name: failing-loop
steps:
  - id: each
    action: test.fail
    for_each: ["role-a", "role-b"]
    on_error: continue
`)
	rec := (&Runner{Conn: actions.NewConnector()}).Run(context.Background(), pb, map[string]any{})
	items := rec.Steps[0].Items
	if len(items) != 2 {
		t.Fatalf("items = %+v, want two", items)
	}
	for _, it := range items {
		if it.Error == nil {
			t.Errorf("item %v has no error", it.Item)
			continue
		}
		want := "Test Fail failed for " + it.Item.(string) + "."
		if it.Error.Indicator != want {
			t.Errorf("item %v indicator = %q, want %q", it.Item, it.Error.Indicator, want)
		}
	}
}
