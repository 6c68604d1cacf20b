package actions

import (
	"context"
	"fmt"

	"golang.org/x/sync/errgroup"
)

// itemWorkers is how many items of a list parameter are processed at once.
const itemWorkers = 8

// eachItem calls fn for every name in a bounded pool and returns the items
// in the order of names.
func eachItem(ctx context.Context, names []string,
	fn func(ctx context.Context, name string) Item) []Item {
	return eachItemLimit(ctx, names, itemWorkers, fn)
}

// eachItemLimit is eachItem with at most limit calls of fn at once.
func eachItemLimit(ctx context.Context, names []string, limit int,
	fn func(ctx context.Context, name string) Item) []Item {
	items := eachIndex(ctx, len(names), limit, func(ctx context.Context, i int) Item {
		return fn(ctx, names[i])
	})
	for i := range items {
		if items[i].Item == nil {
			items[i].Item = names[i] // an item whose function panicked
		}
	}
	return items
}

// eachIndex calls fn for 0 to n-1, at most limit at once, and returns the
// items in index order.
func eachIndex(ctx context.Context, n, limit int,
	fn func(ctx context.Context, i int) Item) []Item {
	items := make([]Item, n)
	var group errgroup.Group
	group.SetLimit(limit)
	for i := range items {
		group.Go(func() error {
			defer func() {
				// A panic in a worker would end the process, so it fails the item.
				if p := recover(); p != nil {
					items[i] = Item{Status: Failed, Error: &Failure{
						Indicator: "Internal error.", StatusCode: CodeInternal,
						Message: fmt.Sprintf("internal error: %v; this is a bug in s3play, "+
							"please report it", p)}}
				}
			}()
			items[i] = fn(ctx, i)
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
