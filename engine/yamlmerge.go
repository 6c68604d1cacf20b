package engine

import (
	"gopkg.in/yaml.v3"
)

// tagMerge is the tag yaml.v3 gives a plain `<<` key.
const tagMerge = "!!merge"

// isMergeKey reports a `<<` key that YAML 1.1 and yaml.v3 read as a merge
// key. A quoted "<<" is an ordinary key.
func isMergeKey(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && k.Value == "<<" && k.ShortTag() == tagMerge
}

// mergedFields returns the fields that the value of a `<<` merge key adds
// to a mapping, by the rules of YAML 1.1 merge keys as yaml.v3 v3.0.1
// applies them. A key in seen, one of the mapping's own keys, is left out,
// and in a list the first mapping with a key wins. Each field keeps the
// nodes where it is written, so messages point there. Aliases are expanded
// here, so checkExpansion must have bounded the document first.
func (s *errorSink) mergedFields(merge *yaml.Node, what string, known []string,
	seen map[string]bool) []field {
	var out []field
	for _, source := range s.mergeSources(merge, what) {
		for _, f := range s.fields(source, what, known) {
			if seen[f.key.Value] {
				continue
			}
			seen[f.key.Value] = true
			out = append(out, f)
		}
	}
	return out
}

// mergeSources returns the mappings a merge key's value names, reporting
// any other value.
func (s *errorSink) mergeSources(merge *yaml.Node, what string) []*yaml.Node {
	items := []*yaml.Node{merge}
	if merge.Kind == yaml.SequenceNode {
		items = merge.Content
	}
	var sources []*yaml.Node
	for _, item := range items {
		target := item
		if item.Kind == yaml.AliasNode && item.Alias != nil {
			target = item.Alias
		}
		if target.Kind != yaml.MappingNode {
			s.add(item.Line, item.Column, "invalid merge key << in %s: it takes a map, "+
				"an alias to one such as *defaults, or a list of them, got %s", what, kindName(target))
			continue
		}
		sources = append(sources, target)
	}
	return sources
}
