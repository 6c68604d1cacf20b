package engine

import (
	"github.com/s3play/s3play/actions"
)

// document is the run document references and conditions read:
// {inputs, steps: {<id>: {output, status, error, items}}, item, index}.
type document struct {
	root  map[string]any
	steps map[string]any
}

func newDocument(inputs map[string]any) *document {
	steps := map[string]any{}
	return &document{root: map[string]any{"inputs": inputs, "steps": steps}, steps: steps}
}

// withItem returns the document as seen by one iteration of a loop. Only
// the top-level map is copied, so this stays cheap for large loops.
func (d *document) withItem(item any, index int) map[string]any {
	return map[string]any{
		"inputs": d.root["inputs"],
		"steps":  d.steps,
		"item":   item,
		"index":  index,
	}
}

// record stores a finished step so later steps can read it.
func (d *document) record(sr *StepRecord) {
	items := make([]any, len(sr.Items))
	for i, it := range sr.Items {
		items[i] = map[string]any{
			"item":   it.Item,
			"status": string(it.Status),
			"output": it.Output,
			"error":  plainFailure(it.Error),
		}
	}
	d.steps[sr.ID] = map[string]any{
		"output": sr.Output,
		"status": string(sr.Status),
		"error":  plainFailure(sr.Error),
		"items":  items,
	}
}

func plainFailure(f *actions.Failure) any {
	if f == nil {
		return nil
	}
	return map[string]any{
		"indicator":   f.Indicator,
		"status_code": f.StatusCode,
		"code":        f.Code,
		"message":     f.Message,
	}
}
