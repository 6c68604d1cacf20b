package engine

import (
	"gopkg.in/yaml.v3"
)

var inputKeys = []string{"type", "required", "default", "description"}

func (l *loader) loadInputs(n *yaml.Node) {
	for _, f := range l.fields(n, "inputs", nil) {
		name := f.key.Value
		if !namePattern.MatchString(name) {
			l.add(f.key.Line, f.key.Column,
				"invalid input name %q: use letters, digits and underscores, starting with a letter", name)
			continue
		}
		in := &Input{Name: name, Type: InputString, Pos: l.pos(f.key)}
		l.input(in, f.value)
		l.inputs[name] = in
		l.pb.Inputs = append(l.pb.Inputs, in)
	}
}

func (l *loader) input(in *Input, n *yaml.Node) {
	what := "input " + in.Name
	var def *yaml.Node
	for _, f := range l.fields(n, what, inputKeys) {
		switch f.key.Value {
		case "type":
			t := l.str(f.value, what+" type")
			if t != "" && !contains(inputTypes, t) {
				l.add(f.value.Line, f.value.Column, "invalid type %q for %s%s", t, what, didYouMean(t, inputTypes))
			}
			if t != "" {
				in.Type = InputType(t)
			}
		case "required":
			in.Required = l.boolean(f.value, what+" required")
		case "description":
			in.Description = l.str(f.value, what+" description")
		case "default":
			def = f.value
		}
	}
	if def != nil {
		v, err := convertInputNode(in.Type, def)
		if err != nil {
			l.add(def.Line, def.Column, "invalid default for %s: %v", what, err)
			return
		}
		in.Default, in.HasDefault = v, true
	}
}

// boolean reads a YAML 1.2 boolean. Words such as yes or on are rejected
// rather than guessed, because YAML 1.1 and 1.2 tools disagree on them.
func (l *loader) boolean(n *yaml.Node, what string) bool {
	if n.Kind != yaml.ScalarNode || n.Tag != tagBool {
		l.add(n.Line, n.Column, "invalid boolean for %s: got %s, use true or false", what, kindName(n))
		return false
	}
	return plainScalar(n).(bool)
}

// integer reads a whole number (see integerNode).
func (l *loader) integer(n *yaml.Node, what string) (int, bool) {
	v, hint, ok := integerNode(n)
	switch {
	case ok:
		return v, true
	case hint != "":
		l.add(n.Line, n.Column, "invalid integer for %s: %s", what, hint)
	default:
		l.add(n.Line, n.Column, "invalid integer for %s: got %s", what, kindName(n))
	}
	return 0, false
}
