package engine

import (
	"context"
	"fmt"

	"github.com/s3play/s3play/actions"
)

// runLoop runs the action once per for_each item. Each item gets its own
// result; a condition that is false for an item skips only that item.
func (x *stepRun) runLoop(ctx context.Context) {
	list, err := x.loopItems(ctx)
	if err != nil {
		x.fail(x.refFailure("", err))
		return
	}
	if x.step.Spec.Mutates && x.step.MaxItems > 0 {
		if f := x.checkMaxItems(x.selectedItems(list)); f != nil {
			x.fail(f)
			return
		}
	}
	outputs := make([]any, 0, len(list))
	x.rec.Items = make([]actions.Item, 0, len(list))
	for i, item := range list {
		if ctx.Err() != nil {
			break
		}
		it := x.runItem(ctx, item, i)
		x.rec.Items = append(x.rec.Items, it)
		outputs = append(outputs, it.Output)
	}
	x.rec.Output = outputs
	x.rec.Status = actions.Combine(x.rec.Items)
	if len(list) == 0 {
		x.rec.Status, x.rec.Reason = actions.Skipped, "nothing to do: for_each produced an empty list"
	}
	if ctx.Err() != nil {
		x.rec.Status = Canceled
	}
}

// selectedItems counts the items whose condition holds (or does not
// evaluate), so max_items limits the targets, not every listed name.
func (x *stepRun) selectedItems(list []any) int {
	if x.step.When == nil {
		return len(list)
	}
	n := 0
	for i, item := range list {
		if ok, err := x.condition(x.doc.withItem(item, i)); ok || err != nil {
			n++
		}
	}
	return n
}

func (x *stepRun) loopItems(ctx context.Context) ([]any, error) {
	v, err := x.step.ForEach.eval(ctx, x.doc.root)
	if err != nil {
		return nil, fmt.Errorf("for_each: %w", err)
	}
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("%w, got %T", errNotList, v)
	}
	return list, nil
}

// runItem runs one iteration and turns its outcome into an item result.
func (x *stepRun) runItem(ctx context.Context, item any, index int) actions.Item {
	it := actions.Item{Item: item}
	label := fmt.Sprint(item)
	doc := x.doc.withItem(item, index)
	ok, err := x.condition(doc)
	if err != nil {
		it.Status, it.Error = actions.Failed, actions.ValidationFailure(x.step.Spec.Title, label, err)
		return it
	}
	if !ok {
		it.Status = actions.Skipped
		return it
	}
	params, err := resolveParams(ctx, x.step, doc)
	if err != nil {
		it.Status, it.Error = actions.Failed, x.refFailure(label, err)
		return it
	}
	if reason := x.emptyItems(params); reason != "" {
		it.Status = actions.Skipped
		return it
	}
	res, f := x.call(ctx, doc, params, false)
	it.Status, it.Error = outcome(res, f), f
	if res != nil {
		it.Output = res.Output
		x.rec.Changes = append(x.rec.Changes, res.Changes...)
		if it.Error == nil {
			it.Error = res.Error
		}
		if it.Error == nil && it.Status != actions.Succeeded {
			it.Error = firstFailure(res.Items)
		}
	}
	it.Error = x.nameItem(it.Error, label)
	return it
}

// nameItem returns f with the loop item in its indicator when the action
// named no item, as s3.test_connection does, so the record and the logs
// name the iteration that failed. f itself is not changed, because an action
// may return the same Failure more than once.
func (x *stepRun) nameItem(f *actions.Failure, label string) *actions.Failure {
	title := x.step.Spec.Title
	if f == nil || f.Indicator != actions.Indicator(title, "") {
		return f
	}
	named := *f
	named.Indicator = actions.Indicator(title, label)
	return &named
}

// firstFailure returns the error of the first failed entry of an
// iteration, so a loop item that partly failed reports why, with the key.
func firstFailure(items []actions.Item) *actions.Failure {
	for _, inner := range items {
		if inner.Error != nil {
			return inner.Error
		}
	}
	return nil
}
