package engine

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// maxExpandedNodes bounds the size of a playbook once its YAML aliases are
// expanded. A few nested aliases can stand for billions of values (the
// "billion laughs" document), which would exhaust memory while loading.
const maxExpandedNodes = 100_000

// checkExpansion returns an error at the first alias when the document
// expands to more than maxExpandedNodes values.
func checkExpansion(file string, doc *yaml.Node) error {
	sizes := map[*yaml.Node]int{}
	var firstAlias *yaml.Node
	var size func(n *yaml.Node) int
	size = func(n *yaml.Node) int {
		if s, ok := sizes[n]; ok {
			return s
		}
		sizes[n] = maxExpandedNodes + 1 // a cycle counts as too large
		total := 1
		if n.Kind == yaml.AliasNode && n.Alias != nil {
			if firstAlias == nil {
				firstAlias = n
			}
			total += size(n.Alias)
		}
		for _, c := range n.Content {
			total += size(c)
			if total > maxExpandedNodes {
				break
			}
		}
		total = min(total, maxExpandedNodes+1)
		sizes[n] = total
		return total
	}
	if size(doc) <= maxExpandedNodes {
		return nil
	}
	pos := Position{file, doc.Line, doc.Column}
	if firstAlias != nil {
		pos.Line, pos.Column = firstAlias.Line, firstAlias.Column
	}
	return ErrorList{{Pos: pos, Message: fmt.Sprintf("the playbook expands to more than %d values "+
		"through YAML aliases: write the repeated parts out or use fewer nested aliases",
		maxExpandedNodes)}}
}
