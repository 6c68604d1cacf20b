package actions

import "encoding/json"

// Status is the outcome of a step or of one item of a step.
type Status string

// Step and item statuses.
const (
	Succeeded          Status = "Succeeded"
	PartiallySucceeded Status = "PartiallySucceeded"
	Failed             Status = "Failed"
	Skipped            Status = "Skipped"
)

// Item is the result for one entry of a list parameter or of a for_each loop.
type Item struct {
	Item   any      `json:"item"`
	Status Status   `json:"status"`
	Output any      `json:"output,omitempty"`
	Error  *Failure `json:"error,omitempty"`
}

// Result is what an action returns: an output shaped like the S3 API
// response and, for actions that take a list, one Item per entry.
type Result struct {
	Output any    `json:"output"`
	Items  []Item `json:"items,omitempty"`
	// Status, when set, overrides the status derived from Items. Actions
	// that do not report per-item results (emptying a whole bucket) use it
	// together with Error to report partial success.
	Status Status   `json:"-"`
	Error  *Failure `json:"-"`
	// Reason is the explanation, recorded with the step, of why the action
	// skipped its work, for example because the change would alter nothing.
	Reason string `json:"-"`
	// Changes lists what the action would change. Only Plan sets it.
	Changes []Change `json:"-"`
}

// Outcome returns Status when set, else the status derived from the items:
// all succeeded, some succeeded, or none did. Skipped items count as
// neither.
func (r *Result) Outcome() Status {
	if r.Status != "" {
		return r.Status
	}
	return Combine(r.Items)
}

// Combine derives one status from item statuses.
func Combine(items []Item) Status {
	ok, bad := 0, 0
	for _, it := range items {
		switch it.Status {
		case Succeeded:
			ok++
		case Failed, PartiallySucceeded:
			bad++
			if it.Status == PartiallySucceeded {
				ok++
			}
		}
	}
	switch {
	case bad == 0 && ok == 0 && len(items) > 0:
		return Skipped
	case bad == 0:
		return Succeeded
	case ok == 0:
		return Failed
	default:
		return PartiallySucceeded
	}
}

// Plain converts a Go value into plain JSON values (map[string]any, []any,
// float64, string, bool, nil) so JSONPath and expressions see what a JSON
// document would contain, never SDK structs with pointer fields.
func Plain(v any) (any, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out any
	err = json.Unmarshal(data, &out)
	return out, err
}
