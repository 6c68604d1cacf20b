package actions

import (
	"context"

	"golang.org/x/sync/errgroup"
)

// itemWorkers is how many items of a list parameter are processed at once.
const itemWorkers = 8

// eachItem calls fn for every name in a bounded pool and returns the items
// in the order of names.
func eachItem(ctx context.Context, names []string,
	fn func(ctx context.Context, name string) Item) []Item {
	items := make([]Item, len(names))
	var group errgroup.Group
	group.SetLimit(itemWorkers)
	for i, name := range names {
		group.Go(func() error {
			items[i] = fn(ctx, name)
			return nil
		})
	}
	_ = group.Wait()
	return items
}

// succeededOutputs collects the outputs of the items that succeeded.
func succeededOutputs(items []Item) []any {
	out := []any{}
	for _, it := range items {
		if it.Status == Succeeded {
			out = append(out, it.Output)
		}
	}
	return out
}
