package engine

import (
	"fmt"
	"math"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/s3play/s3play/engine/refs"
)

// checkTextRef reports a value with references that always evaluates to
// text where another type is needed. Only a reference written alone keeps
// the type of what it selects, so text or a second reference around a {{ }}
// makes the value text. A reference to an input of type string without a
// ?? default also gives text, or fails. what names the value, such as
// max_objects.
func (l *loader) checkTextRef(n *yaml.Node, tree any, what string, want targetType) {
	v, ok := tree.(*refs.Value)
	if !ok || v.IsLiteral() {
		return
	}
	first := v.Refs()[0]
	if !v.IsWholeReference() {
		l.add(n.Line, n.Column, "%s takes %s, but %q evaluates to text, because only a "+
			"reference written alone keeps its type: write %s alone", what, want.name,
			strings.TrimSpace(n.Value), first.Source)
		return
	}
	root := first.Path.Root()
	if first.HasDefault || len(root) < 2 || root[0] != "inputs" {
		return
	}
	if in := l.inputs[root[1]]; in != nil && in.Type == InputString {
		l.add(n.Line, n.Column, "%s takes %s, but input %s has type string, so %s "+
			"evaluates to text: declare the input with type: %s", what, want.name, root[1],
			first.Source, want.input)
	}
}

// targetType is a type that text cannot stand in for.
type targetType struct {
	name  string    // the type as messages name it: "an integer"
	input InputType // the input type whose values have this type
}

var (
	wantInteger = targetType{"an integer", InputInteger}
	wantBoolean = targetType{"true or false", InputBoolean}
	wantList    = targetType{"a list", InputList}
)

// integerNode reads a whole number: a YAML integer, or a float without a
// fraction such as 5.0, which JSON Schema's integer type also accepts.
// Digits grouped with underscores are rejected with a hint, because
// yaml.v3 reads 1_000 as 1000 but YAML 1.2, which editors use, reads it as
// text, so the schema rejects it.
func integerNode(n *yaml.Node) (value int, hint string, ok bool) {
	if n.Kind != yaml.ScalarNode || (n.Tag != tagInt && n.Tag != tagFloat) {
		return 0, "", false
	}
	if hint := underscoreHint(n); hint != "" {
		return 0, hint, false
	}
	f, ok := parseNumber(n.Value)
	if !ok || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, "", false
	}
	return int(f), "", true
}

// underscoreHint returns how to write a number with digits grouped by
// underscores, or "" for other values.
func underscoreHint(n *yaml.Node) string {
	if (n.Tag != tagInt && n.Tag != tagFloat) || !strings.Contains(n.Value, "_") {
		return ""
	}
	return fmt.Sprintf("write it without underscores, as %s, because YAML 1.2 "+
		"(used by editors) reads %s as text", strings.ReplaceAll(n.Value, "_", ""), n.Value)
}
