package engine

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// RunTimeError reports an argument whose value is known only when the
// playbook runs, because it reads a step's result, a for_each item or an
// input that has no value.
type RunTimeError struct {
	Refs          []string // references that read steps, item or index, as written
	MissingInputs []string // inputs that are read but have no value
}

func (e *RunTimeError) Error() string {
	var parts []string
	if len(e.Refs) > 0 {
		parts = append(parts, "reads "+strings.Join(e.Refs, ", "))
	}
	if len(e.MissingInputs) > 0 {
		parts = append(parts, "reads inputs without a value: "+strings.Join(e.MissingInputs, ", "))
	}
	return "value known only at run time: " + strings.Join(parts, "; ")
}

// Static evaluates the argument without running anything, for commands
// that read a playbook, such as `s3play iam`. doc is a run document with
// "inputs" and, inside a loop whose list is known, "item" and "index". It
// may also hold made-up results under "steps", to test what a reference
// selects. A value that needs more returns a *RunTimeError, and a value of
// the wrong type returns the conversion error.
func (a *Arg) Static(doc map[string]any) (any, error) {
	if err := a.runTimeRefs(doc); err != nil {
		return nil, err
	}
	if lit, ok := a.tree.(literal); ok {
		return lit.value, nil
	}
	v, err := evalTree(context.Background(), a.tree, doc)
	if err != nil {
		return nil, err
	}
	out, err := a.Param.Convert(v)
	if err != nil {
		return nil, fmt.Errorf("invalid value for %s: %w", a.Param.Name, err)
	}
	return out, nil
}

// runTimeRefs returns a *RunTimeError when a reference reads anything doc
// does not hold.
func (a *Arg) runTimeRefs(doc map[string]any) error {
	var rt RunTimeError
	inputs, _ := doc["inputs"].(map[string]any)
	steps, _ := doc["steps"].(map[string]any)
	for _, r := range a.refsIn() {
		root := r.Path.Root()
		switch {
		case len(root) == 0:
			rt.Refs = append(rt.Refs, r.Source)
		case root[0] == "steps":
			if len(root) < 2 || steps[root[1]] == nil {
				rt.Refs = append(rt.Refs, r.Source)
			}
		case root[0] == "item" || root[0] == "index":
			if _, ok := doc[root[0]]; !ok {
				rt.Refs = append(rt.Refs, r.Source)
			}
		case root[0] == "inputs" && len(root) > 1:
			if _, ok := inputs[root[1]]; !ok {
				rt.MissingInputs = append(rt.MissingInputs, root[1])
			}
		}
	}
	if len(rt.Refs) == 0 && len(rt.MissingInputs) == 0 {
		return nil
	}
	return &rt
}

// InputsRead returns the names of the inputs the argument's references
// read, sorted and without repeats.
func (a *Arg) InputsRead() []string {
	var names []string
	for _, r := range a.refsIn() {
		root := r.Path.Root()
		if len(root) > 1 && root[0] == "inputs" {
			names = append(names, root[1])
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}
