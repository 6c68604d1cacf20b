package engine

import (
	"errors"
	"strconv"

	"gopkg.in/yaml.v3"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/engine/refs"
)

// commonParams are accepted by every action: connection overrides for the
// one step, the same fields a step's `connection:` block takes.
var commonParams = stepConnectionKeys

func (l *loader) with(s *Step, n *yaml.Node, index int) {
	known := append([]string{}, commonParams...)
	for _, p := range s.Spec.Params {
		known = append(known, p.Name)
	}
	given := map[string]bool{}
	if n != nil {
		for _, f := range l.fields(n, "with of step "+s.ID, known) {
			given[f.key.Value] = true
			l.withField(s, f, index)
		}
	}
	for _, p := range s.Spec.Params {
		if p.Required && !given[p.Name] {
			line, col := s.Pos.Line, s.Pos.Column
			if n != nil {
				line, col = n.Line, n.Column
			}
			l.add(line, col, "missing parameter %s (%s) for %s in step %q", p.Name, p.Type, s.ActionName, s.ID)
		}
	}
}

func (l *loader) withField(s *Step, f field, index int) {
	name := f.key.Value
	if contains(commonParams, name) {
		b := l.connection(&yaml.Node{Kind: yaml.MappingNode, Line: f.key.Line, Column: f.key.Column,
			Content: []*yaml.Node{f.key, f.value}}, "with of step "+s.ID, commonParams)
		l.addStepConnection(s, b, index)
		return
	}
	p, _ := s.Spec.Param(name)
	arg := l.arg(p, f.value)
	if arg == nil {
		return
	}
	s.With[name] = arg
	l.checkRefs(s, arg, index, true)
}

// arg builds an argument tree and, when it holds no references, converts
// and checks it now so literal mistakes are found before anything runs.
func (l *loader) arg(p actions.Param, n *yaml.Node) *Arg {
	a := &Arg{Param: p, Pos: l.pos(n)}
	tree, ok := l.tree(p.Type, n)
	if !ok {
		return nil
	}
	a.tree = tree
	if len(a.refsIn()) > 0 {
		switch p.Type {
		case actions.TypeInt:
			l.checkTextRef(n, tree, p.Name, wantInteger)
		case actions.TypeBool:
			l.checkTextRef(n, tree, p.Name, wantBoolean)
		}
		return a
	}
	if isList(p.Type) && n.Kind == yaml.ScalarNode {
		l.add(n.Line, n.Column, "%s takes a list: write [%s], or a reference to a list",
			p.Name, strconv.Quote(n.Value))
		return nil
	}
	v, err := p.Convert(tree)
	if err != nil {
		l.add(n.Line, n.Column, "invalid value for %s: %v", p.Name, err)
		return nil
	}
	a.tree = literal{v}
	return a
}

// literal wraps an argument value that is already converted.
type literal struct{ value any }

// tree converts a node to a plain value whose strings may hold references.
// Scalars reach text parameters exactly as written: 0755 stays "0755".
func (l *loader) tree(t actions.Type, n *yaml.Node) (any, bool) {
	if customTag(n) {
		l.add(n.Line, n.Column, "the value starts with %q, which YAML reads as a tag: quote the whole value", n.Tag)
		return nil, false
	}
	switch n.Kind {
	case yaml.SequenceNode:
		return l.seqTree(t, n)
	case yaml.MappingNode:
		return l.mapTree(n)
	case yaml.AliasNode:
		return l.tree(t, n.Alias)
	}
	if n.Tag == tagStr {
		return l.stringTree(n)
	}
	if t == actions.TypeString || t == actions.TypeStringList || t == actions.TypeKeyList {
		// Numbers stay as written (0755 stays "0755"). A boolean or null is
		// left typed, so Convert rejects it.
		if n.Tag == tagNull || n.Tag == tagBool {
			return plainScalar(n), true
		}
		return n.Value, true
	}
	if hint := underscoreHint(n); hint != "" && t == actions.TypeInt {
		l.add(n.Line, n.Column, "invalid number %s: %s", n.Value, hint)
		return nil, false
	}
	return plainScalar(n), true
}

func isList(t actions.Type) bool {
	return t == actions.TypeStringList || t == actions.TypeKeyList
}

func (l *loader) seqTree(t actions.Type, n *yaml.Node) (any, bool) {
	elem := actions.TypeObject
	if t == actions.TypeStringList || t == actions.TypeKeyList {
		elem = actions.TypeString
	}
	out := make([]any, len(n.Content))
	ok := true
	for i, c := range n.Content {
		v, good := l.tree(elem, c)
		out[i], ok = v, ok && good
	}
	return out, ok
}

func (l *loader) mapTree(n *yaml.Node) (any, bool) {
	out := map[string]any{}
	ok := true
	for _, f := range l.fields(n, "a map value", nil) {
		v, good := l.tree(actions.TypeObject, f.value)
		out[f.key.Value], ok = v, ok && good
	}
	return out, ok
}

func (l *loader) stringTree(n *yaml.Node) (any, bool) {
	v, err := refs.ParseString(n.Value)
	if err != nil {
		line, col := l.offsetPos(n, err)
		l.add(line, col, "invalid reference in %q: %v", n.Value, err)
		return nil, false
	}
	if v.IsLiteral() {
		return v.Literal(), true
	}
	return v, true
}

// offsetPos points at the character an error names inside a one-line
// scalar; for other scalars it points at the scalar.
func (l *loader) offsetPos(n *yaml.Node, err error) (int, int) {
	var perr *refs.SyntaxError
	if !errors.As(err, &perr) || n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return n.Line, n.Column
	}
	col := n.Column + perr.Offset
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		col++ // skip the opening quote
	}
	return n.Line, col
}

func mergeOverrides(a, b actions.Overrides) actions.Overrides {
	if b.Region != nil {
		a.Region = b.Region
	}
	if b.RoleARN != nil {
		a.RoleARN = b.RoleARN
	}
	if b.RoleSessionName != nil {
		a.RoleSessionName = b.RoleSessionName
	}
	if b.SessionDuration != nil {
		a.SessionDuration = b.SessionDuration
	}
	return a
}
