package engine

import (
	"math"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// YAML core tags as yaml.v3 resolves them.
const (
	tagStr   = "!!str"
	tagInt   = "!!int"
	tagFloat = "!!float"
	tagBool  = "!!bool"
	tagNull  = "!!null"
	tagMap   = "!!map"
	tagSeq   = "!!seq"
)

// field is one key of a YAML mapping with its value node.
type field struct {
	key   *yaml.Node
	value *yaml.Node
}

// fields returns a mapping's entries in file order, reporting duplicate keys
// and keys outside known (when known is not nil). An alias to a mapping
// reads as that mapping. Keys merged in with `<<` follow the mapping's own
// keys, which win over them (see mergedFields).
func (s *errorSink) fields(n *yaml.Node, what string, known []string) []field {
	if n.Kind == yaml.AliasNode && n.Alias != nil && n.Alias.Kind == yaml.MappingNode {
		n = n.Alias
	}
	if n.Kind != yaml.MappingNode {
		s.add(n.Line, n.Column, "%s must be a map, got %s", what, kindName(n))
		return nil
	}
	seen := map[string]bool{}
	var out []field
	var merge *yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case isMergeKey(k) && merge == nil:
			merge = v
			continue
		case isMergeKey(k):
			s.add(k.Line, k.Column, "duplicate merge key << in %s: merge several maps "+
				"with one list, such as <<: [*a, *b]", what)
			continue
		case k.Kind != yaml.ScalarNode:
			s.add(k.Line, k.Column, "invalid key in %s: a key must be text, got %s", what, kindName(k))
			continue
		case seen[k.Value]:
			s.add(k.Line, k.Column, "duplicate key %q in %s", k.Value, what)
			continue
		case known != nil && !contains(known, k.Value):
			s.add(k.Line, k.Column, "unknown key %q in %s%s", k.Value, what, didYouMean(k.Value, known))
			continue
		}
		seen[k.Value] = true
		out = append(out, field{key: k, value: v})
	}
	if merge != nil {
		out = append(out, s.mergedFields(merge, what, known, seen)...)
	}
	return out
}

// fieldValue returns the value of key among fields, or nil.
func fieldValue(fields []field, key string) *yaml.Node {
	for _, f := range fields {
		if f.key.Value == key {
			return f.value
		}
	}
	return nil
}

// emptyText reports a scalar that is the empty text, such as "".
func emptyText(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == tagStr && n.Value == ""
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a map"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	if n.Tag == tagNull {
		return "null"
	}
	return "the value " + strconv.Quote(n.Value)
}

// nonText reports a scalar that YAML reads as a number or a boolean. Text
// fields reject them, as the JSON Schema does, so that values such as
// `true` or `1e3` are quoted where they are meant as text.
func nonText(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && (n.Tag == tagInt || n.Tag == tagFloat || n.Tag == tagBool)
}

// scalarName names a scalar with its YAML type for messages.
func scalarName(n *yaml.Node) string {
	switch n.Tag {
	case tagBool:
		return "the boolean " + n.Value
	case tagInt, tagFloat:
		return "the number " + n.Value
	}
	return kindName(n)
}

// customTag reports a local tag such as `!empty(x)`. YAML reads an unquoted
// value that starts with "!" as a tag and drops it from the value, which
// would silently change a condition, so it is always an error.
func customTag(n *yaml.Node) bool {
	return strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!")
}

// plain converts a node to a plain JSON-like value without reinterpreting
// strings: a scalar resolved as a string stays exactly as written.
func plain(n *yaml.Node) any {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) > 0 {
			return plain(n.Content[0])
		}
		return nil
	case yaml.AliasNode:
		return plain(n.Alias)
	case yaml.SequenceNode:
		out := make([]any, len(n.Content))
		for i, c := range n.Content {
			out[i] = plain(c)
		}
		return out
	case yaml.MappingNode:
		out := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			out[n.Content[i].Value] = plain(n.Content[i+1])
		}
		return out
	}
	return plainScalar(n)
}

func plainScalar(n *yaml.Node) any {
	switch n.Tag {
	case tagNull:
		return nil
	case tagBool:
		return n.Value == "true" || n.Value == "True" || n.Value == "TRUE"
	case tagInt, tagFloat:
		if f, ok := parseNumber(n.Value); ok {
			return f
		}
	}
	return n.Value
}

// parseNumber reads a YAML number as float64, the type JSON numbers have.
func parseNumber(s string) (float64, bool) {
	clean := strings.ReplaceAll(s, "_", "")
	if i, err := strconv.ParseInt(clean, 0, 64); err == nil {
		return float64(i), true
	}
	f, err := strconv.ParseFloat(clean, 64)
	if err != nil || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}
