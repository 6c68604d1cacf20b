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
