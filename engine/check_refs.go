package engine

import (
	"fmt"
	"sort"
	"strings"

	"github.com/s3play/s3play/engine/refs"
)

var stepFieldNames = []string{"output", "status", "error", "items"}

// checkRefs validates every reference in an argument of step s, the
// index-th step. inBody is false for for_each, which is evaluated before
// item and index exist.
func (l *loader) checkRefs(s *Step, a *Arg, index int, inBody bool) {
	for _, r := range a.refsIn() {
		pos := a.Pos
		if a.Pos.Line > 0 {
			pos.Column += r.Offset
		}
		if msg := l.refProblem(s, r, index, inBody); msg != "" {
			l.errs = append(l.errs, &LoadError{Pos: pos, Message: msg})
		}
	}
}

// refProblem returns what is wrong with a reference, or "".
func (l *loader) refProblem(s *Step, r *refs.Ref, index int, inBody bool) string {
	root := r.Path.Root()
	if len(root) == 0 {
		return fmt.Sprintf("reference %s must start with $.inputs, $.steps, $.item or $.index", r.Source)
	}
	switch root[0] {
	case "inputs":
		if len(root) > 1 && l.inputs[root[1]] == nil {
			return fmt.Sprintf("reference %s names unknown input %q%s",
				r.Source, root[1], didYouMeanInput(root[1], l.inputNames()))
		}
	case "steps":
		if len(root) < 2 {
			return fmt.Sprintf("reference %s must name a step: $.steps.<id>.output", r.Source)
		}
		if msg := l.stepRefProblem(s, root[1], index); msg != "" {
			return msg
		}
		if len(root) > 2 && !contains(stepFieldNames, root[2]) {
			return fmt.Sprintf("reference %s: a step has %s, not %q",
				r.Source, strings.Join(stepFieldNames, ", "), root[2])
		}
		s.dependsOn = append(s.dependsOn, root[1])
	case "item", "index":
		if !inBody || s.ForEach == nil {
			return fmt.Sprintf("reference %s uses $.%s, which exists only inside a step with for_each",
				r.Source, root[0])
		}
	default:
		return fmt.Sprintf("reference %s must start with $.inputs, $.steps, $.item or $.index, not $.%s",
			r.Source, root[0])
	}
	return ""
}

// checkStepRef reports a reference from step s to step id that is unknown,
// to s itself or to a later step.
func (l *loader) checkStepRef(s *Step, id string, index int, pos Position) {
	if msg := l.stepRefProblem(s, id, index); msg != "" {
		l.errs = append(l.errs, &LoadError{Pos: pos, Message: msg})
		return
	}
	s.dependsOn = append(s.dependsOn, id)
}

func (l *loader) stepRefProblem(s *Step, id string, index int) string {
	at, ok := l.stepIDs[id]
	switch {
	case !ok:
		earlier := l.stepNamesBefore(index)
		if len(earlier) == 0 {
			return fmt.Sprintf("reference to unknown step %q; no step runs before this one", id)
		}
		return fmt.Sprintf("reference to unknown step %q%s", id, didYouMean(id, earlier))
	case at == index:
		return fmt.Sprintf("step %q refers to itself; a step can only read earlier steps", id)
	case at > index:
		return fmt.Sprintf("step %q refers to step %q, which runs later; move it before this step or "+
			"reference an earlier step", s.ID, id)
	}
	return ""
}

func (l *loader) inputNames() []string {
	var out []string
	for _, in := range l.pb.Inputs {
		out = append(out, in.Name)
	}
	return out
}

// stepNamesBefore returns the ids of the steps before the index-th step,
// the only ones it can read, sorted.
func (l *loader) stepNamesBefore(index int) []string {
	out := make([]string, 0, len(l.stepIDs))
	for id, at := range l.stepIDs {
		if at < index {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}
