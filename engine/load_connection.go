package engine

import (
	"fmt"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/engine/refs"
)

var playbookConnectionKeys = []string{
	"region", "profile", "endpoint_url", "sts_endpoint_url", "role_arn",
	"role_session_name", "session_duration", "checksum", "max_attempts",
}

// stepConnectionKeys are the overrides a single step may set. Endpoint and
// profile stay per playbook so one run talks to one account's endpoint.
var stepConnectionKeys = []string{"region", "role_arn", "role_session_name", "session_duration"}

// connectionBlock is a connection block as written. Literal values are
// validated when the playbook loads; values with references are evaluated
// and validated before each call.
type connectionBlock struct {
	literal actions.Overrides
	refs    map[string]*Arg
	keys    []*yaml.Node
}

func (l *loader) connection(n *yaml.Node, what string, known []string) connectionBlock {
	b := connectionBlock{refs: map[string]*Arg{}}
	for _, f := range l.fields(n, what, known) {
		b.keys = append(b.keys, f.key)
		l.connectionField(&b, f, what)
	}
	return b
}

// connectionField adds one value to the block. A literal is validated now,
// so a bad session name or duration is reported before anything runs.
func (l *loader) connectionField(b *connectionBlock, f field, what string) {
	key := f.key.Value
	param := connectionParam(key)
	value, ok := l.connectionValue(param, f.value, what)
	if v, isRef := value.(*refs.Value); isRef {
		b.refs[key] = &Arg{Param: param, Pos: l.pos(f.value), tree: v}
		return
	}
	if !ok {
		return
	}
	var one actions.Overrides
	setConnectionField(&one, key, value)
	if err := (actions.Settings{}).Apply(one).Validate(); err != nil {
		l.add(f.value.Line, f.value.Column, "%v", err)
		return
	}
	setConnectionField(&b.literal, key, value)
}

// connectionValue reads a string, an integer for the integer keys, or a
// *refs.Value when the text contains references.
func (l *loader) connectionValue(p actions.Param, n *yaml.Node, what string) (any, bool) {
	name := what + " " + p.Name
	if n.Kind != yaml.ScalarNode || n.Tag != tagStr {
		if p.Type != actions.TypeInt {
			return l.str(n, name), true
		}
		return l.connectionInteger(p, n, name)
	}
	tree, ok := l.stringTree(n)
	_, ref := tree.(*refs.Value)
	switch {
	case !ok || p.Type != actions.TypeInt:
		return tree, ok
	case ref:
		l.checkTextRef(n, tree, name, wantInteger)
		return tree, true
	}
	l.add(n.Line, n.Column, "invalid %s %q: use a whole number%s", name, n.Value, unitOf(p))
	return nil, false
}

func (l *loader) connectionInteger(p actions.Param, n *yaml.Node, name string) (any, bool) {
	v, hint, ok := integerNode(n)
	if ok && v >= p.Min && v <= p.Max {
		return v, true
	}
	switch {
	case hint != "":
		l.add(n.Line, n.Column, "invalid %s %s: %s", name, n.Value, hint)
	case n.Kind == yaml.ScalarNode:
		l.add(n.Line, n.Column, "invalid %s %s: use a whole number%s", name, n.Value, unitOf(p))
	default:
		l.add(n.Line, n.Column, "invalid %s: got %s; use a whole number%s", name, kindName(n), unitOf(p))
	}
	return nil, false
}

func unitOf(p actions.Param) string {
	if p.Name == "session_duration" {
		return fmt.Sprintf(" of seconds from %d to %d", p.Min, p.Max)
	}
	return fmt.Sprintf(" from %d to %d", p.Min, p.Max)
}

// connectionParam types a connection key for references evaluated at run
// time: the integer keys are converted and range-checked like parameters.
func connectionParam(key string) actions.Param {
	p := actions.Param{Name: key, Type: actions.TypeString}
	switch key {
	case "session_duration":
		p.Type = actions.TypeInt
		p.Min = int(actions.MinSessionDuration.Seconds())
		p.Max = int(actions.MaxSessionDuration.Seconds())
	case "max_attempts":
		p.Type, p.Min, p.Max = actions.TypeInt, 1, actions.MaxAttemptsLimit
	}
	return p
}

// setConnectionField sets one override from a converted value: a string,
// or an int for session_duration (seconds) and max_attempts.
func setConnectionField(o *actions.Overrides, key string, value any) {
	text, _ := value.(string)
	number, _ := value.(int)
	switch key {
	case "region":
		o.Region = &text
	case "profile":
		o.Profile = &text
	case "endpoint_url":
		o.EndpointURL = &text
	case "sts_endpoint_url":
		o.STSEndpointURL = &text
	case "role_arn":
		o.RoleARN = &text
	case "role_session_name":
		o.RoleSessionName = &text
	case "checksum":
		o.Checksum = &text
	case "session_duration":
		d := time.Duration(number) * time.Second
		o.SessionDuration = &d
	case "max_attempts":
		o.MaxAttempts = &number
	}
}

// playbookConnection loads the playbook's connection block. It applies
// before any step runs, so its references may read only $.inputs.
func (l *loader) playbookConnection(n *yaml.Node) {
	b := l.connection(n, "connection", playbookConnectionKeys)
	l.pb.Connection, l.pb.ConnectionRefs = b.literal, b.refs
	for key, arg := range b.refs {
		for _, r := range arg.refsIn() {
			if msg := l.inputRefProblem(r); msg != "" {
				l.add(arg.Pos.Line, arg.Pos.Column+r.Offset, "connection %s: %s", key, msg)
			}
		}
	}
}

func (l *loader) inputRefProblem(r *refs.Ref) string {
	root := r.Path.Root()
	switch {
	case len(root) == 0 || root[0] != "inputs":
		return fmt.Sprintf("reference %s must read $.inputs, because the playbook's "+
			"connection applies before any step runs", r.Source)
	case len(root) > 1 && l.inputs[root[1]] == nil:
		return fmt.Sprintf("reference %s names unknown input %q%s",
			r.Source, root[1], didYouMeanInput(root[1], l.inputNames()))
	}
	return ""
}

// addStepConnection merges a step's connection block, or the connection
// keys of its with, into the step. A key may be set only once.
func (l *loader) addStepConnection(s *Step, b connectionBlock, index int) {
	if s.connectionKeys == nil {
		s.connectionKeys = map[string]bool{}
		s.ConnectionRefs = map[string]*Arg{}
	}
	for _, k := range b.keys {
		if s.connectionKeys[k.Value] {
			l.add(k.Line, k.Column, "%s is set twice for step %q: set it either in "+
				"connection or in with", k.Value, s.ID)
		}
		s.connectionKeys[k.Value] = true
	}
	s.Connection = mergeOverrides(s.Connection, b.literal)
	for key, arg := range b.refs {
		s.ConnectionRefs[key] = arg
		l.checkRefs(s, arg, index, true)
	}
}
