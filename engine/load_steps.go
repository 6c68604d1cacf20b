package engine

import (
	"gopkg.in/yaml.v3"
	"strings"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/engine/cond"
)

var stepKeys = []string{
	"id", "description", "action", "with", "when", "for_each", "on_error", "retry",
	"connection", "max_items",
}

var onErrorValues = []string{OnErrorFail, OnErrorContinue}

func (l *loader) loadSteps(n *yaml.Node) {
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		l.add(n.Line, n.Column, "steps must be a list with at least one step, got %s", kindName(n))
		return
	}
	l.collectStepIDs(n)
	for i, sn := range n.Content {
		if step := l.step(sn, i); step != nil {
			l.pb.Steps = append(l.pb.Steps, step)
		}
	}
}

// collectStepIDs records every step id first, so a reference to a later
// step is reported as such rather than as unknown.
func (l *loader) collectStepIDs(n *yaml.Node) {
	for i, sn := range n.Content {
		// step reports what is wrong with the step's keys, so this pass
		// reads them into a sink whose errors are dropped.
		var ignored errorSink
		v := fieldValue(ignored.fields(sn, "a step", nil), "id")
		if v == nil || v.Kind != yaml.ScalarNode {
			continue
		}
		if _, dup := l.stepIDs[v.Value]; dup {
			l.add(v.Line, v.Column, "duplicate step id %q: each step needs its own id", v.Value)
			continue
		}
		l.stepIDs[v.Value] = i
	}
}

// stepFields groups a step's raw nodes, because `with` can only be read
// once the action, and so its parameters, is known.
type stepFields struct {
	with, when, forEach, connection *yaml.Node
}

func (l *loader) step(n *yaml.Node, index int) *Step {
	s := &Step{OnError: OnErrorFail, Pos: l.pos(n), With: map[string]*Arg{}}
	var raw stepFields
	fields := l.fields(n, "a step", stepKeys)
	for _, f := range fields {
		l.stepField(s, &raw, f)
	}
	if fields == nil {
		return nil
	}
	// An id or action of another type or with a tag has been reported
	// already, so only a missing key or an empty text is reported here.
	if id := fieldValue(fields, "id"); id == nil || emptyText(id) {
		l.add(n.Line, n.Column, "missing id for step %d: add `id: my_step`", index+1)
	}
	if s.Action == nil {
		if action := fieldValue(fields, "action"); action == nil || emptyText(action) {
			l.add(n.Line, n.Column, "missing action for step %q: add `action:` (see `s3play actions`)", s.ID)
		}
		return s
	}
	l.stepBody(s, raw, index)
	return s
}

func (l *loader) stepField(s *Step, raw *stepFields, f field) {
	switch f.key.Value {
	case "id":
		s.ID = l.stepID(f.value)
	case "description":
		l.str(f.value, "step description")
	case "action":
		s.ActionName = l.str(f.value, "action")
		if s.ActionName != "" {
			l.lookupAction(s, f.value)
		}
	case "with":
		raw.with = f.value
	case "when":
		raw.when = f.value
	case "for_each":
		raw.forEach = f.value
	case "on_error":
		s.OnError = l.str(f.value, "on_error")
		if s.OnError != "" && !contains(onErrorValues, s.OnError) {
			l.add(f.value.Line, f.value.Column, "invalid on_error %q: use fail or continue", s.OnError)
		}
	case "retry":
		l.retry(s, f.value)
	case "connection":
		raw.connection = f.value
	case "max_items":
		if v, ok := l.integer(f.value, "max_items"); ok && v < 1 {
			l.add(f.value.Line, f.value.Column, "invalid max_items %d: use 1 or more", v)
		} else {
			s.MaxItems = v
		}
	}
}

func (l *loader) stepID(n *yaml.Node) string {
	id := l.str(n, "step id")
	switch {
	case id == "":
	case !namePattern.MatchString(id):
		l.add(n.Line, n.Column, "invalid step id %q: use letters, digits and underscores, "+
			"starting with a letter, so references such as $.steps.%s work", id, id)
	}
	return id
}

func (l *loader) lookupAction(s *Step, n *yaml.Node) {
	a, err := actions.Lookup(s.ActionName)
	if err != nil {
		l.add(n.Line, n.Column, "unknown action %q%s", s.ActionName, didYouMean(s.ActionName, actions.Names()))
		return
	}
	s.Action, s.Spec = a, a.Spec()
}

var retryKeys = []string{"max_attempts"}

// retry sets how many attempts the SDK makes for each API call of the step.
func (l *loader) retry(s *Step, n *yaml.Node) {
	for _, f := range l.fields(n, "retry", retryKeys) {
		v, ok := l.integer(f.value, "retry max_attempts")
		if ok && (v < 1 || v > actions.MaxAttemptsLimit) {
			l.add(f.value.Line, f.value.Column, "invalid retry max_attempts %d: use 1 to %d",
				v, actions.MaxAttemptsLimit)
		} else if ok {
			s.Connection.MaxAttempts = &v
		}
	}
}

func (l *loader) stepBody(s *Step, raw stepFields, index int) {
	if raw.forEach != nil {
		// arg returns nil after reporting a malformed value.
		s.ForEach = l.forEach(raw.forEach)
		if s.ForEach != nil {
			l.checkRefs(s, s.ForEach, index, false)
		}
	}
	if raw.when != nil {
		l.when(s, raw.when, index)
	}
	if raw.connection != nil {
		l.addStepConnection(s, l.connection(raw.connection, "step connection", stepConnectionKeys), index)
	}
	l.with(s, raw.with, index)
}

// forEach loads a step's for_each, which must be a list or give one.
// arg returns nil after reporting a malformed value.
func (l *loader) forEach(n *yaml.Node) *Arg {
	a := l.arg(actions.Param{Name: "for_each", Type: actions.TypeObject}, n)
	if a == nil {
		return nil
	}
	node := n
	if node.Kind == yaml.AliasNode {
		node = node.Alias
	}
	switch {
	case len(a.refsIn()) > 0:
		l.checkTextRef(n, a.tree, "for_each", wantList)
	case node.Kind == yaml.ScalarNode:
		l.add(n.Line, n.Column, "for_each takes a list or a reference to one, got %s: "+
			"write [%s] or $.steps.ID.output...", kindName(node), node.Value)
	case node.Kind == yaml.MappingNode:
		l.add(n.Line, n.Column, "for_each takes a list or a reference to one, got a map: "+
			"write the map as the one item of a list, [{...}], or loop over a list in it")
	}
	return a
}

func (l *loader) when(s *Step, n *yaml.Node, index int) {
	src := n.Value
	if n.Kind != yaml.ScalarNode || n.Tag != tagBool {
		// A constant true or false is a condition too; any other value
		// must be the text of one.
		src = l.str(n, "when")
	}
	if src == "" {
		return
	}
	c, err := cond.Compile(src)
	if err != nil {
		l.add(n.Line, n.Column, "invalid condition %q: %v", src, err)
		return
	}
	s.When = c
	for _, id := range c.StepRefs() {
		l.checkStepRef(s, id, index, l.pos(n))
	}
	for _, name := range c.InputRefs() {
		if l.inputs[name] == nil {
			l.add(n.Line, n.Column, "condition %q names unknown input %q%s",
				src, name, didYouMeanInput(name, l.inputNames()))
		}
	}
	for _, f := range c.StepFields() {
		if !contains(stepFieldNames, f.Field) {
			l.add(n.Line, n.Column, "condition %q: step %s has %s, not %q",
				src, f.Step, strings.Join(stepFieldNames, ", "), f.Field)
		}
	}
	if c.UsesItem() && s.ForEach == nil {
		l.add(n.Line, n.Column, "condition %q uses item or index, but step %q has no for_each", src, s.ID)
	}
}
